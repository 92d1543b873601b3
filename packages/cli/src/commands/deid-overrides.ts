import type { FieldIR, FieldMappingIR, ModelIR, PathStep, SpecIR } from '@hspec/generators';
import {
  elementOf,
  type DeidFieldRule,
  type FhirDeidOverride,
  type FhirPathStep,
} from '@hspec/runtime';

// Field names that mark a birth date when the field is not mapped to Patient.birthDate.
const birthDateNames = new Set(['birthDate', 'dateOfBirth', 'dob']);
// Field names that mark a ZIP code when the field is not mapped to Address.postalCode.
const zipNames = new Set(['zip', 'zipCode', 'postalCode', 'postcode']);

/**
 * Builds the FHIR overrides of `hspec deid` from the spec: each mapped field's element follows
 * the field's de-identification rule instead of the default rules for its FHIR type.
 *
 * The rules are those that generated code applies to records, as docs/deidentification.md
 * lists them:
 * - a primary key or reference: pseudonym;
 * - a PHI date: year, or birth-year for the subject's birth date;
 * - a PHI geographic field: ZIP3 when it holds a ZIP code, else removed;
 * - other PHI, free text and json fields: removed;
 * - sensitive and plain fields: kept.
 */
export function deidOverridesOf(ir: SpecIR): FhirDeidOverride[] {
  const overrides: FhirDeidOverride[] = [];
  for (const mapping of ir.fhir?.mappings ?? []) {
    const model = ir.models.find((candidate) => candidate.name === mapping.model);
    if (model === undefined) continue;

    for (const fieldMapping of mapping.fields) {
      const field = model.fields.find((candidate) => candidate.name === fieldMapping.field);
      if (field === undefined) continue;
      overrides.push({
        resource: mapping.resource,
        steps: stepsWithRepeats(mapping.resource, fieldMapping.steps),
        rule: ruleOf(model, field, fieldMapping, mapping.resource),
      });
    }
  }
  return overrides;
}

function ruleOf(
  model: ModelIR,
  field: FieldIR,
  fieldMapping: FieldMappingIR,
  resource: string,
): DeidFieldRule {
  const rule = (action: DeidFieldRule['action'], kind = field.phi): DeidFieldRule => ({
    field: field.name,
    action,
    kind,
    model: action === 'pseudonym' ? (field.references ?? model.name) : undefined,
  });

  if (field.references !== undefined || field.primaryKey) return rule('pseudonym', undefined);
  if (field.phi === undefined) return rule(field.type === 'json' ? 'remove' : 'keep');

  const lastMember = [...fieldMapping.steps].reverse().find((step) => step.kind === 'member');
  const elementName = lastMember?.kind === 'member' ? lastMember.name : '';
  if (field.phi === 'date') {
    const birthDate =
      model.subject &&
      ((resource === 'Patient' && fieldMapping.path === 'birthDate') || birthDateNames.has(field.name));
    return rule(birthDate ? 'birth-year' : 'year');
  }
  if (field.phi === 'geographic') {
    return rule(elementName === 'postalCode' || zipNames.has(field.name) ? 'zip3' : 'remove');
  }
  return rule('remove');
}

/** Adds `repeats` to each member step from the R4 element definitions. */
function stepsWithRepeats(resource: string, steps: readonly PathStep[]): FhirPathStep[] {
  let type: string | undefined = resource;
  return steps.map((step): FhirPathStep => {
    if (step.kind !== 'member') return step;

    const element = type === undefined ? undefined : elementOf(type, step.name);
    type = element?.type;
    return { kind: 'member', name: step.name, repeats: element?.repeats ?? false };
  });
}
