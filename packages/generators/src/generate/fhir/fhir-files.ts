import type { SpecIR } from '../../ir/spec-ir.js';
import { generatedBanner } from '../banner.js';
import { compareCodeUnits } from '../compare-code-units.js';
import type { GeneratedFile } from '../generated-file.js';
import { generateFhirFile } from './fhir-file.js';
import { fhirFolder, fhirNames } from './fhir-names.js';

/**
 * Generates the FHIR mappers of a spec under `fhir/`: one module per mapping of the `fhir`
 * section, and an index that re-exports them. A spec without the section gets none.
 */
export function generateFhirFiles(ir: SpecIR): GeneratedFile[] {
  const mappings = ir.fhir?.mappings ?? [];
  if (mappings.length === 0) {
    return [];
  }

  const modelsByName = new Map(ir.models.map((model) => [model.name, model]));
  const files: GeneratedFile[] = [];
  const specFiles: string[] = [];
  const specifiers: string[] = [];
  for (const mapping of mappings) {
    const model = modelsByName.get(mapping.model);
    if (model === undefined) {
      throw new Error(`FHIR mapping names unknown model ${mapping.model}`);
    }
    files.push(generateFhirFile(mapping, model));
    specFiles.push(mapping.source.file, model.source.file);
    specifiers.push(fhirNames(model).specifier);
  }

  specifiers.sort(compareCodeUnits);
  const lines = [
    ...generatedBanner(specFiles, '//'),
    '',
    ...specifiers.map((specifier) => `export * from '${specifier}';`),
  ];
  files.push({ path: `${fhirFolder}/index.ts`, contents: `${lines.join('\n')}\n` });
  return files;
}
