import { elementOf } from '@hspec/runtime';

import type { FieldIR, PathStep } from '../ir/spec-ir.js';

// Resources about one person, whose identifying elements Safe Harbor removes.
const personResources = new Set(['Patient', 'RelatedPerson', 'Person']);

// Data types that identify the person they describe, with the `phi:` kinds that fit them.
const identifyingTypes: Readonly<Record<string, string>> = {
  HumanName: 'name',
  ContactPoint: 'phone, fax, email or url',
  Identifier: 'medical_record_number, ssn, health_plan_number, account_number, license_number or other_id',
  Attachment: 'photo or biometric',
  Annotation: 'free_text',
  Narrative: 'free_text',
};

// Address parts that locate a person more closely than a state; ZIP codes are cut to 3 digits.
const identifyingAddressParts = new Set(['line', 'city', 'district', 'text', 'postalCode']);

/**
 * Names the identifying element that a field without `phi:` maps to on a resource about one
 * person (`Patient.name`, a street line), or returns undefined. De-identification trusts the
 * spec for the elements it maps, so such a field would carry a name or an address into Safe
 * Harbor output.
 */
export function unmarkedIdentifier(
  resource: string,
  steps: readonly PathStep[],
  field: FieldIR,
): { readonly element: string; readonly kinds: string } | undefined {
  if (!personResources.has(resource) || field.phi !== undefined) return undefined;
  if (field.primaryKey || field.references !== undefined) return undefined;

  let type = resource;
  const path = [resource];
  for (const step of steps) {
    if (step.kind !== 'member') continue;
    const element = elementOf(type, step.name);
    if (element === undefined) return undefined;
    path.push(step.name);
    const kinds = identifyingTypes[element.type];
    if (kinds !== undefined) return { element: `${path.join('.')} (${element.type})`, kinds };
    if (type === 'Address' && identifyingAddressParts.has(step.name)) {
      return { element: path.join('.'), kinds: 'geographic' };
    }
    type = element.type;
  }
  return undefined;
}
