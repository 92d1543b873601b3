import {
  ASTUtils,
  AST_NODE_TYPES,
  type ParserServicesWithTypeInformation,
  type TSESLint,
  type TSESTree,
} from '@typescript-eslint/utils';
import ts from 'typescript';

import {
  isOneOfModulePaths,
  isOneOfModules,
  modulesOfDeclaration,
  withoutNodeScheme,
} from './declaring-modules.js';
import { isTypeReference } from '../phi/type-reference.js';
import { describeSink, type Sink } from './sink.js';

/** A call or tagged template that sends values out of the process. */
export type SinkCall = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

/** A sink call with the sink it matched. */
export interface MatchedSink {
  readonly sink: Sink;
  /** The destination and callee for messages, such as `the database through pg query`. */
  readonly description: string;
  /** The expressions whose values the call sends. */
  readonly values: readonly TSESTree.Node[];
}

/** The declarations behind a callee, gathered once per call and only for calls that need them. */
interface Callee {
  readonly declarations: readonly ts.Node[];
  readonly receiverTypes: readonly ts.Type[];
}

// Base classes and interfaces searched above a receiver's own type, such as http.ServerResponse
// above a team's subclass.
const maxBaseDepth = 4;

/**
 * Recognizes the sink calls of a catalog in one file. It checks the callee's name first, which is
 * cheap, and looks up the callee's declaration with the type checker only when a name matches.
 */
export class SinkMatcher {
  readonly #services: ParserServicesWithTypeInformation;
  readonly #checker: ts.TypeChecker;
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #byName = new Map<string, Sink[]>();
  readonly #callables: readonly Sink[];
  #importedModules: Set<string> | undefined;
  #renamedImports: Map<string, string> | undefined;

  constructor(
    sinks: readonly Sink[],
    services: ParserServicesWithTypeInformation,
    sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.#services = services;
    this.#checker = services.program.getTypeChecker();
    this.#sourceCode = sourceCode;
    this.#callables = sinks.filter((sink) => sink.match === 'callable');

    for (const sink of sinks) {
      for (const method of sink.methods) {
        const named = this.#byName.get(method) ?? [];
        named.push(sink);
        this.#byName.set(method, named);
      }
    }
  }

  /** Returns the sink that a call sends its values to, or undefined when it is no sink. */
  match(call: SinkCall): MatchedSink | undefined {
    const callee = call.type === AST_NODE_TYPES.CallExpression ? call.callee : call.tag;
    const name = this.#nameOf(callee);
    const named = name === undefined ? [] : (this.#byName.get(name) ?? []);
    let resolved: Callee | undefined;
    const resolve = (): Callee => (resolved ??= this.#resolve(call, callee));

    for (const sink of named) {
      if (name !== undefined && this.#matches(sink, callee, resolve)) {
        return this.#matched(sink, name, call);
      }
    }
    for (const sink of this.#callables) {
      if (this.#imports(sink.modules) && this.#isCallableOf(sink, callee)) {
        return this.#matched(sink, name ?? sink.library, call);
      }
    }
    return undefined;
  }

  /**
   * Tells whether a callable sink declares the callee's call signatures, as the debug package does
   * for its loggers. Every call in a file that imports the sink's module comes here, so this reads
   * the callee's type, which costs less than resolving the call.
   */
  #isCallableOf(sink: Sink, callee: TSESTree.Node): boolean {
    const signatures = this.#services.getTypeAtLocation(callee).getCallSignatures();
    const declarations = signatures.flatMap((signature) => signature.getDeclaration() ?? []);
    return this.#isDeclaredIn(sink, declarations);
  }

  #matched(sink: Sink, method: string, call: SinkCall): MatchedSink {
    const values =
      call.type === AST_NODE_TYPES.CallExpression
        ? call.arguments.map((argument) => {
            return argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
          })
        : call.quasi.expressions;
    return { sink, description: describeSink(sink, method), values };
  }

  #matches(sink: Sink, callee: TSESTree.Node, resolve: () => Callee): boolean {
    switch (sink.match ?? 'declared') {
      case 'global':
        return this.#isGlobalCallee(sink.global ?? '', callee);
      case 'callable':
        return false;
      case 'declared':
        return (
          this.#isDeclaredIn(sink, resolve().declarations) || this.#hasReceiver(sink, resolve())
        );
    }
  }

  /**
   * Returns the name that sinks list for a callee: a method's name, a function's name, or for a
   * renamed named import the name that the module exports.
   */
  #nameOf(callee: TSESTree.Node): string | undefined {
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      if (!callee.computed) {
        const { property } = callee;
        return property.type === AST_NODE_TYPES.Identifier ? property.name : undefined;
      }
      return callee.property.type === AST_NODE_TYPES.Literal &&
        typeof callee.property.value === 'string'
        ? callee.property.value
        : undefined;
    }
    if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;

    this.#renamedImports ??= renamedImportsOf(this.#sourceCode.ast);
    return this.#renamedImports.get(callee.name) ?? callee.name;
  }

  /** Tells whether a callee is `global.method` or a global function that no local name hides. */
  #isGlobalCallee(global: string, callee: TSESTree.Node): boolean {
    if (global === '') return callee.type === AST_NODE_TYPES.Identifier && this.#isGlobal(callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;

    const path = global.split('.');
    let object: TSESTree.Node = callee.object;
    for (let index = path.length - 1; index > 0; index -= 1) {
      if (
        object.type !== AST_NODE_TYPES.MemberExpression ||
        object.computed ||
        object.property.type !== AST_NODE_TYPES.Identifier ||
        object.property.name !== path[index]
      ) {
        return false;
      }
      object = object.object;
    }
    return (
      object.type === AST_NODE_TYPES.Identifier && object.name === path[0] && this.#isGlobal(object)
    );
  }

  #isGlobal(identifier: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
    return variable === null || variable.defs.length === 0;
  }

  #isDeclaredIn(sink: Sink, declarations: readonly ts.Node[]): boolean {
    return declarations.some((declaration) => {
      if (!this.#isInModules(sink, declaration)) return false;

      return sink.object === undefined || containerNameOf(declaration) === sink.object;
    });
  }

  /** Tells whether the receiver or a type it extends is the sink's object in one of its modules. */
  #hasReceiver(sink: Sink, callee: Callee): boolean {
    if (sink.object === undefined) return false;

    return callee.receiverTypes.some((type) => {
      const symbol = type.getSymbol();
      if (symbol === undefined || symbol.name !== sink.object) return false;

      const declarations = symbol.declarations ?? [];
      return declarations.some((declaration) => this.#isInModules(sink, declaration));
    });
  }

  #isInModules(sink: Sink, declaration: ts.Node): boolean {
    const modules = modulesOfDeclaration(declaration);
    if (modules.some((name) => isOneOfModules(name, sink.modules))) return true;

    const fileName = declaration.getSourceFile().fileName;
    return sink.matchPath === true && isOneOfModulePaths(fileName, sink.modules);
  }

  #resolve(call: SinkCall, callee: TSESTree.Node): Callee {
    const declarations: ts.Node[] = [];
    const tsCall = this.#services.esTreeNodeToTSNodeMap.get(call);
    const signature = this.#checker.getResolvedSignature(tsCall);
    if (signature?.declaration !== undefined) declarations.push(signature.declaration);

    const nameNode =
      callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee;
    let symbol = this.#services.getSymbolAtLocation(nameNode);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) {
      symbol = this.#checker.getAliasedSymbol(symbol);
    }
    declarations.push(...(symbol?.declarations ?? []));

    const receiverTypes =
      callee.type === AST_NODE_TYPES.MemberExpression
        ? this.#withBaseTypes(this.#services.getTypeAtLocation(callee.object))
        : [];
    return { declarations, receiverTypes };
  }

  /** Returns a type, its union or intersection members, and the types that they extend. */
  #withBaseTypes(type: ts.Type): ts.Type[] {
    const found: ts.Type[] = [];
    const pending: { type: ts.Type; depth: number }[] = [{ type, depth: 0 }];

    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (found.includes(next.type)) continue;
      found.push(next.type);

      const members = next.type.isUnionOrIntersection() ? next.type.types : [];
      for (const member of members) pending.push({ type: member, depth: next.depth });
      if (next.depth >= maxBaseDepth) continue;

      const target = isTypeReference(next.type) ? next.type.target : next.type;
      if (target.isClassOrInterface()) {
        for (const base of this.#checker.getBaseTypes(target)) {
          pending.push({ type: base, depth: next.depth + 1 });
        }
      }
    }
    return found;
  }

  /** Tells whether this file imports one of `modules`, which callable sinks need to apply. */
  #imports(modules: readonly string[]): boolean {
    this.#importedModules ??= importedModulesOf(this.#sourceCode.ast);
    const imported = this.#importedModules;
    return modules.some((name) => imported.has(withoutNodeScheme(name)));
  }
}

/** Maps each name that a named import renames to the name that its module exports. */
function renamedImportsOf(program: TSESTree.Program): Map<string, string> {
  const renamed = new Map<string, string>();
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;

    for (const specifier of statement.specifiers) {
      if (
        specifier.type === AST_NODE_TYPES.ImportSpecifier &&
        specifier.imported.type === AST_NODE_TYPES.Identifier &&
        specifier.imported.name !== specifier.local.name
      ) {
        renamed.set(specifier.local.name, specifier.imported.name);
      }
    }
  }
  return renamed;
}

function importedModulesOf(program: TSESTree.Program): Set<string> {
  const modules = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      modules.add(withoutNodeScheme(statement.source.value));
    }
    if (
      statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration &&
      statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference
    ) {
      modules.add(withoutNodeScheme(statement.moduleReference.expression.value));
    }
  }
  return modules;
}

/** Returns the name of the class or interface that declares a member, if one does. */
function containerNameOf(declaration: ts.Node): string | undefined {
  for (let node = declaration.parent; node !== undefined; node = node.parent) {
    if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) {
      return node.name?.text;
    }
    if (ts.isTypeAliasDeclaration(node)) return node.name.text;
    if (ts.isSourceFile(node) || ts.isModuleBlock(node)) return undefined;
  }
  return undefined;
}
