import {
  ASTUtils,
  AST_NODE_TYPES,
  TSESLint,
  type ParserServicesWithTypeInformation,
  type TSESTree,
} from '@typescript-eslint/utils';
import ts from 'typescript';

import { modulesOfDeclaration } from '../sinks/declaring-modules.js';
import { generatedModelOf } from './generated-model.js';
import type { PhiTypeInspector } from './phi-type-inspector.js';

/** A PHI field that an expression carries, and the part of the expression that carries it. */
export interface PhiFinding {
  /** The innermost expression whose type carries the PHI brand. */
  readonly node: TSESTree.Node;
  /** The name of the PHI field: a property of a record, or the variable that stores the value. */
  readonly field: string;
  /** The identifier kind of the field, such as `ssn`, or `sensitive`. */
  readonly kind: string;
  /** The generated function that encrypts the field's model, if a generated model declares it. */
  readonly encryptor: string | undefined;
}

// Steps into the parts of an expression and through const initializers. A string is rarely built
// more than a few steps away from the record it quotes, so twelve steps is a generous limit.
const maxSteps = 12;

// Methods that return their receiver's content in another form, so PHI survives the call.
const contentMethods = new Set([
  'at',
  'charAt',
  'concat',
  'join',
  'normalize',
  'padEnd',
  'padStart',
  'repeat',
  'replace',
  'replaceAll',
  'slice',
  'split',
  'substr',
  'substring',
  'toJSON',
  'toLocaleLowerCase',
  'toLocaleString',
  'toLocaleUpperCase',
  'toLowerCase',
  'toString',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'valueOf',
]);

// Expressions whose value is made of their parts: literals, templates and operators.
const compositeTypes = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.AssignmentExpression,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.SequenceExpression,
  AST_NODE_TYPES.TemplateLiteral,
]);

// Array methods whose result contains what their callback returns.
const mappingMethods = new Set(['flatMap', 'map']);

// Global functions that turn their arguments into a string or bytes with the same content.
const contentFunctions = new Set(['String', 'btoa', 'encodeURI', 'encodeURIComponent', 'escape']);

// node:util functions that format their arguments into a string.
const formatFunctions = new Set(['format', 'formatWithOptions', 'inspect']);

// Constructors whose instances send their arguments' content, as a fetch body or URL does.
const contentConstructors = new Set(['Blob', 'String', 'URL', 'URLSearchParams']);

/**
 * Finds PHI in the value of an expression within one file. It reads the checker's type first, which
 * follows destructuring, aliases, spreads, `await`, optional chaining and `.map` results. Where a
 * conversion drops the brand (a template literal, `+`, `JSON.stringify`, `String`, `.toString()`,
 * util.format or util.inspect), it looks into the parts, and it follows a const name to its
 * initializer.
 */
export class PhiFlow {
  readonly #services: ParserServicesWithTypeInformation;
  readonly #checker: ts.TypeChecker;
  readonly #inspector: PhiTypeInspector;
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;

  constructor(
    services: ParserServicesWithTypeInformation,
    inspector: PhiTypeInspector,
    sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.#services = services;
    this.#checker = services.program.getTypeChecker();
    this.#inspector = inspector;
    this.#sourceCode = sourceCode;
  }

  /** Returns the first PHI field that an expression's value carries, or undefined. */
  find(expression: TSESTree.Node): PhiFinding | undefined {
    return this.#find(expression, 0, new Set());
  }

  #find(node: TSESTree.Node, steps: number, seen: Set<TSESTree.Node>): PhiFinding | undefined {
    if (steps > maxSteps || seen.has(node)) return undefined;
    seen.add(node);

    // The value of a literal, a template or an operator is made of its parts, so a part names the
    // field better than the whole does.
    if (compositeTypes.has(node.type)) {
      return this.#findInParts(node, steps, seen) ?? this.#findInType(node);
    }
    return this.#findInType(node) ?? this.#findInParts(node, steps, seen);
  }

  #findInType(node: TSESTree.Node): PhiFinding | undefined {
    const found = this.#inspector.find(this.#services.getTypeAtLocation(node));
    if (found === undefined) return undefined;

    return {
      node,
      field: found.field ?? this.#nameOf(node),
      kind: found.kind,
      encryptor: found.encryptor ?? this.#encryptorOfField(node),
    };
  }

  #findInParts(
    node: TSESTree.Node,
    steps: number,
    seen: Set<TSESTree.Node>,
  ): PhiFinding | undefined {
    for (const part of this.#partsOf(node)) {
      const found = this.#find(part, steps + 1, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Returns the encryptor of the generated model whose field a property read reads. */
  #encryptorOfField(node: TSESTree.Node): string | undefined {
    const read = node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node;
    if (read.type !== AST_NODE_TYPES.MemberExpression) return undefined;

    const owner = this.#services.getSymbolAtLocation(read.property)?.declarations?.[0]?.parent;
    return owner === undefined ? undefined : generatedModelOf(owner, this.#checker)?.encryptor;
  }

  /** Returns the subexpressions whose content an expression's value contains. */
  #partsOf(node: TSESTree.Node): readonly TSESTree.Node[] {
    switch (node.type) {
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions;
      case AST_NODE_TYPES.TaggedTemplateExpression:
        return node.quasi.expressions;
      case AST_NODE_TYPES.BinaryExpression:
        return node.operator === '+' ? [node.left, node.right] : [];
      case AST_NODE_TYPES.LogicalExpression:
        return [node.left, node.right];
      case AST_NODE_TYPES.ConditionalExpression:
        return [node.consequent, node.alternate];
      case AST_NODE_TYPES.ObjectExpression:
        return node.properties.map((property) => {
          return property.type === AST_NODE_TYPES.Property ? property.value : property.argument;
        });
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.flatMap((element) => {
          if (element === null) return [];
          return element.type === AST_NODE_TYPES.SpreadElement ? [element.argument] : [element];
        });
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        // An assertion to a role view is how a response narrows a record on purpose.
        return this.#inspector.isExemptView(this.#services.getTypeAtLocation(node))
          ? []
          : [node.expression];
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        return [node.expression];
      case AST_NODE_TYPES.AwaitExpression:
        return [node.argument];
      case AST_NODE_TYPES.SequenceExpression:
        return node.expressions.slice(-1);
      case AST_NODE_TYPES.AssignmentExpression:
        return [node.right];
      case AST_NODE_TYPES.CallExpression:
        return this.#convertedBy(node);
      case AST_NODE_TYPES.NewExpression:
        return node.callee.type === AST_NODE_TYPES.Identifier &&
          contentConstructors.has(node.callee.name)
          ? node.arguments
          : [];
      case AST_NODE_TYPES.Identifier:
        return this.#initializerOf(node);
      default:
        return [];
    }
  }

  /** Returns the inputs of a call that converts values into a string with the same content. */
  #convertedBy(call: TSESTree.CallExpression): readonly TSESTree.Node[] {
    const { callee } = call;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (contentFunctions.has(callee.name)) return call.arguments;
      return formatFunctions.has(callee.name) && this.#isUtilFunction(call) ? call.arguments : [];
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return [];
    if (callee.property.type !== AST_NODE_TYPES.Identifier) return [];

    const method = callee.property.name;
    if (isNamed(callee.object, 'JSON') && method === 'stringify') return call.arguments.slice(0, 1);
    if (isNamed(callee.object, 'Buffer') && method === 'from') return call.arguments.slice(0, 1);
    if (formatFunctions.has(method) && this.#isUtilFunction(call)) return call.arguments;
    if (contentMethods.has(method)) return [callee.object, ...call.arguments];
    return [];
  }

  #isUtilFunction(call: TSESTree.CallExpression): boolean {
    const tsCall = this.#services.esTreeNodeToTSNodeMap.get(call);
    const declaration = this.#checker.getResolvedSignature(tsCall)?.declaration;
    if (declaration === undefined) return false;

    return modulesOfDeclaration(declaration).includes('util');
  }

  /**
   * Returns the initializer of a variable that is assigned once, where it is declared. A name
   * assigned again later keeps only the checker's type at the use site, which avoids reporting a
   * value that was replaced before the call. A name declared with an object type keeps that type.
   */
  #initializerOf(identifier: TSESTree.Identifier): readonly TSESTree.Node[] {
    const variable = ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
    if (variable === null || variable.defs.length !== 1) return [];

    const [definition] = variable.defs;
    if (definition?.type !== TSESLint.Scope.DefinitionType.Variable) return [];

    const { id, init } = definition.node;
    if (id.type !== AST_NODE_TYPES.Identifier || init === null) return [];
    if (id.typeAnnotation !== undefined && !this.#isPrimitive(identifier)) return [];

    const writes = variable.references.filter((reference) => reference.isWrite());
    return writes.length === 1 ? [init] : [];
  }

  // A declared object type, such as a role view, narrows the value on purpose. A declared string
  // type only names what a template literal or concatenation produced.
  #isPrimitive(identifier: TSESTree.Identifier): boolean {
    const type = this.#services.getTypeAtLocation(identifier);
    return (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)) !== 0;
  }

  /** Names the value of an expression for a message: the property or variable that stores it. */
  #nameOf(node: TSESTree.Node): string {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.#destructuredKeyOf(node) ?? node.name;
      case AST_NODE_TYPES.MemberExpression:
        if (node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
        if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return node.property.name;
        if (node.property.type === AST_NODE_TYPES.Literal) return String(node.property.value);
        return this.#nameOf(node.object);
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.#nameOf(node.expression);
      case AST_NODE_TYPES.AwaitExpression:
        return this.#nameOf(node.argument);
      case AST_NODE_TYPES.CallExpression:
        return this.#nameOfCall(node);
      default:
        return 'value';
    }
  }

  #nameOfCall(call: TSESTree.CallExpression): string {
    const { callee } = call;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return this.#nameOf(callee);
    if (callee.property.type !== AST_NODE_TYPES.Identifier) return this.#nameOf(callee);

    const method = callee.property.name;
    if (contentMethods.has(method)) return this.#nameOf(callee.object);

    const [callback] = call.arguments;
    if (
      mappingMethods.has(method) &&
      callback?.type === AST_NODE_TYPES.ArrowFunctionExpression &&
      callback.body.type !== AST_NODE_TYPES.BlockStatement
    ) {
      return this.#nameOf(callback.body);
    }
    return method;
  }

  /** Returns the property that a destructured name was read from: `ssn` in `{ ssn: value }`. */
  #destructuredKeyOf(identifier: TSESTree.Identifier): string | undefined {
    const variable = ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
    const name = variable?.defs[0]?.name;
    const property = name?.parent;
    if (property?.type !== AST_NODE_TYPES.Property) return undefined;
    if (property.parent.type !== AST_NODE_TYPES.ObjectPattern) return undefined;

    return property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
  }
}

function isNamed(node: TSESTree.Node, name: string): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === name;
}
