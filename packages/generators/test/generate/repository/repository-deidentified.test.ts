import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccessDeniedError, SafeHarbor } from '@hspec/runtime';
import {
  loadGeneratedCode,
  openClinic,
  type Clinic,
  type GeneratedCode,
  type Values,
} from './support/clinic.js';
import { ada, analyst, grace, phiValues, seedPeople, uuid, valley } from './support/records.js';
import { caught } from '../support/caught.js';

let code: GeneratedCode;
let clinic: Clinic;

/** Ada and Grace are both 90 or older on this date; the young patient below is 44. */
const asOf = new Date('2025-01-01T00:00:00.000Z');

/** A patient under 90 whose ZIP code lies in a restricted three-digit area. */
const young = {
  ...ada,
  id: uuid(1, 'a'),
  mrn: 'MRN-YOUNG-0001',
  birthDate: '1980-04-02',
  postalCode: '03601',
  lastVisitAt: new Date('2024-05-01T09:00:00.000Z'),
};

beforeAll(async () => {
  code = await loadGeneratedCode('repository-deidentified');
});

beforeEach(() => {
  clinic = openClinic(code, {
    harbor: new SafeHarbor({ restrictedZip3: ['036'], asOf }),
  });
  seedPeople(clinic);
  clinic.seed('Patient', 'patients', young);
});

describe('repository reads by a de-identified role', () => {
  it('return the Safe Harbor projection of the granted fields', () => {
    const patient = clinic.repository('Patient').get(analyst, young.id);

    expect(Object.keys(patient ?? {}).sort()).toEqual([
      'ageOver89',
      'birthDate',
      'id',
      'lastVisitAt',
      'organizationId',
      'postalCode',
      'sex',
      'state',
    ]);
    expect(patient).toMatchObject({
      birthDate: '1980',
      ageOver89: false,
      sex: 'female',
      state: null,
      postalCode: '000',
      lastVisitAt: '2024',
    });
  });

  it('replace record ids and references with pseudonyms', () => {
    const patient = clinic.repository('Patient').get(analyst, young.id);

    expect(patient?.['id']).toEqual(expect.any(String));
    expect(patient?.['id']).not.toBe(young.id);
    expect(patient?.['organizationId']).not.toBe(valley.id);
  });

  it('give the same record the same pseudonym on every read', () => {
    const patients = clinic.repository('Patient');
    const first = patients.get(analyst, young.id);
    const second = patients.get(analyst, young.id);

    expect(second?.['id']).toBe(first?.['id']);
  });

  it('withhold the birth year of a patient aged 90 or older', () => {
    const patient = clinic.repository('Patient').get(analyst, ada.id);

    expect(patient).toMatchObject({ birthDate: null, ageOver89: true, postalCode: '021' });
  });

  it('return no identifier of the fixtures', () => {
    const patients = clinic.repository('Patient');
    const read = [
      patients.get(analyst, ada.id),
      patients.get(analyst, grace.id),
      patients.list(analyst, { limit: 10 }),
    ];
    const text = JSON.stringify(read);

    for (const value of [...phiValues, ada.id, grace.id, valley.id]) {
      expect(text).not.toContain(value);
    }
  });

  it('are audited as de-identified with real ids', () => {
    clinic.repository('Patient').get(analyst, young.id);

    const [record] = clinic.audit();
    expect(record).toMatchObject({
      event: 'phi.read',
      action: 'read',
      outcome: 'success',
      role: 'analyst',
      model: 'Patient',
      recordIds: [young.id],
      detail: 'deidentified',
    });
  });

  it('page by row offset, never by primary key', () => {
    const patients = clinic.repository('Patient');
    const first = patients.list(analyst, { limit: 2 });
    const second = patients.list(analyst, { limit: 2, after: first.next as unknown as string });

    expect(first.items).toHaveLength(2);
    expect(first.next).toBe(2);
    expect(second.items).toHaveLength(1);
    expect(second.next).toBeNull();
    const ids = [...first.items, ...second.items].map((item) => item['id']);
    expect(new Set(ids).size).toBe(3);
  });

  it('audit a page as de-identified', () => {
    clinic.repository('Patient').list(analyst, { limit: 10 });

    expect(clinic.audit()).toMatchObject([
      { outcome: 'success', detail: 'deidentified', recordIds: [ada.id, grace.id, young.id] },
    ]);
  });

  it('reject a primary key as the offset of a page', () => {
    const list = () => clinic.repository('Patient').list(analyst, { limit: 2, after: ada.id });

    expect(list).toThrow(RangeError);
  });

  it('may not search by an identifier', () => {
    const findByMrn = clinic.findBy('Patient', 'findByMrn');
    const error = caught(() => findByMrn(analyst, ada.mrn));

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ reason: 'deidentified-only', action: 'read' });
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'deidentified-lookup', fields: ['mrn'], role: 'analyst' },
    ]);
    const lookups = clinic.recorded.statements.filter((sql) => sql.includes('mrn_bidx" = ?'));
    expect(lookups).toEqual([]);
  });

  it('fail without a SafeHarbor, audited as a failure', () => {
    const withoutHarbor = openClinic(code);
    seedPeople(withoutHarbor);
    const error = caught(() => withoutHarbor.repository('Patient').get(analyst, ada.id));

    expect(error).toMatchObject({ code: 'repository.harbor-required', model: 'Patient' });
    expect(withoutHarbor.audit()).toMatchObject([
      { outcome: 'failure', detail: 'repository.harbor-required', role: 'analyst' },
    ]);
    expect(withoutHarbor.cipher.decrypted).toEqual([]);
  });

  it('stay denied for a model the role may not read', () => {
    const error = caught(() => clinic.repository('Encounter').list(analyst, { limit: 10 }));

    expect(error).toMatchObject({ code: 'access.denied', reason: 'no-grant' });
  });
});

describe('repository reads by an identified role', () => {
  it('stay identified', () => {
    const nurse = {
      subject: { userId: 'nurse-1', role: 'nurse', organizationId: valley.id },
      purposeOfUse: 'TREAT',
    };
    const patient = clinic.repository('Patient').get(nurse, young.id) as Values;

    expect(patient['id']).toBe(young.id);
    expect(patient['birthDate']).toBe(young.birthDate);
    expect(clinic.audit()).toMatchObject([{ outcome: 'success', detail: null }]);
  });
});
