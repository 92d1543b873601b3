import type { FhirDeidOverride } from '@hspec/runtime';

import type { SpecIR } from '../../ir/spec-ir.js';
import { mappedField } from '../fhir/mapped-field.js';
import { runtimeSteps } from '../fhir/runtime-steps.js';
import { deidModelRules } from './deid-rules.js';

/**
 * Lists the Safe Harbor rule of each FHIR element that a mapped field reads and writes, in
 * mapping and field order. The generated `fhirDeidOverrides` and `hspec deid` both use this
 * list, so a spec's rules are the same for records and for FHIR data.
 *
 * A mapping path may select by `where()`, such as the coding of one code system. The same
 * identifier can sit in a sibling that the condition skips (a device serial under another
 * system), where the default rules may keep it, as they keep codes. So a PHI field whose path
 * has a `where()` first gets a removal of the path without its conditions, and then its own
 * rule, which writes the year, ZIP3 or nothing back where the mapping reads.
 */
export function fhirDeidOverrides(ir: SpecIR): FhirDeidOverride[] {
  const modelsByName = new Map(ir.models.map((model) => [model.name, model]));
  const overrides: FhirDeidOverride[] = [];
  for (const mapping of ir.fhir?.mappings ?? []) {
    const model = modelsByName.get(mapping.model);
    if (model === undefined) throw new Error(`FHIR mapping names unknown model ${mapping.model}`);
    const rules = deidModelRules(model, mapping);
    for (const fieldMapping of mapping.fields) {
      const field = mappedField(model, fieldMapping.field);
      const rule = rules.fields.find((candidate) => candidate.field === field.name);
      if (rule === undefined) throw new Error(`no rule for field ${model.name}.${field.name}`);
      const steps = runtimeSteps(mapping.resource, fieldMapping, field);
      const isPhi = rule.action !== 'keep' && rule.action !== 'pseudonym';
      if (isPhi && steps.some((step) => step.kind === 'where')) {
        const unconditional = steps.filter((step) => step.kind !== 'where');
        const removal = { ...rule, action: 'remove' as const };
        overrides.push({ resource: mapping.resource, steps: unconditional, rule: removal });
      }
      overrides.push({ resource: mapping.resource, steps, rule });
    }
  }
  return overrides;
}
