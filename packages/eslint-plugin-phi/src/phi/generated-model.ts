import ts from 'typescript';

import { isGeneratedFile, pathSegmentsOf } from './generated-file.js';

/** A model that hspec generated, with the function that encrypts its records. */
export interface GeneratedModel {
  /** The model's interface name, such as `Patient`. */
  readonly name: string;
  /** The exported function that encrypts a record into a row, such as `encryptPatient`. */
  readonly encryptor: string;
  /** The file that declares the model and its encryptor. */
  readonly fileName: string;
}

const models = new WeakMap<ts.Node, GeneratedModel | null>();

/**
 * Returns the generated model that a declaration is: an interface in a generated `models/`
 * file that also exports `encrypt<Name>`.
 */
export function generatedModelOf(
  declaration: ts.Node,
  checker: ts.TypeChecker,
): GeneratedModel | undefined {
  const cached = models.get(declaration);
  if (cached !== undefined) return cached ?? undefined;

  const model = findGeneratedModel(declaration, checker);
  models.set(declaration, model ?? null);
  return model;
}

function findGeneratedModel(
  declaration: ts.Node,
  checker: ts.TypeChecker,
): GeneratedModel | undefined {
  if (!ts.isInterfaceDeclaration(declaration)) return undefined;

  const sourceFile = declaration.getSourceFile();
  const [, folder] = pathSegmentsOf(sourceFile);
  if (folder !== 'models' || !isGeneratedFile(sourceFile)) return undefined;

  const name = declaration.name.text;
  const encryptor = `encrypt${name}`;
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (moduleSymbol === undefined) return undefined;

  const exported = checker.getExportsOfModule(moduleSymbol).some((symbol) => {
    return symbol.name === encryptor;
  });
  return exported ? { name, encryptor, fileName: sourceFile.fileName } : undefined;
}

/** Returns the generated model that a type is, when it is exactly a model's interface. */
export function generatedModelOfType(
  type: ts.Type,
  checker: ts.TypeChecker,
): GeneratedModel | undefined {
  const declarations = type.getSymbol()?.declarations ?? [];
  for (const declaration of declarations) {
    const model = generatedModelOf(declaration, checker);
    if (model !== undefined) return model;
  }
  return undefined;
}
