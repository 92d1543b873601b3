import type { DeidFieldRule, DeidModelRules } from '@hspec/runtime';

import { elementOf } from '../../fhir/r4-elements.js';
import type { FieldIR, FieldMappingIR, MappingIR, ModelIR } from '../../ir/spec-ir.js';

// Field names that mark the birth date of the subject model when it has no Patient.birthDate mapping.
const BIRTH_DATE_NAMES = new Set(['birthdate', 'dateofbirth', 'dob']);
// Field names that mark a ZIP code when the field is not mapped to Address.postalCode.
const ZIP_NAMES = new Set(['zip', 'zipcode', 'postalcode', 'postcode']);

/**
 * Decides the Safe Harbor rule of each field of a model. The primary key and the keys of other
 * models become pseudonyms. A PHI date keeps its year, except the birth date of the subject
 * model, which keeps its year only below age 90. A PHI geographic field that is a ZIP code keeps
 * its first three digits, and any other PHI or free text is removed. Sensitive and plain fields
 * are kept, except `json` fields, which may hold anything and are removed.
 */
export function deidModelRules(model: ModelIR, mapping: MappingIR | undefined): DeidModelRules {
  return {
    model: model.name,
    fields: model.fields.map((field) => deidFieldRule(model, field, mapping)),
  };
}

function deidFieldRule(
  model: ModelIR,
  field: FieldIR,
  mapping: MappingIR | undefined,
): DeidFieldRule {
  const rule = (action: DeidFieldRule['action']): DeidFieldRule => ({
    field: field.name,
    action,
    kind: field.phi,
    model: undefined,
  });

  if (field.primaryKey) return { ...rule('pseudonym'), model: model.name };
  if (field.references !== undefined) return { ...rule('pseudonym'), model: field.references };

  const fieldMapping = mapping?.fields.find((candidate) => candidate.field === field.name);
  if (field.phi === 'date') {
    return rule(model.subject && isBirthDate(field, mapping, fieldMapping) ? 'birth-year' : 'year');
  }
  if (field.phi === 'geographic') {
    return rule(isZipCode(field, mapping, fieldMapping) ? 'zip3' : 'remove');
  }
  if (field.phi !== undefined || field.type === 'json') return rule('remove');
  return rule('keep');
}

function isBirthDate(
  field: FieldIR,
  mapping: MappingIR | undefined,
  fieldMapping: FieldMappingIR | undefined,
): boolean {
  if (mapping !== undefined && fieldMapping !== undefined) {
    const members = memberNames(fieldMapping);
    if (mapping.resource === 'Patient' && members.length === 1 && members[0] === 'birthDate') {
      return true;
    }
  }
  return BIRTH_DATE_NAMES.has(field.name.toLowerCase());
}

function isZipCode(
  field: FieldIR,
  mapping: MappingIR | undefined,
  fieldMapping: FieldMappingIR | undefined,
): boolean {
  if (
    mapping !== undefined &&
    fieldMapping !== undefined &&
    endsAtAddressPostalCode(mapping.resource, fieldMapping)
  ) {
    return true;
  }
  return ZIP_NAMES.has(field.name.toLowerCase());
}

function endsAtAddressPostalCode(resource: string, fieldMapping: FieldMappingIR): boolean {
  let typeName = resource;
  let parentType = resource;
  for (const name of memberNames(fieldMapping)) {
    const element = elementOf(typeName, name);
    if (element === undefined) return false;
    parentType = typeName;
    typeName = element.type;
  }
  return parentType === 'Address' && memberNames(fieldMapping).at(-1) === 'postalCode';
}

function memberNames(fieldMapping: FieldMappingIR): string[] {
  return fieldMapping.steps.flatMap((step) => (step.kind === 'member' ? [step.name] : []));
}
