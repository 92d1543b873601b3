import ts from 'typescript';

import { isGeneratedFile, pathSegmentsOf } from './generated-file.js';

const viewDeclarations = new WeakMap<ts.Node, boolean>();

/**
 * Tells whether a declaration is a generated role view: an interface or type alias whose name ends
 * in `View` (so `EmergencyView` too), declared in the generated `policy.ts` or in a generated
 * repository, which exports `<Model>View`. A role view holds only the fields that the spec lets
 * the role read, so it is an authorized projection of a record.
 */
export function isViewDeclaration(declaration: ts.Node): boolean {
  const cached = viewDeclarations.get(declaration);
  if (cached !== undefined) return cached;

  const view = checkViewDeclaration(declaration);
  viewDeclarations.set(declaration, view);
  return view;
}

function checkViewDeclaration(declaration: ts.Node): boolean {
  if (!ts.isInterfaceDeclaration(declaration) && !ts.isTypeAliasDeclaration(declaration)) {
    return false;
  }
  if (!declaration.name.text.endsWith('View')) return false;

  const sourceFile = declaration.getSourceFile();
  if (!isGeneratedFile(sourceFile)) return false;

  const [fileName, folder] = pathSegmentsOf(sourceFile);
  return fileName === 'policy.ts' || fileName === 'policy.d.ts' || folder === 'repositories';
}

/** Tells whether a type is a generated role view, by its interface or its type alias. */
export function isViewType(type: ts.Type): boolean {
  const symbols = [type.aliasSymbol, type.getSymbol()];
  return symbols.some((symbol) => symbol?.declarations?.some(isViewDeclaration) === true);
}

/**
 * Tells whether every declaration of a property is a member of a generated role view. The
 * properties of a view that the repositories merge or make optional through mapped types keep
 * these declarations, so they count as view fields too.
 */
export function isViewProperty(property: ts.Symbol): boolean {
  const declarations = property.declarations ?? [];
  if (declarations.length === 0) return false;

  return declarations.every((declaration) => {
    const owner = ts.isTypeLiteralNode(declaration.parent)
      ? declaration.parent.parent
      : declaration.parent;
    return isViewDeclaration(owner);
  });
}
