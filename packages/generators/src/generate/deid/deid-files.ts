import type { SpecIR } from '../../ir/spec-ir.js';
import type { GeneratedFile } from '../generated-file.js';
import { generateDeidFile } from './deid-file.js';
import { generateDeidIndexFile } from './deid-index-file.js';
import { deidModelRules } from './deid-rules.js';

/**
 * Generates the Safe Harbor de-identification modules of a spec under `deid/`. Each model gets a
 * module with its rules, its de-identified type and its function. The index adds the restricted
 * ZIP3 prefixes, a SafeHarbor factory and the rules of the FHIR elements that the mappings
 * write. A spec without models gets none.
 */
export function generateDeidFiles(ir: SpecIR): GeneratedFile[] {
  if (ir.models.length === 0) {
    return [];
  }

  const mappings = new Map((ir.fhir?.mappings ?? []).map((mapping) => [mapping.model, mapping]));
  const files: GeneratedFile[] = [];
  const allFiles: string[] = [];
  for (const model of ir.models) {
    const mapping = mappings.get(model.name);
    const rules = deidModelRules(model, mapping);
    // The rules read the FHIR mapping, when there is one, to find birth dates and ZIP codes.
    const specFiles =
      mapping === undefined ? [model.source.file] : [model.source.file, mapping.source.file];
    files.push(generateDeidFile(model, rules, specFiles));
    allFiles.push(...specFiles);
  }

  if (ir.deidentification.source !== undefined) allFiles.push(ir.deidentification.source.file);
  files.push(generateDeidIndexFile(ir, allFiles));
  return files;
}
