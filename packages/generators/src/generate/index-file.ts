import type { SpecIR } from '../ir/spec-ir.js';
import { generatedBanner } from './banner.js';
import { compareCodeUnits } from './compare-code-units.js';
import { modelNames } from './model-names.js';

/** Generates `index.ts`, which re-exports every model module, sorted by path. */
export function generateIndexFile(ir: SpecIR): string {
  const specifiers = ir.models.map((model) => modelNames(model).specifier).sort(compareCodeUnits);
  const banner = generatedBanner(ir.models.map((model) => model.source.file), '//');
  const exports = specifiers.map((specifier) => `export * from '${specifier}';`);
  const body = exports.length === 0 ? ['export {};'] : exports;
  return `${[...banner, '', ...body].join('\n')}\n`;
}
