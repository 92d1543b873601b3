import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { AccessRequest } from '@hspec/runtime';
import { longNamesSpec } from './support/access-spec.js';
import {
  loadGeneratedCode,
  openClinic,
  type Clinic,
  type GeneratedCode,
} from './support/clinic.js';
import { uuid } from './support/records.js';

let code: GeneratedCode;
let clinic: Clinic;

const north = uuid(1, 'a');
const south = uuid(2, 'a');
const patientModel = 'LongitudinalPatientRegistryEntry';
const noteModel = 'MedicationReconciliationClinicalNote';

/** A pharmacist of the north organization whose own registry entry is number 42. */
const pharmacist: AccessRequest = {
  subject: {
    userId: 'pharmacist-1',
    role: 'clinical_pharmacist_reconciliation_specialist',
    organizationId: north,
    patientId: '42',
  },
  purposeOfUse: 'TREAT',
};

function note(id: string, registryEntryNumber: number) {
  return {
    id,
    longitudinalPatientRegistryEntryNumber: registryEntryNumber,
    externalPharmacyReconciliationAccession: `ACC-${registryEntryNumber}`,
    reconciliationStructuredSummaryDocument: { reconciled: true },
  };
}

beforeAll(async () => {
  code = await loadGeneratedCode('repository-integer-keys', longNamesSpec());
});

beforeEach(() => {
  clinic = openClinic(code);
  for (const [id, name] of [
    [north, 'North'],
    [south, 'South'],
  ] as const) {
    clinic.seed('HealthcareOrganizationAffiliate', 'healthcare_organization_affiliate', {
      id,
      registeredLegalName: name,
    });
  }
  for (const [number, organization] of [
    [42, north],
    [43, south],
  ] as const) {
    clinic.seed(patientModel, 'longitudinal_patient_registry_entry', {
      registryEntryNumber: number,
      healthcareOrganizationAffiliateId: organization,
      preferredFamilyNameForCorrespondence: `Family ${number}`,
    });
  }
});

describe('repositories over integer keys', () => {
  it('match the self scope against a text patient id', () => {
    const patients = clinic.repository(patientModel);

    expect(patients.get(pharmacist, 42)).toMatchObject({
      registryEntryNumber: 42,
    });
    expect(patients.get(pharmacist, 43)).toBeUndefined();
  });

  it('reach the organization of a note through an integer patient link', () => {
    const notes = clinic.repository(noteModel);

    notes.insert(pharmacist, note(uuid(1, 'b'), 42));
    clinic.seed(noteModel, 'medication_reconciliation_clinical_note', note(uuid(2, 'b'), 43));

    const page = notes.list(pharmacist, { limit: 10 });
    expect(page.items.map((item) => item['id'])).toEqual([uuid(1, 'b')]);
  });

  it('reject a note for a patient of another organization', () => {
    expect(() =>
      clinic.repository(noteModel).insert(pharmacist, note(uuid(3, 'b'), 43)),
    ).toThrow(expect.objectContaining({ reason: 'out-of-scope' }));
  });

  it('round-trip JSON and datetime columns through an update', () => {
    const notes = clinic.repository(noteModel);
    const completedAt = new Date('2024-06-01T12:00:00.000Z');
    notes.insert(pharmacist, note(uuid(4, 'b'), 42));

    notes.update(pharmacist, uuid(4, 'b'), {
      reconciliationCompletedAtTimestamp: completedAt,
      reconciliationStructuredSummaryDocument: { reconciled: true },
    });

    expect(notes.get(pharmacist, uuid(4, 'b'))).toMatchObject({
      reconciliationCompletedAtTimestamp: completedAt,
      reconciliationStructuredSummaryDocument: { reconciled: true },
    });
    expect(clinic.audit()[1]).toMatchObject({
      action: 'update',
      changedFields: ['reconciliationCompletedAtTimestamp'],
    });
  });
});
