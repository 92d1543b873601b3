import { describe, expect, it } from 'vitest';

import {
  ANY_RESOURCE_TYPE,
  elementNames,
  elementOf,
  isPrimitiveType,
  isResourceType,
  r4Definitions,
  resourceTypes,
} from '../../src/fhir/r4-elements.js';

const elements: {
  typeName: string;
  member: string;
  want: { type: string; repeats: boolean; required: boolean; primitive: boolean };
}[] = [
  { typeName: 'Patient', member: 'name', want: { type: 'HumanName', repeats: true, required: false, primitive: false } },
  { typeName: 'Patient', member: 'birthDate', want: { type: 'date', repeats: false, required: false, primitive: true } },
  { typeName: 'Patient', member: 'gender', want: { type: 'code', repeats: false, required: false, primitive: true } },
  { typeName: 'HumanName', member: 'given', want: { type: 'string', repeats: true, required: false, primitive: true } },
  { typeName: 'Encounter', member: 'class', want: { type: 'Coding', repeats: false, required: true, primitive: false } },
  { typeName: 'Encounter', member: 'participant', want: { type: 'Encounter_Participant', repeats: true, required: false, primitive: false } },
  { typeName: 'Observation', member: 'code', want: { type: 'CodeableConcept', repeats: false, required: true, primitive: false } },
  { typeName: 'Observation', member: 'valueQuantity', want: { type: 'Quantity', repeats: false, required: false, primitive: false } },
  { typeName: 'Observation', member: 'effectiveDateTime', want: { type: 'dateTime', repeats: false, required: false, primitive: true } },
  { typeName: 'Patient', member: 'multipleBirthInteger', want: { type: 'integer', repeats: false, required: false, primitive: true } },
  { typeName: 'Quantity', member: 'value', want: { type: 'decimal', repeats: false, required: false, primitive: true } },
  { typeName: 'Reference', member: 'reference', want: { type: 'string', repeats: false, required: false, primitive: true } },
  { typeName: 'Annotation', member: 'text', want: { type: 'markdown', repeats: false, required: false, primitive: true } },
  { typeName: 'Bundle_Entry', member: 'resource', want: { type: ANY_RESOURCE_TYPE, repeats: false, required: false, primitive: false } },
];

describe('elementOf', () => {
  it.each(elements)('reads $typeName.$member', ({ typeName, member, want }) => {
    expect(elementOf(typeName, member)).toMatchObject({ name: member, ...want });
  });

  it('keeps the codes of a required binding', () => {
    expect(elementOf('Patient', 'gender')?.codes).toEqual(['male', 'female', 'other', 'unknown']);
    expect(elementOf('Patient', 'birthDate')?.codes).toBeUndefined();
  });

  it.each([
    ['Patient', '_birthDate'],
    ['Patient', 'resourceType'],
    ['Patient', 'birthdate'],
    ['Patinet', 'name'],
    [ANY_RESOURCE_TYPE, 'id'],
  ])('finds no element %s.%s', (typeName, member) => {
    expect(elementOf(typeName, member)).toBeUndefined();
  });
});

describe('R4 definitions', () => {
  it('lists the 146 resource types', () => {
    expect(resourceTypes()).toHaveLength(146);
    expect(isResourceType('MedicationRequest')).toBe(true);
    expect(isResourceType('HumanName')).toBe(false);
    expect(isResourceType('Patinet')).toBe(false);
  });

  it('tells primitives from complex types', () => {
    expect(isPrimitiveType('dateTime')).toBe(true);
    expect(isPrimitiveType('xhtml')).toBe(true);
    expect(isPrimitiveType('Coding')).toBe(false);
    expect(isPrimitiveType('ResourceList')).toBe(false);
  });

  it('lists element names without extension properties', () => {
    const names = elementNames('HumanName');

    expect(names).toContain('family');
    expect(names).not.toContain('_family');
  });

  it('reads the schema once', () => {
    expect(r4Definitions()).toBe(r4Definitions());
  });
});
