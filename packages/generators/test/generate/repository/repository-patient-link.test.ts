import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccessDeniedError, type AccessRequest } from '@hspec/runtime';
import type { RoleIR, SpecIR } from '../../../src/ir/spec-ir.js';
import { selectRows } from '../support/sqlite-rows.js';
import {
  loadGeneratedCode,
  openClinic,
  type Clinic,
  type GeneratedCode,
  type Values,
} from './support/clinic.js';
import { accessSpec } from './support/access-spec.js';
import {
  ada,
  encounter,
  grace,
  harbor,
  nurseAtHarbor,
  nurseAtValley,
  physicianAtValley,
  seedPeople,
  uuid,
  valley,
} from './support/records.js';
import { caught } from '../support/caught.js';

/**
 * Builds the access spec with a registrar, who has the nurse's grants with scope `all`, so that
 * the patient link is checked where no organization scope limits the write.
 */
function patientLinkSpec(): SpecIR {
  const base = accessSpec();
  const nurse = base.roles.find((role) => role.name === 'nurse');
  if (nurse === undefined) {
    throw new Error('the access spec has no nurse role');
  }
  const registrar: RoleIR = {
    ...nurse,
    name: 'registrar',
    inherits: [],
    grants: nurse.grants.map((grant) => ({ ...grant, scope: 'all', declaredBy: 'registrar' })),
    emergency: [],
  };
  return { ...base, roles: [...base.roles, registrar] };
}

const registrar: AccessRequest = {
  subject: { userId: 'registrar-1', role: 'registrar', organizationId: valley.id },
  purposeOfUse: 'TREAT',
};

const missingPatientId = uuid(404, '9');

let code: GeneratedCode;
let clinic: Clinic;

beforeAll(async () => {
  code = await loadGeneratedCode('repository-patient-link', patientLinkSpec());
});

beforeEach(() => {
  clinic = openClinic(code);
  seedPeople(clinic);
});

function storedRow(table: string, id: string): Values | undefined {
  return selectRows(clinic.database, table, 'id', id)[0];
}

function note(id: string, patientId: string, encounterId: string): Values {
  return {
    id,
    patientId,
    encounterId,
    authorId: uuid(9, '3'),
    writtenAt: new Date('2024-05-01T10:00:00.000Z'),
    body: 'Follow up in two weeks.',
  };
}

describe('patient link of an insert', () => {
  it("rejects a record in the own organization for another organization's patient", () => {
    const id = uuid(1, '4');

    const error = caught(() =>
      clinic.repository('Encounter').insert(nurseAtHarbor, encounter(id, ada, harbor.id)),
    );

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ action: 'create', model: 'Encounter', reason: 'out-of-scope' });
    expect(storedRow('encounters', id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([
      { action: 'create', outcome: 'denied', detail: 'patient-out-of-scope', recordIds: [id] },
    ]);
  });

  it('rejects an unknown patient like one of another organization', () => {
    const id = uuid(2, '4');
    const unknown = { ...encounter(id, ada, harbor.id), patientId: missingPatientId };

    const error = caught(() => clinic.repository('Encounter').insert(nurseAtHarbor, unknown));

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ action: 'create', reason: 'out-of-scope' });
    expect(storedRow('encounters', id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([
      { action: 'create', outcome: 'denied', detail: 'patient-not-found', recordIds: [id] },
    ]);
  });

  it("stores a record of the own organization's patient", () => {
    const id = uuid(3, '4');

    clinic.repository('Encounter').insert(nurseAtHarbor, encounter(id, grace, harbor.id));

    expect(storedRow('encounters', id)).toMatchObject({
      patient_id: grace.id,
      organization_id: harbor.id,
    });
  });

  it("rejects an organization other than the patient's under scope all", () => {
    const id = uuid(4, '4');

    const error = caught(() =>
      clinic.repository('Encounter').insert(registrar, encounter(id, ada, harbor.id)),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedRow('encounters', id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'patient-out-of-scope' }]);
  });

  it('rejects an unknown patient under scope all before the foreign key', () => {
    clinic.seed('Encounter', 'encounters', encounter(uuid(1, '3'), ada, valley.id));
    const id = uuid(5, '4');

    const error = caught(() =>
      clinic.repository('ClinicalNote').insert(registrar, note(id, missingPatientId, uuid(1, '3'))),
    );

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'patient-not-found' }]);
  });

  it('rejects a note for an unknown patient like one of another organization', () => {
    clinic.seed('Encounter', 'encounters', encounter(uuid(1, '3'), ada, valley.id));
    const notes = clinic.repository('ClinicalNote');

    const other = caught(() => notes.insert(nurseAtHarbor, note(uuid(6, '4'), ada.id, uuid(1, '3'))));
    const unknown = caught(() =>
      notes.insert(nurseAtHarbor, note(uuid(7, '4'), missingPatientId, uuid(1, '3'))),
    );

    expect(other).toBeInstanceOf(AccessDeniedError);
    expect(unknown).toBeInstanceOf(AccessDeniedError);
    expect(unknown).toMatchObject({ reason: (other as AccessDeniedError).reason });
  });
});

describe('patient link of an update', () => {
  const adaEncounter = uuid(1, '5');

  beforeEach(() => {
    clinic.seed('Encounter', 'encounters', encounter(adaEncounter, ada, valley.id));
  });

  it("rejects moving a record to another organization's patient", () => {
    const error = caught(() =>
      clinic.repository('Encounter').update(nurseAtValley, adaEncounter, { patientId: grace.id }),
    );

    expect(error).toMatchObject({ action: 'update', reason: 'out-of-scope' });
    expect(storedRow('encounters', adaEncounter)?.['patient_id']).toBe(ada.id);
    expect(clinic.audit()).toMatchObject([
      { action: 'update', outcome: 'denied', detail: 'patient-out-of-scope' },
    ]);
  });

  it('rejects moving a record to an unknown patient', () => {
    const error = caught(() =>
      clinic
        .repository('Encounter')
        .update(nurseAtValley, adaEncounter, { patientId: missingPatientId }),
    );

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedRow('encounters', adaEncounter)?.['patient_id']).toBe(ada.id);
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'patient-not-found' }]);
  });

  it("rejects moving a record away from its patient's organization", () => {
    const error = caught(() =>
      clinic
        .repository('Encounter')
        .update(registrar, adaEncounter, { organizationId: harbor.id }),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedRow('encounters', adaEncounter)?.['organization_id']).toBe(valley.id);
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'patient-out-of-scope' }]);
  });

  it('moves a record to a patient of the same organization', () => {
    const katherine = { ...ada, id: uuid(2, '5'), mrn: 'MRN-KJ-0001' };
    clinic.seed('Patient', 'patients', katherine);

    clinic.repository('Encounter').update(nurseAtValley, adaEncounter, { patientId: katherine.id });

    expect(storedRow('encounters', adaEncounter)?.['patient_id']).toBe(katherine.id);
  });

  it('leaves an update that keeps the links alone', () => {
    clinic.database.prepare('DELETE FROM "encounters"').run();
    clinic.database.pragma('foreign_keys = OFF');
    // A stored record whose patient is gone: an update that changes no link must not fail on it.
    clinic.seed('Encounter', 'encounters', {
      ...encounter(adaEncounter, ada, valley.id),
      patientId: missingPatientId,
    });

    clinic.repository('Encounter').update(physicianAtValley, adaEncounter, { kind: 'home' });

    expect(storedRow('encounters', adaEncounter)?.['kind']).toBe('home');
  });
});
