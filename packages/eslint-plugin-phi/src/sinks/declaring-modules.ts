import ts from 'typescript';

import { normalizePath } from '../phi/generated-file.js';

const nodeModulesFolder = '/node_modules/';

/** Removes the `node:` scheme, so that `node:fs` and `fs` name the same module. */
export function withoutNodeScheme(moduleName: string): string {
  return moduleName.startsWith('node:') ? moduleName.slice('node:'.length) : moduleName;
}

/**
 * Returns the names of the modules that declare a node: the string name of each enclosing
 * `declare module 'x'` block, and the package whose folder under node_modules holds the file.
 * A package under `@types` counts as the package it types, so `@types/pg` declares `pg`.
 */
export function modulesOfDeclaration(declaration: ts.Node): string[] {
  const names: string[] = [];

  for (let node = declaration.parent; node !== undefined; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      names.push(withoutNodeScheme(node.name.text));
    }
  }
  const packageName = packageNameOf(declaration.getSourceFile().fileName);
  if (packageName !== undefined) names.push(packageName);
  return names;
}

/** Returns the package of a file under node_modules, such as `pg` or `@prisma/client`. */
export function packageNameOf(fileName: string): string | undefined {
  const path = normalizePath(fileName);
  const start = path.lastIndexOf(nodeModulesFolder);
  if (start < 0) return undefined;

  const [first, second] = path.slice(start + nodeModulesFolder.length).split('/');
  if (first === undefined || second === undefined) return undefined;
  if (first === '@types') {
    // DefinitelyTyped spells a scoped package `@scope/name` as `scope__name`.
    return second.includes('__') ? `@${second.replace('__', '/')}` : second;
  }
  // Prisma generates its client into node_modules/.prisma/client.
  if (first.startsWith('@') || first === '.prisma') return `${first}/${second}`;
  return first;
}

/**
 * Tells whether a declaring module is one of `modules`, or a subpath of one: `mysql2/promise`
 * belongs to `mysql2`.
 */
export function isOneOfModules(moduleName: string, modules: readonly string[]): boolean {
  return modules.some((candidate) => {
    const name = withoutNodeScheme(candidate);
    return moduleName === name || moduleName.startsWith(`${name}/`);
  });
}

/**
 * Tells whether a file is one of `modules` given as a path without extension, such as
 * `src/db/raw-sql`, for a team's own modules.
 */
export function isOneOfModulePaths(fileName: string, modules: readonly string[]): boolean {
  const path = normalizePath(fileName).replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
  return modules.some((candidate) => {
    const suffix = normalizePath(candidate).replace(/^\.\//, '').replace(/\.[cm]?[jt]sx?$/, '');
    return path === suffix || path.endsWith(`/${suffix}`);
  });
}
