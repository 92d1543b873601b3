import ts from 'typescript';

import { generatedModelOf } from './generated-model.js';
import { brandOfProperty, kindOfBrand } from './phi-brand.js';
import { isTypeReference } from './type-reference.js';
import { isViewProperty, isViewType } from './view-type.js';

/** The first PHI field found inside a type. */
export interface PhiInType {
  /**
   * The name of the property whose type carries the brand, or undefined when the type itself is
   * branded, as `Phi<string, 'ssn'>` is.
   */
  readonly field: string | undefined;
  /** The identifier kind of the field: the `K` of `Phi<T, K>`, or `sensitive`. */
  readonly kind: string;
  /** The generated function that encrypts the model that declares the field, if one does. */
  readonly encryptor: string | undefined;
}

/** Settings of a PhiTypeInspector. */
export interface PhiTypeInspectorOptions {
  /** Treat generated role views and their fields as free of PHI, as the response rule does. */
  readonly exemptViews: boolean;
}

interface Visit {
  readonly found: PhiInType | undefined;
  /** False when a cycle or the depth limit cut the search short, so a miss is not final. */
  readonly complete: boolean;
}

// Each property, array element, union member or type argument is one level. Ten levels reach a
// field of a record in an array in a page in a promise, with room to spare.
const maxDepth = 10;

const noPhi: Visit = { found: undefined, complete: true };
const cutShort: Visit = { found: undefined, complete: false };

const libraryTypeFlags = ts.SymbolFlags.Class | ts.SymbolFlags.Interface;

const primitiveFlags =
  ts.TypeFlags.Any |
  ts.TypeFlags.Unknown |
  ts.TypeFlags.Never |
  ts.TypeFlags.Void |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Null |
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.NonPrimitive;

/**
 * Finds the PHI brand anywhere inside a type: the type itself, its properties, array and tuple
 * elements, union and intersection members, promises, maps and sets. Results are cached per type,
 * so that one inspector serves every file of a program.
 */
export class PhiTypeInspector {
  readonly #checker: ts.TypeChecker;
  readonly #program: ts.Program;
  readonly #exemptViews: boolean;
  readonly #cache = new WeakMap<ts.Type, PhiInType | null>();

  static readonly #byProgram = new WeakMap<ts.Program, Map<boolean, PhiTypeInspector>>();

  /** Returns the inspector of a program for these options, so that files share its cache. */
  static forProgram(program: ts.Program, options: PhiTypeInspectorOptions): PhiTypeInspector {
    const inspectors = PhiTypeInspector.#byProgram.get(program) ?? new Map();
    PhiTypeInspector.#byProgram.set(program, inspectors);

    const existing = inspectors.get(options.exemptViews);
    if (existing !== undefined) return existing;

    const inspector = new PhiTypeInspector(program, options);
    inspectors.set(options.exemptViews, inspector);
    return inspector;
  }

  constructor(program: ts.Program, options: PhiTypeInspectorOptions) {
    this.#program = program;
    this.#checker = program.getTypeChecker();
    this.#exemptViews = options.exemptViews;
  }

  /** Returns the first PHI field inside a type, or undefined when the type carries no brand. */
  find(type: ts.Type): PhiInType | undefined {
    return this.#visit(type, 0, new Set()).found;
  }

  /**
   * Tells whether a type is a generated role view, or an array or nullable of one, that this
   * inspector exempts.
   */
  isExemptView(type: ts.Type): boolean {
    if (!this.#exemptViews) return false;

    const members = type.isUnion() ? type.types : [type];
    const values = members.filter((member) => (member.flags & primitiveFlags) === 0);
    if (values.length === 0) return false;

    return values.every((member) => {
      if (this.#checker.isArrayType(member)) {
        const [element] = this.#checker.getTypeArguments(member as ts.TypeReference);
        return element !== undefined && isViewType(element);
      }
      return isViewType(member);
    });
  }

  #visit(type: ts.Type, depth: number, active: Set<ts.Type>): Visit {
    const cached = this.#cache.get(type);
    if (cached !== undefined) return { found: cached ?? undefined, complete: true };
    if (active.has(type) || depth > maxDepth) return cutShort;

    active.add(type);
    const visit = this.#inspect(type, depth, active);
    active.delete(type);

    if (visit.found !== undefined || visit.complete) this.#cache.set(type, visit.found ?? null);
    return visit;
  }

  #inspect(type: ts.Type, depth: number, active: Set<ts.Type>): Visit {
    // A view can be a union, or a conditional type that a generic role leaves unresolved.
    if (this.#exemptViews && isViewType(type)) return noPhi;
    if (type.isUnionOrIntersection()) return this.#inspectAll(type.types, depth, active);
    if (type.flags & ts.TypeFlags.TypeParameter) {
      return this.#inspectConstraint(type, depth, active);
    }
    if ((type.flags & ts.TypeFlags.Object) === 0) {
      return type.flags & primitiveFlags ? noPhi : this.#inspectConstraint(type, depth, active);
    }

    const brand = this.#brandOf(type);
    if (brand !== undefined) return { found: brand, complete: true };
    if (this.#checker.isArrayType(type) || this.#checker.isTupleType(type)) {
      return this.#inspectTypeArguments(type, depth, active);
    }
    if (this.#isFunction(type)) return noPhi;
    if (this.#isLibraryType(type)) {
      // A generic type of the standard library, such as Promise, Map, Set or an iterator, keeps
      // its data in its type arguments. One without them, such as Date, contains no record.
      return isTypeReference(type) ? this.#inspectTypeArguments(type, depth, active) : noPhi;
    }

    return this.#inspectProperties(type, depth, active);
  }

  #inspectAll(types: readonly ts.Type[], depth: number, active: Set<ts.Type>): Visit {
    let complete = true;
    for (const member of types) {
      const visit = this.#visit(member, depth + 1, active);
      if (visit.found !== undefined) return visit;
      complete &&= visit.complete;
    }
    return complete ? noPhi : cutShort;
  }

  #inspectConstraint(type: ts.Type, depth: number, active: Set<ts.Type>): Visit {
    const constraint = this.#checker.getBaseConstraintOfType(type);
    if (constraint === undefined || constraint === type) return noPhi;

    return this.#visit(constraint, depth + 1, active);
  }

  #inspectTypeArguments(type: ts.Type, depth: number, active: Set<ts.Type>): Visit {
    const typeArguments = this.#checker.getTypeArguments(type as ts.TypeReference);
    return this.#inspectAll(typeArguments, depth, active);
  }

  #inspectProperties(type: ts.Type, depth: number, active: Set<ts.Type>): Visit {
    let complete = true;
    for (const property of this.#checker.getPropertiesOfType(type)) {
      if (!this.#carriesData(property)) continue;

      const visit = this.#visit(this.#checker.getTypeOfSymbol(property), depth + 1, active);
      if (visit.found !== undefined) return { found: this.#named(visit.found, property), complete };
      complete &&= visit.complete;
    }
    for (const indexInfo of this.#checker.getIndexInfosOfType(type)) {
      const visit = this.#visit(indexInfo.type, depth + 1, active);
      if (visit.found !== undefined) return visit;
      complete &&= visit.complete;
    }
    return complete ? noPhi : cutShort;
  }

  /** Names a PHI field found in a property's type after the property, unless it has a name. */
  #named(found: PhiInType, property: ts.Symbol): PhiInType {
    if (found.field !== undefined) return found;

    const owner = property.declarations?.[0]?.parent;
    const model = owner === undefined ? undefined : generatedModelOf(owner, this.#checker);
    return { field: property.name, kind: found.kind, encryptor: model?.encryptor };
  }

  #brandOf(type: ts.Type): PhiInType | undefined {
    for (const property of type.getProperties()) {
      const brand = brandOfProperty(property);
      if (brand !== undefined) {
        const kind = kindOfBrand(property, brand, this.#checker);
        return { field: undefined, kind, encryptor: undefined };
      }
    }
    return undefined;
  }

  /** Tells whether a property contains data that a write or a log would carry along. */
  #carriesData(property: ts.Symbol): boolean {
    if (property.flags & ts.SymbolFlags.Method) return false;
    // Symbol-keyed properties such as Symbol.iterator are protocol hooks, not record fields.
    if (property.name.startsWith('__@')) return false;

    return !(this.#exemptViews && isViewProperty(property));
  }

  /**
   * Tells whether TypeScript's standard library declares a type's class or interface, as it does
   * Date and Map. Mapped types such as Partial and Record count as their properties instead.
   */
  #isLibraryType(type: ts.Type): boolean {
    const symbol = type.getSymbol();
    if (symbol === undefined || (symbol.flags & libraryTypeFlags) === 0) return false;

    const declarations = symbol.declarations ?? [];
    if (declarations.length === 0) return false;

    return declarations.every((declaration) => {
      return this.#program.isSourceFileDefaultLibrary(declaration.getSourceFile());
    });
  }

  #isFunction(type: ts.Type): boolean {
    return type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0;
  }
}
