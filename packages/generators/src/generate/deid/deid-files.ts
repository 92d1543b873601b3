import type { SpecIR } from '../../ir/spec-ir.js';
import type { GeneratedFile } from '../generated-file.js';

export function generateDeidFiles(_ir: SpecIR): GeneratedFile[] {
  return [];
}
