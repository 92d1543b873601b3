import type { FhirDeidOverride } from '@hspec/runtime';

import type { SpecIR } from '../../ir/spec-ir.js';
import { mappedField } from '../fhir/mapped-field.js';
import { runtimeSteps } from '../fhir/runtime-steps.js';
import { deidModelRules } from './deid-rules.js';

/**
 * Lists the Safe Harbor rule of each FHIR element that a mapped field reads and writes, in
 * mapping and field order. The generated `fhirDeidOverrides` and `hspec deid` both use this
 * list, so a spec's rules are the same for records and for FHIR data.
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
      overrides.push({
        resource: mapping.resource,
        steps: runtimeSteps(mapping.resource, fieldMapping, field),
        rule,
      });
    }
  }
  return overrides;
}
