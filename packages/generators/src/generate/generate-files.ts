import type { ModelIR, SpecIR } from '../ir/spec-ir.js';
import { generatedBanner } from './banner.js';
import { checkInputSource } from './check-input-source.js';
import { compareCodeUnits } from './compare-code-units.js';
import type { GeneratedFile } from './generated-file.js';
import { generateDeidFiles } from './deid/deid-files.js';
import { generateExportFiles } from './fhir/export-files.js';
import { generateFhirFiles } from './fhir/fhir-files.js';
import { generateIndexFile } from './index-file.js';
import { primaryKeyField } from './model-context.js';
import { generateModelFile } from './model-file.js';
import { modelNames } from './model-names.js';
import { modelTableSource } from './model-table-source.js';
import { generatePolicyFile } from './policy/policy-file.js';
import { generateRepositoryFiles } from './repository/repository-files.js';
import { generateSchemaSql } from './schema-sql.js';
import { generateSecurityFiles } from './security/security-file.js';
import { storedValuesSource } from './stored-values-source.js';

export type { GeneratedFile } from './generated-file.js';

/**
 * Generates the model code and the SQL schema of a spec: one module per model under `models/`,
 * the support modules they import, `index.ts` and `schema.sql`. The result is sorted by path
 * and depends only on the IR, so the same spec gives byte-identical files on every machine.
 */
export function generateFiles(ir: SpecIR): GeneratedFile[] {
  checkGeneratable(ir.models);

  const modelsByName = new Map(ir.models.map((model) => [model.name, model]));
  const specFiles = ir.models.map((model) => model.source.file);
  const supportModule = (path: string, source: string): GeneratedFile => ({
    path,
    contents: `${generatedBanner(specFiles, '//').join('\n')}\n\n${source}`,
  });

  const files: GeneratedFile[] = [
    ...ir.models.map((model) => generateModelFile(model, ir, modelsByName)),
    supportModule('check-input.ts', checkInputSource),
    supportModule('model-table.ts', modelTableSource),
    supportModule('stored-values.ts', storedValuesSource),
    { path: 'index.ts', contents: generateIndexFile(ir) },
    generatePolicyFile(ir),
    ...generateRepositoryFiles(ir),
    { path: 'schema.sql', contents: generateSchemaSql(ir) },
    ...generateSecurityFiles(ir),
    ...generateFhirFiles(ir),
    ...generateExportFiles(ir),
    ...generateDeidFiles(ir),
  ];
  return files.sort((left, right) => compareCodeUnits(left.path, right.path));
}

/**
 * Rejects what validation lets through but the generated code cannot express. Two models may
 * not share a module or an exported name, because `index.ts` re-exports them all. A primary key
 * may not be encrypted, because every envelope of the row needs it in plaintext to decrypt. A
 * foreign key may not be encrypted, because its envelope never equals the key it points to. A
 * pattern must compile with the `u` flag that the generated check uses.
 */
function checkGeneratable(models: readonly ModelIR[]): void {
  const problems: string[] = [];
  const files = new Map<string, string>();
  const exported = new Map<string, string>();

  for (const model of models) {
    const names = modelNames(model);
    // Compared in lower case, because macOS and Windows file systems ignore case.
    const file = names.file.toLowerCase();
    const sameFile = files.get(file);
    if (sameFile !== undefined) {
      problems.push(`models ${sameFile} and ${model.name} would both be written to ${names.file}`);
    }
    files.set(file, model.name);

    for (const name of [names.record, names.input, names.row, names.table]) {
      const owner = exported.get(name);
      if (owner !== undefined) {
        problems.push(`models ${owner} and ${model.name} would both export ${name}`);
      }
      exported.set(name, model.name);
    }

    if (primaryKeyField(model).encrypted) {
      problems.push(`primary key ${model.name}.${model.primaryKey} cannot be PHI or sensitive`);
    }
    for (const field of model.fields) {
      if (field.references !== undefined && field.encrypted) {
        problems.push(`foreign key ${model.name}.${field.name} cannot be PHI or sensitive`);
      }
      if (field.pattern !== undefined && !compilesWithUnicodeFlag(field.pattern)) {
        problems.push(
          `pattern of ${model.name}.${field.name} is not valid with the u flag that the ` +
            'generated check uses (outside [ ], escape only syntax characters: \\. is valid, ' +
            '\\- is not)',
        );
      }
    }
  }

  if (problems.length > 0) {
    throw new Error(`cannot generate model code: ${problems.join('; ')}`);
  }
}

function compilesWithUnicodeFlag(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
