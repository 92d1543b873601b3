import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccessDeniedError, FieldValidationError } from '@hspec/runtime';
import { selectRows } from '../support/sqlite-rows.js';
import {
  loadGeneratedCode,
  openClinic,
  type Clinic,
  type GeneratedCode,
  type Values,
} from './support/clinic.js';
import {
  ada,
  grace,
  harbor,
  nurseAtValley,
  pharmacistAtValley,
  physicianAtValley,
  seedPeople,
  uuid,
  valley,
} from './support/records.js';
import { caught } from '../support/caught.js';

let code: GeneratedCode;
let clinic: Clinic;

beforeAll(async () => {
  code = await loadGeneratedCode('repository-writes');
});

beforeEach(() => {
  clinic = openClinic(code);
  seedPeople(clinic);
});

function storedRow(table: string, id: string): Values | undefined {
  return selectRows(clinic.database, table, 'id', id)[0];
}

const newPatient = {
  id: uuid(1, '1'),
  organizationId: valley.id,
  mrn: 'MRN-NEW-0001',
  givenName: 'Katherine',
  familyName: 'Johnson',
  birthDate: '1918-08-26',
  sex: 'female',
  postalCode: '23666-0001',
  phone: null,
} as const;

const prescription = {
  id: uuid(1, '2'),
  patientId: ada.id,
  prescriberId: uuid(2, '2'),
  medication: '197361',
  quantity: 30,
  refills: 2,
  status: 'active',
  writtenAt: new Date('2024-05-02T08:00:00.000Z'),
} as const;

describe('repository insert', () => {
  it('stores a new patient encrypted', () => {
    clinic.repository('Patient').insert(physicianAtValley, newPatient);

    const row = storedRow('patients', newPatient.id);
    expect(row?.['organization_id']).toBe(valley.id);
    expect(row?.['given_name']).toMatch(/^hspec:v1:/);
    expect(row?.['phone']).toBeNull();
  });

  it('audits an insert with its fields and diff', () => {
    clinic.repository('Patient').insert(physicianAtValley, newPatient);

    expect(clinic.audit()).toEqual([
      expect.objectContaining({
        event: 'phi.change',
        action: 'create',
        outcome: 'success',
        recordIds: [newPatient.id],
        fields: [
          'id',
          'organizationId',
          'mrn',
          'givenName',
          'familyName',
          'birthDate',
          'sex',
          'postalCode',
        ],
        changedFields: [
          'birthDate',
          'familyName',
          'givenName',
          'id',
          'mrn',
          'organizationId',
          'postalCode',
          'sex',
        ],
      }),
    ]);
  });

  it('rejects a patient for another organization', () => {
    const error = caught(() =>
      clinic
        .repository('Patient')
        .insert(physicianAtValley, { ...newPatient, organizationId: harbor.id }),
    );

    expect(error).toMatchObject({ code: 'access.denied', reason: 'out-of-scope' });
    expect(error).toMatchObject({ action: 'create' });
    expect(storedRow('patients', newPatient.id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'out-of-scope', recordIds: [newPatient.id] },
    ]);
  });

  it('rejects a role without a create grant before touching the table', () => {
    const error = caught(() => clinic.repository('Patient').insert(nurseAtValley, newPatient));

    expect(error).toMatchObject({ reason: 'no-grant' });
    expect(clinic.recorded.statements.filter((sql) => sql.includes('"patients"'))).toEqual([]);
  });

  it('finds the organization of a new note through its patient', () => {
    clinic.seed('Encounter', 'encounters', {
      id: uuid(1, '3'),
      patientId: ada.id,
      organizationId: valley.id,
      kind: 'virtual',
      start: new Date('2024-05-01T09:00:00.000Z'),
    });
    const note = (id: string, patientId: string) => ({
      id,
      patientId,
      encounterId: uuid(1, '3'),
      authorId: uuid(9, '3'),
      writtenAt: new Date('2024-05-01T10:00:00.000Z'),
      body: 'Follow up in two weeks.',
    });
    const notes = clinic.repository('ClinicalNote');

    notes.insert(nurseAtValley, note(uuid(2, '3'), ada.id));
    const error = caught(() => notes.insert(nurseAtValley, note(uuid(3, '3'), grace.id)));

    expect(storedRow('clinical_notes', uuid(2, '3'))).toBeDefined();
    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedRow('clinical_notes', uuid(3, '3'))).toBeUndefined();
  });

  it('rejects a value for a field outside the create grant', () => {
    const prescriptions = clinic.repository('Prescription');

    const error = caught(() =>
      prescriptions.insert(pharmacistAtValley, { ...prescription, dosage: 'twice daily' }),
    );

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ reason: 'no-grant' });
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'field-not-granted', fields: ['dosage'] },
    ]);
    expect(storedRow('prescriptions', prescription.id)).toBeUndefined();
  });

  it('treats null as absent in an insert', () => {
    clinic.repository('Prescription').insert(pharmacistAtValley, { ...prescription, dosage: null });

    expect(storedRow('prescriptions', prescription.id)?.['dosage']).toBeNull();
  });

  it('audits an invalid value as a failure and stores nothing', () => {
    const error = caught(() =>
      clinic.repository('Patient').insert(physicianAtValley, { ...newPatient, ssn: '123456789' }),
    );

    expect(error).toBeInstanceOf(FieldValidationError);
    expect(storedRow('patients', newPatient.id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([{ outcome: 'failure', detail: 'field.invalid' }]);
  });

  it('rolls back the audit record of a write that fails', () => {
    const error = caught(() =>
      clinic.repository('Patient').insert(physicianAtValley, { ...newPatient, id: ada.id }),
    );

    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(clinic.audit()).toMatchObject([
      { outcome: 'failure', detail: 'SQLITE_CONSTRAINT_PRIMARYKEY', action: 'create' },
    ]);
  });

  it('rolls back the write when its audit record fails', () => {
    const failing = openClinic(code, {
      wrapAuditLog: (log) => ({
        appendSync: (entry) => {
          if (entry.outcome === 'success') {
            throw new Error('audit disk full');
          }
          return log.appendSync(entry);
        },
      }),
    });
    seedPeople(failing);

    const error = caught(() => failing.repository('Patient').insert(physicianAtValley, newPatient));

    expect(error).toMatchObject({ message: 'audit disk full' });
    expect(selectRows(failing.database, 'patients', 'id', newPatient.id)).toEqual([]);
    expect(failing.audit()).toMatchObject([{ outcome: 'failure', detail: 'Error' }]);
  });
});

describe('repository update', () => {
  beforeEach(() => {
    clinic.seed('Prescription', 'prescriptions', prescription);
  });

  it('lets a pharmacist change status and refills', () => {
    clinic.repository('Prescription').update(pharmacistAtValley, prescription.id, {
      status: 'completed',
      refills: 0,
    });

    expect(storedRow('prescriptions', prescription.id)).toMatchObject({
      status: 'completed',
      refills: 0,
    });
  });

  it('rejects a pharmacist writing another field', () => {
    const prescriptions = clinic.repository('Prescription');

    const error = caught(() =>
      prescriptions.update(pharmacistAtValley, prescription.id, {
        status: 'stopped',
        quantity: 90,
      }),
    );

    expect(error).toMatchObject({ code: 'access.denied', reason: 'no-grant', action: 'update' });
    expect(storedRow('prescriptions', prescription.id)).toMatchObject({
      status: 'active',
      quantity: 30,
    });
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'field-not-granted', fields: ['quantity'] },
    ]);
  });

  it('never changes the primary key', () => {
    const error = caught(() =>
      clinic.repository('Patient').update(physicianAtValley, ada.id, { id: uuid(5, '5') }),
    );

    expect(error).toMatchObject({ reason: 'no-grant' });
    expect(storedRow('patients', ada.id)).toBeDefined();
    expect(storedRow('patients', uuid(5, '5'))).toBeUndefined();
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'primary-key-not-writable', fields: ['id'] },
    ]);
  });

  it('records the sorted names of the fields whose value changed', () => {
    clinic.repository('Patient').update(physicianAtValley, ada.id, {
      phone: '+1 555 0199',
      givenName: ada.givenName,
      familyName: 'Byron',
      ssn: null,
    });

    expect(clinic.audit()).toMatchObject([
      {
        action: 'update',
        outcome: 'success',
        fields: ['givenName', 'familyName', 'ssn', 'phone'],
        changedFields: ['familyName', 'phone', 'ssn'],
      },
    ]);
  });

  it('re-encrypts a changed field for the same row', () => {
    const patients = clinic.repository('Patient');
    const before = storedRow('patients', ada.id);

    patients.update(physicianAtValley, ada.id, { phone: '+1 555 0199', ssn: null });

    const after = storedRow('patients', ada.id);
    expect(after?.['phone']).not.toBe(before?.['phone']);
    expect(after?.['ssn']).toBeNull();
    expect(after?.['given_name']).toBe(before?.['given_name']);
    expect(patients.get(physicianAtValley, ada.id)).toMatchObject({
      phone: '+1 555 0199',
      ssn: null,
    });
  });

  it('keeps the blind index in step with a changed lookup field', () => {
    clinic.repository('Patient').update(physicianAtValley, ada.id, { familyName: 'Byron' });

    const findByFamilyName = clinic.findBy('Patient', 'findByFamilyName');
    expect(findByFamilyName(physicianAtValley, 'Byron').items).toHaveLength(1);
    expect(findByFamilyName(physicianAtValley, 'Lovelace').items).toHaveLength(0);
  });

  it('rejects moving a record to another organization', () => {
    const error = caught(() =>
      clinic.repository('Patient').update(physicianAtValley, ada.id, { organizationId: harbor.id }),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedRow('patients', ada.id)?.['organization_id']).toBe(valley.id);
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'moved-out-of-scope' }]);
  });

  it("rejects moving a note to another organization's patient", () => {
    clinic.seed('Encounter', 'encounters', {
      id: uuid(1, '3'),
      patientId: ada.id,
      organizationId: valley.id,
      kind: 'virtual',
      start: new Date('2024-05-01T09:00:00.000Z'),
    });
    clinic.seed('ClinicalNote', 'clinical_notes', {
      id: uuid(2, '3'),
      patientId: ada.id,
      encounterId: uuid(1, '3'),
      authorId: uuid(9, '3'),
      writtenAt: new Date('2024-05-01T10:00:00.000Z'),
      body: 'Follow up in two weeks.',
    });
    const notes = clinic.repository('ClinicalNote');

    const moveToGrace = { patientId: grace.id };

    const error = caught(() => notes.update(physicianAtValley, uuid(2, '3'), moveToGrace));

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedRow('clinical_notes', uuid(2, '3'))?.['patient_id']).toBe(ada.id);
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'moved-out-of-scope' }]);
  });

  it('treats a row outside the scope like a missing one', () => {
    const patients = clinic.repository('Patient');
    const missing = uuid(7, '7');

    const outside = caught(() => patients.update(physicianAtValley, grace.id, { phone: null }));
    const absent = caught(() => patients.update(physicianAtValley, missing, { phone: null }));

    expect(outside).toMatchObject({ reason: 'out-of-scope' });
    expect(absent).toMatchObject({ reason: 'out-of-scope' });
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'out-of-scope', recordIds: [grace.id] },
      { outcome: 'denied', detail: 'not-found', recordIds: [missing] },
    ]);
  });
});

describe('repository delete', () => {
  it('deletes a patient of the organization', () => {
    clinic.repository('Patient').insert(physicianAtValley, newPatient);

    clinic.repository('Patient').delete(physicianAtValley, newPatient.id);

    expect(storedRow('patients', newPatient.id)).toBeUndefined();
    expect(clinic.audit()[1]).toMatchObject({
      action: 'delete',
      outcome: 'success',
      recordIds: [newPatient.id],
      changedFields: [
        'birthDate',
        'familyName',
        'givenName',
        'id',
        'mrn',
        'organizationId',
        'postalCode',
        'sex',
      ],
    });
  });

  it('keeps a patient of another organization', () => {
    const error = caught(() => clinic.repository('Patient').delete(physicianAtValley, grace.id));

    expect(error).toMatchObject({ reason: 'out-of-scope', action: 'delete' });
    expect(storedRow('patients', grace.id)).toBeDefined();
  });

  it('rejects a role without a delete grant', () => {
    const error = caught(() => clinic.repository('Patient').delete(nurseAtValley, ada.id));

    expect(error).toMatchObject({ reason: 'no-grant' });
    expect(storedRow('patients', ada.id)).toBeDefined();
  });
});
