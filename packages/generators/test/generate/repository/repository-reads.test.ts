import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccessDeniedError } from '@hspec/runtime';
import {
  loadGeneratedCode,
  openClinic,
  type Clinic,
  type GeneratedCode,
} from './support/clinic.js';
import {
  ada,
  adaHerself,
  grace,
  harbor,
  nurseAtHarbor,
  nurseAtValley,
  pharmacistAtValley,
  seedPeople,
  valley,
} from './support/records.js';
import { caught } from '../support/caught.js';

let code: GeneratedCode;
let clinic: Clinic;

beforeAll(async () => {
  code = await loadGeneratedCode('repository-reads');
});

beforeEach(() => {
  clinic = openClinic(code);
  seedPeople(clinic);
});

describe('repository get', () => {
  it('gives a nurse the detail view of a patient of her organization', () => {
    const patient = clinic.repository('Patient').get(nurseAtValley, ada.id);

    expect(patient).toEqual({
      id: ada.id,
      organizationId: valley.id,
      mrn: ada.mrn,
      givenName: ada.givenName,
      familyName: ada.familyName,
      birthDate: ada.birthDate,
      sex: ada.sex,
      phone: ada.phone,
      email: ada.email,
      addressLine: null,
      city: null,
      state: null,
      postalCode: ada.postalCode,
      lastVisitAt: ada.lastVisitAt,
    });
  });

  it('never decrypts a field outside the view', () => {
    clinic.repository('Patient').get(nurseAtValley, ada.id);

    expect(clinic.cipher.decrypted).toContain('patients.mrn');
    expect(clinic.cipher.decrypted).not.toContain('patients.ssn');
    expect(clinic.cipher.decrypted).not.toContain('patients.insurance_member_id');
  });

  it('audits a read with the fields it returned', () => {
    clinic.repository('Patient').get(nurseAtValley, ada.id);

    const [record] = clinic.audit();
    expect(record).toMatchObject({
      event: 'phi.read',
      action: 'read',
      outcome: 'success',
      userId: 'nurse-1',
      role: 'nurse',
      model: 'Patient',
      recordIds: [ada.id],
      purposeOfUse: 'TREAT',
      reason: null,
      emergency: false,
      changedFields: null,
      alert: false,
      detail: null,
    });
    expect(record?.fields).toContain('mrn');
    expect(record?.fields).not.toContain('ssn');
  });

  it('reads a patient of another organization as missing', () => {
    expect(clinic.repository('Patient').get(nurseAtValley, grace.id)).toBeUndefined();
  });

  it('audits a read outside the scope as denied', () => {
    clinic.repository('Patient').get(nurseAtValley, grace.id);

    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'out-of-scope', recordIds: [grace.id], fields: [] },
    ]);
  });

  it('audits a read of a missing row as denied and not found', () => {
    const missing = '00000000-0000-4000-8000-000000000000';

    expect(clinic.repository('Patient').get(nurseAtValley, missing)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'not-found', recordIds: [missing] },
    ]);
  });

  it('decrypts nothing of a row outside the scope', () => {
    clinic.repository('Patient').get(nurseAtValley, grace.id);

    expect(clinic.cipher.decrypted).toEqual([]);
  });

  it('gives a patient their own chart fields only', () => {
    const patient = clinic.repository('Patient').get(adaHerself, ada.id);

    expect(patient).toEqual({
      id: ada.id,
      givenName: ada.givenName,
      familyName: ada.familyName,
      birthDate: ada.birthDate,
      phone: ada.phone,
      email: ada.email,
    });
  });

  it("reads another patient's chart as missing to a patient", () => {
    expect(clinic.repository('Patient').get(adaHerself, grace.id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'out-of-scope' }]);
  });

  it('gives a pharmacist the summary view only', () => {
    expect(clinic.repository('Patient').get(pharmacistAtValley, ada.id)).toEqual({
      id: ada.id,
      givenName: ada.givenName,
      familyName: ada.familyName,
    });
  });

  it('reads the own organization through the tenant model', () => {
    const organizations = clinic.repository('Organization');

    expect(organizations.get(nurseAtHarbor, harbor.id)).toEqual(harbor);
    expect(organizations.get(nurseAtHarbor, valley.id)).toBeUndefined();
  });

  it.each([
    ['a request without a purpose', { subject: nurseAtValley.subject }, 'purpose-required'],
    [
      'an unknown role',
      { ...nurseAtValley, subject: { userId: 'x', role: 'janitor' } },
      'unknown-role',
    ],
    [
      'a nurse without an organization',
      { ...nurseAtValley, subject: { userId: 'nurse-3', role: 'nurse' } },
      'out-of-scope',
    ],
  ])('throws AccessDeniedError for %s', (_name, request, reason) => {
    const error = caught(() => clinic.repository('Patient').get(request, ada.id));

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ code: 'access.denied', reason, action: 'read' });
    expect(error).toMatchObject({ model: 'Patient' });
  });

  it('audits a policy denial with its reason', () => {
    const request = { ...nurseAtValley, subject: { userId: 'x', role: 'janitor' } };
    caught(() => clinic.repository('Patient').get(request, ada.id));

    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'unknown-role', role: 'janitor', recordIds: [ada.id] },
    ]);
  });

  it('reads nothing from the database for a policy denial', () => {
    const request = { ...nurseAtValley, subject: { userId: 'x', role: 'janitor' } };
    caught(() => clinic.repository('Patient').get(request, ada.id));

    const reads = clinic.recorded.statements.filter((sql) => sql.includes('"patients"'));
    expect(reads).toEqual([]);
  });
});
