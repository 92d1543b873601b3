import type { ModelIR, SpecIR } from '../../ir/spec-ir.js';
import { deidModelRules } from '../deid/deid-rules.js';

/**
 * Lists the fields of a model whose Safe Harbor rule is `birth-year`, by the rules that the deid
 * modules are generated with. The de-identified record type has `ageOver89` beside such a field,
 * so a view that grants one has `ageOver89` too.
 */
export function birthYearFields(model: ModelIR, ir: SpecIR): ReadonlySet<string> {
  const mapping = ir.fhir?.mappings.find((candidate) => candidate.model === model.name);
  const rules = deidModelRules(model, mapping).fields;
  return new Set(rules.filter((rule) => rule.action === 'birth-year').map((rule) => rule.field));
}
