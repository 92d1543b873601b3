import { describe, expect, it } from 'vitest';

import { generateFiles } from '../../../src/generate/generate-files.js';
import { typeCheck, writeGeneratedOutput } from '../support/generated-output.js';
import { telehealthPolicySpec } from './support/telehealth-policy-spec.js';

/**
 * Type tests compiled beside the generated telehealth code with its roles: each
 * `@ts-expect-error` line must fail to compile and every other line must compile. An
 * expectation that stops failing is itself an error (TS2578).
 */
const policyTypeTests = {
  path: 'policy-type-tests.ts',
  contents: `import type { Patient } from './index.js';
import {
  authorize,
  policy,
  type EmergencyViews,
  type ModelName,
  type NursePatientView,
  type PharmacistPatientView,
  type PhysicianPatientEmergencyView,
  type PurposeOfUse,
  type Role,
  type RoleViews,
  type TriageNursePatientView,
} from './policy.js';

declare const patient: Patient;
declare const pharmacistPatient: PharmacistPatientView;
declare const nursePatient: NursePatientView;
declare const emergencyPatient: PhysicianPatientEmergencyView;

// A pharmacist's Patient view has no ssn.
// @ts-expect-error
export const pharmacistSsn = pharmacistPatient.ssn;

// A nurse's Patient view has no insuranceMemberId.
// @ts-expect-error
export const nurseMemberId = nursePatient.insuranceMemberId;

// View fields keep the types of the record, PHI brands included.
export const nurseMrn: Patient['mrn'] = nursePatient.mrn;

// RoleViews maps a role and a model to the view type.
export const pharmacistView: RoleViews['pharmacist']['Patient'] = pharmacistPatient;

// A model that the role cannot read is never.
// @ts-expect-error
export const pharmacistNotes: RoleViews['pharmacist']['ClinicalNote'] = {};

// A de-identified role gets no identified view.
// @ts-expect-error
export const researcherPatient: RoleViews['researcher']['Patient'] = { id: patient.id };

// Fields that every read returns are required; the others may be missing.
export const triageMinimal: TriageNursePatientView = {
  id: patient.id,
  givenName: patient.givenName,
  sex: patient.sex,
};
// @ts-expect-error
export const triageWithoutName: TriageNursePatientView = { id: patient.id, sex: patient.sex };

// A missing optional field is absent, never undefined.
// @ts-expect-error
export const triageUndefinedMrn: TriageNursePatientView = { ...triageMinimal, mrn: undefined };

// Under break-glass the physician may miss ssn, which only the organization grant returns.
// @ts-expect-error
export const emergencySsn: Patient['ssn'] = emergencyPatient.ssn;
export const emergencyView: EmergencyViews['physician']['Patient'] = emergencyPatient;
// @ts-expect-error
export const nurseEmergency: EmergencyViews['nurse']['Patient'] = nursePatient;

// Roles, purposes and models are unions of the spec's names.
export const nurse: Role = 'nurse';
// @ts-expect-error
export const janitor: Role = 'janitor';
export const breakGlass: PurposeOfUse = 'BTG';
// @ts-expect-error
export const misspelled: PurposeOfUse = 'TRAET';
// @ts-expect-error
export const invoice: ModelName = 'Invoice';

// authorize takes only the spec's models, and the policy keeps literal types.
const request = { subject: { userId: 'u-1', role: 'nurse' } };
export const decision = authorize(request, 'read', 'Patient');
// @ts-expect-error
export const unknownModel = authorize(request, 'read', 'Invoice');
export const primaryKey: 'id' = policy.models.Patient.primaryKey;
`,
};

describe('generated policy module under tsc --strict', () => {
  it('compiles with its type tests', () => {
    const files = generateFiles(telehealthPolicySpec());
    const folder = writeGeneratedOutput('policy-telehealth', files, [policyTypeTests]);

    expect(typeCheck(folder)).toEqual([]);
  });
});
