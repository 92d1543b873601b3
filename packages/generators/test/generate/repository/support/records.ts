import type { AccessRequest } from '@hspec/runtime';

import type { Clinic, Values } from './clinic.js';

/** Two organizations, so that every scope test has a row inside and a row outside. */
export const valley = {
  id: '0b6f7a3e-5d1c-4f4a-9a51-2f1f3f0c9e11',
  name: 'Valley',
  npi: '1234567890',
};
export const harbor = {
  id: '7c2e9d41-3b8a-4e6f-8d21-5a9c0e4b7f32',
  name: 'Harbor',
  npi: '2345678901',
};

/**
 * Ada is a Valley patient and Grace a Harbor patient. Their PHI values contain characters that
 * never occur in hex hashes, UUIDs or timestamps, so that a scan of the audit log for them cannot
 * match by chance.
 */
export const ada = {
  id: '6f1d2c3b-8a9e-4b7c-9d0e-1f2a3b4c5d6e',
  organizationId: valley.id,
  mrn: 'MRN-ADA-0042',
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1815-12-10',
  sex: 'female',
  ssn: '123-45-6789',
  phone: '+1 555 0100',
  email: 'ada@example.org',
  postalCode: '02139-4307',
  insuranceMemberId: 'MEMBER-ADA-77',
  lastVisitAt: new Date('2024-03-01T10:30:00.000Z'),
} as const;

export const grace = {
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  organizationId: harbor.id,
  mrn: 'MRN-GRACE-0007',
  givenName: 'Grace',
  familyName: 'Hopper',
  birthDate: '1906-12-09',
  sex: 'female',
  ssn: '987-65-4321',
  postalCode: '10027-6902',
  insuranceMemberId: 'MEMBER-GRACE-12',
} as const;

/** Every PHI value that the fixtures store, for scans of the audit log. */
export const phiValues: readonly string[] = [
  ada.mrn,
  ada.givenName,
  ada.familyName,
  ada.birthDate,
  ada.ssn,
  ada.phone,
  ada.email,
  ada.postalCode,
  ada.insuranceMemberId,
  grace.mrn,
  grace.givenName,
  grace.familyName,
  grace.birthDate,
  grace.ssn,
  grace.postalCode,
  grace.insuranceMemberId,
];

/** Stores the two organizations and the two patients without repositories or audit records. */
export function seedPeople(clinic: Clinic): void {
  clinic.seed('Organization', 'organizations', valley);
  clinic.seed('Organization', 'organizations', harbor);
  clinic.seed('Patient', 'patients', ada);
  clinic.seed('Patient', 'patients', grace);
}

/** Builds a UUID from a number, so that tests can make many distinct, ordered ids. */
export function uuid(seed: number, prefix = 'e'): string {
  const hex = seed.toString(16).padStart(12, '0');
  return `${prefix.repeat(8)}-0000-4000-8000-${hex}`;
}

/** Builds an encounter of a patient in an organization, starting at a fixed time. */
export function encounter(id: string, patient: Values, organizationId: string): Values {
  return {
    id,
    patientId: patient['id'],
    organizationId,
    kind: 'virtual',
    start: new Date('2024-05-01T09:00:00.000Z'),
  };
}

export const nurseAtValley: AccessRequest = {
  subject: { userId: 'nurse-1', role: 'nurse', organizationId: valley.id },
  purposeOfUse: 'TREAT',
};

export const nurseAtHarbor: AccessRequest = {
  subject: { userId: 'nurse-2', role: 'nurse', organizationId: harbor.id },
  purposeOfUse: 'TREAT',
};

export const physicianAtValley: AccessRequest = {
  subject: { userId: 'physician-1', role: 'physician', organizationId: valley.id },
  purposeOfUse: 'TREAT',
};

export const pharmacistAtValley: AccessRequest = {
  subject: { userId: 'pharmacist-1', role: 'pharmacist', organizationId: valley.id },
  purposeOfUse: 'TREAT',
};

export const adaHerself: AccessRequest = {
  subject: { userId: 'patient-ada', role: 'patient', patientId: ada.id },
  purposeOfUse: 'PATRQT',
};

export const analyst: AccessRequest = {
  subject: { userId: 'analyst-1', role: 'analyst', organizationId: valley.id },
  purposeOfUse: 'HRESCH',
};
