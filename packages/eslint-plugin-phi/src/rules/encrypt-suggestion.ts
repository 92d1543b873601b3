import { dirname, relative } from 'node:path';

import {
  ASTUtils,
  AST_NODE_TYPES,
  TSESLint,
  type ParserServicesWithTypeInformation,
  type TSESTree,
} from '@typescript-eslint/utils';

import { normalizePath } from '../phi/generated-file.js';
import { generatedModelOfType, type GeneratedModel } from '../phi/generated-model.js';

/** The messageId of the suggestion that encrypts a whole record. */
export const encryptSuggestionId = 'encryptRecord';

/** The message of the suggestion that encrypts a whole record. */
export const encryptSuggestionMessage =
  'encrypt the record with {{encryptor}} and {{cipher}} first';

/** The rule context and parser services that the suggestion reads. */
export interface SuggestionContext {
  readonly context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
  readonly services: ParserServicesWithTypeInformation;
}

/**
 * Builds the suggestion that wraps a sink call's argument in the generated `encrypt<Model>`
 * function, importing it if needed. It applies only when the argument is a whole record of a
 * generated model and a cipher is in scope: a variable named `cipher` or one of type FieldCipher.
 */
export function encryptSuggestion(
  { context, services }: SuggestionContext,
  value: TSESTree.Node,
  call: TSESTree.Node,
): TSESLint.SuggestionReportDescriptor<typeof encryptSuggestionId>[] {
  // A spread argument or a part of an argument has no place of its own to wrap.
  if (value.parent !== call) return [];

  const checker = services.program.getTypeChecker();
  const model = generatedModelOfType(services.getTypeAtLocation(value), checker);
  if (model === undefined) return [];

  const scope = context.sourceCode.getScope(call);
  const cipher = cipherInScope(scope, services);
  if (cipher === undefined) return [];

  // The program's file name is absolute, unlike context.filename under some runners.
  const fileName = services.esTreeNodeToTSNodeMap.get(context.sourceCode.ast).fileName;
  const importText = importNeeded(scope, model, fileName);
  if (importText === null) return [];

  const wrapped = `${model.encryptor}(${context.sourceCode.getText(value)}, ${cipher})`;
  return [
    {
      messageId: encryptSuggestionId,
      data: { encryptor: model.encryptor, cipher },
      fix: (fixer) => {
        const fixes = [fixer.replaceText(value, wrapped)];
        if (importText !== undefined) {
          fixes.push(insertImport(fixer, context.sourceCode.ast, importText));
        }
        return fixes;
      },
    },
  ];
}

// Definitions of names that hold a value at runtime, unlike a class or an imported type.
const valueDefinitions = new Set<TSESLint.Scope.Definition['type']>([
  TSESLint.Scope.DefinitionType.Parameter,
  TSESLint.Scope.DefinitionType.Variable,
]);

/** Returns the name of a cipher in scope: `cipher`, or else a variable of type FieldCipher. */
function cipherInScope(
  scope: TSESLint.Scope.Scope,
  services: ParserServicesWithTypeInformation,
): string | undefined {
  const named = ASTUtils.findVariable(scope, 'cipher');
  if (named !== null && named.defs.length > 0) return named.name;

  let current: TSESLint.Scope.Scope | null = scope;
  for (; current !== null; current = current.upper) {
    for (const variable of current.variables) {
      const definition = variable.defs[0];
      if (definition === undefined || !valueDefinitions.has(definition.type)) continue;

      const type = services.getTypeAtLocation(definition.name);
      if (type.getSymbol()?.name === 'FieldCipher') return variable.name;
    }
  }
  return undefined;
}

/**
 * Returns the import statement that brings the model's encryptor into scope, undefined when it
 * is in scope already, or null when no relative path reaches the model.
 */
function importNeeded(
  scope: TSESLint.Scope.Scope,
  model: GeneratedModel,
  fileName: string,
): string | undefined | null {
  if (ASTUtils.findVariable(scope, model.encryptor) !== null) return undefined;

  const modelFile = normalizePath(model.fileName);
  if (modelFile.includes('/node_modules/')) return null;

  let specifier = normalizePath(relative(dirname(fileName), modelFile)).replace(
    /(\.d)?\.([cm]?)tsx?$/,
    '.$2js',
  );
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return `import { ${model.encryptor} } from '${specifier}';`;
}

function insertImport(
  fixer: TSESLint.RuleFixer,
  program: TSESTree.Program,
  importText: string,
): TSESLint.RuleFix {
  const imports = program.body.filter((statement) => {
    return statement.type === AST_NODE_TYPES.ImportDeclaration;
  });
  const lastImport = imports.at(-1);
  if (lastImport !== undefined) return fixer.insertTextAfter(lastImport, `\n${importText}`);

  return fixer.insertTextBeforeRange([0, 0], `${importText}\n`);
}
