import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccessDeniedError, type AccessRequest } from '@hspec/runtime';
import type { ModelIR, RoleIR, SpecIR } from '../../../src/ir/spec-ir.js';
import { field } from '../support/ir-builders.js';
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
 * Builds the access spec with a referring organization on encounters, and a registrar who has
 * the physician's grants with scope `all`, so that reference checks are seen where no
 * organization scope limits the write.
 */
function referenceSpec(): SpecIR {
  const base = accessSpec();
  const added: Readonly<Record<string, ReturnType<typeof field>>> = {
    Encounter: field('referringOrganizationId', 'uuid', { references: 'Organization', optional: true }),
    ClinicalNote: field('replyToId', 'uuid', { references: 'ClinicalNote', optional: true }),
  };
  const models = base.models.map((model): ModelIR => {
    const extra = added[model.name];
    return extra === undefined ? model : { ...model, fields: [...model.fields, extra] };
  });
  // Grants resolve their fields when the spec is built, so the new field joins those that
  // cover the whole model.
  const withReferrer = (role: RoleIR): RoleIR => ({
    ...role,
    grants: role.grants.map((grant) => {
      const extra = added[grant.model];
      return extra !== undefined && grant.allFields
        ? { ...grant, fields: [...grant.fields, extra.name] }
        : grant;
    }),
  });
  const roles = base.roles.map(withReferrer);
  const physician = roles.find((role) => role.name === 'physician');
  const nurse = roles.find((role) => role.name === 'nurse');
  if (physician === undefined || nurse === undefined) {
    throw new Error('the access spec has no physician or nurse role');
  }
  const registrar: RoleIR = {
    ...physician,
    name: 'registrar',
    inherits: [],
    grants: [...physician.grants, ...nurse.grants].map((grant) => ({
      ...grant,
      scope: 'all',
      declaredBy: 'registrar',
    })),
    emergency: [],
  };
  return { ...base, models, roles: [...roles, registrar] };
}

const registrar: AccessRequest = {
  subject: { userId: 'registrar-1', role: 'registrar', organizationId: valley.id },
  purposeOfUse: 'TREAT',
};

/** A second patient of Valley, whose encounters Ada's notes must not name. */
const katherine = { ...ada, id: uuid(2, '7'), mrn: 'MRN-KJ-0001' };

const adaEncounter = uuid(1, '3');
const katherineEncounter = uuid(2, '3');
const graceEncounter = uuid(3, '3');
const missingEncounter = uuid(404, '3');

let code: GeneratedCode;
let clinic: Clinic;

beforeAll(async () => {
  code = await loadGeneratedCode('repository-references', referenceSpec());
});

beforeEach(() => {
  clinic = openClinic(code);
  seedPeople(clinic);
  clinic.seed('Patient', 'patients', katherine);
  clinic.seed('Encounter', 'encounters', encounter(adaEncounter, ada, valley.id));
  clinic.seed('Encounter', 'encounters', encounter(katherineEncounter, katherine, valley.id));
  clinic.seed('Encounter', 'encounters', encounter(graceEncounter, grace, harbor.id));
});

function note(id: string, patient: Values, encounterId: string): Values {
  return {
    id,
    patientId: patient['id'],
    encounterId,
    authorId: uuid(9, '2'),
    writtenAt: new Date('2024-05-01T10:00:00.000Z'),
    body: 'Follow up in two weeks.',
  };
}

function storedNote(id: string): Values | undefined {
  return selectRows(clinic.database, 'clinical_notes', 'id', id)[0];
}

describe('references of an insert', () => {
  it("stores a note on its own encounter", () => {
    const id = uuid(1, '4');

    clinic.repository('ClinicalNote').insert(nurseAtValley, note(id, ada, adaEncounter));

    expect(storedNote(id)?.['encounter_id']).toBe(adaEncounter);
    expect(clinic.audit()).toMatchObject([{ action: 'create', outcome: 'success' }]);
  });

  it("rejects another patient's encounter", () => {
    const id = uuid(2, '4');

    const error = caught(() =>
      clinic.repository('ClinicalNote').insert(nurseAtValley, note(id, ada, katherineEncounter)),
    );

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error).toMatchObject({ action: 'create', model: 'ClinicalNote', reason: 'out-of-scope' });
    expect(storedNote(id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([
      {
        action: 'create',
        outcome: 'denied',
        detail: 'reference-other-patient',
        fields: ['encounterId'],
        recordIds: [id],
      },
    ]);
  });

  it("rejects another organization's encounter", () => {
    const id = uuid(3, '4');

    const error = caught(() =>
      clinic.repository('ClinicalNote').insert(nurseAtHarbor, note(id, grace, adaEncounter)),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedNote(id)).toBeUndefined();
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'reference-out-of-scope', fields: ['encounterId'] },
    ]);
  });

  it('denies a missing encounter as out of scope', () => {
    const notes = clinic.repository('ClinicalNote');

    const other = caught(() => notes.insert(nurseAtHarbor, note(uuid(4, '4'), grace, adaEncounter)));
    const missing = caught(() =>
      notes.insert(nurseAtHarbor, note(uuid(5, '4'), grace, missingEncounter)),
    );

    expect(missing).toBeInstanceOf(AccessDeniedError);
    expect(missing).toMatchObject({ reason: (other as AccessDeniedError).reason });
    expect((missing as Error).message).toBe((other as Error).message);
    expect(clinic.audit().map((record) => record.detail)).toEqual([
      'reference-out-of-scope',
      'reference-not-found',
    ]);
  });

  it('checks references under scope all', () => {
    const error = caught(() =>
      clinic.repository('ClinicalNote').insert(registrar, note(uuid(6, '4'), grace, adaEncounter)),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(clinic.audit()).toMatchObject([{ detail: 'reference-out-of-scope' }]);
  });

  it('skips a null optional reference', () => {
    const id = uuid(7, '4');
    const prescription = {
      id,
      patientId: ada.id,
      encounterId: null,
      prescriberId: uuid(9, '2'),
      medication: '314076',
      dosage: '10 mg daily',
      quantity: 30,
      refills: 2,
      status: 'active',
      writtenAt: new Date('2024-05-01T10:00:00.000Z'),
    };

    clinic.repository('Prescription').insert(physicianAtValley, prescription);

    expect(selectRows(clinic.database, 'prescriptions', 'id', id)[0]?.['encounter_id']).toBeNull();
  });

  it('allows another organization as referrer', () => {
    const id = uuid(8, '4');
    const referred = { ...encounter(id, ada, valley.id), referringOrganizationId: harbor.id };

    clinic.repository('Encounter').insert(nurseAtValley, referred);

    const stored = selectRows(clinic.database, 'encounters', 'id', id)[0];
    expect(stored?.['referring_organization_id']).toBe(harbor.id);
  });

  it('rejects a reference to a missing organization', () => {
    const id = uuid(9, '4');
    const referred = { ...encounter(id, ada, valley.id), referringOrganizationId: uuid(1, '9') };

    const error = caught(() => clinic.repository('Encounter').insert(nurseAtValley, referred));

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(clinic.audit()).toMatchObject([
      { detail: 'reference-not-found', fields: ['referringOrganizationId'] },
    ]);
  });
});

describe('references of an update', () => {
  const noteId = uuid(1, '5');

  beforeEach(() => {
    clinic.seed('ClinicalNote', 'clinical_notes', note(noteId, ada, adaEncounter));
  });

  it("rejects repointing to another patient", () => {
    const error = caught(() =>
      clinic
        .repository('ClinicalNote')
        .update(physicianAtValley, noteId, { encounterId: katherineEncounter }),
    );

    expect(error).toMatchObject({ action: 'update', reason: 'out-of-scope' });
    expect(storedNote(noteId)?.['encounter_id']).toBe(adaEncounter);
    expect(clinic.audit()).toMatchObject([
      { action: 'update', outcome: 'denied', detail: 'reference-other-patient' },
    ]);
  });

  it('rechecks kept references on a move', () => {
    const error = caught(() =>
      clinic.repository('ClinicalNote').update(physicianAtValley, noteId, { patientId: katherine.id }),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(storedNote(noteId)?.['patient_id']).toBe(ada.id);
    expect(clinic.audit()).toMatchObject([
      { outcome: 'denied', detail: 'reference-other-patient', fields: ['encounterId'] },
    ]);
  });

  it('moves a note with its encounter', () => {
    clinic
      .repository('ClinicalNote')
      .update(physicianAtValley, noteId, { patientId: katherine.id, encounterId: katherineEncounter });

    expect(storedNote(noteId)).toMatchObject({
      patient_id: katherine.id,
      encounter_id: katherineEncounter,
    });
  });

  it('denies moving an encounter that a note names', () => {
    const error = caught(() =>
      clinic
        .repository('Encounter')
        .update(physicianAtValley, adaEncounter, { patientId: katherine.id }),
    );

    expect(error).toMatchObject({ action: 'update', reason: 'out-of-scope' });
    const stored = selectRows(clinic.database, 'encounters', 'id', adaEncounter)[0];
    expect(stored?.['patient_id']).toBe(ada.id);
    expect(clinic.audit()).toMatchObject([
      { action: 'update', outcome: 'denied', detail: 'moved-while-referenced' },
    ]);
  });

  it('moves an encounter that no record names', () => {
    clinic
      .repository('Encounter')
      .update(physicianAtValley, katherineEncounter, { patientId: ada.id });

    const stored = selectRows(clinic.database, 'encounters', 'id', katherineEncounter)[0];
    expect(stored?.['patient_id']).toBe(ada.id);
  });

  it('denies moving a patient whose encounters stay', () => {
    const error = caught(() =>
      clinic.repository('Patient').update(registrar, ada.id, { organizationId: harbor.id }),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    const stored = selectRows(clinic.database, 'patients', 'id', ada.id)[0];
    expect(stored?.['organization_id']).toBe(valley.id);
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'moved-while-referenced' }]);
  });

  it('moves a patient without records', () => {
    const newcomer = { ...ada, id: uuid(3, '7'), mrn: 'MRN-NEW-0003' };
    clinic.seed('Patient', 'patients', newcomer);

    clinic.repository('Patient').update(registrar, newcomer.id, { organizationId: harbor.id });

    const stored = selectRows(clinic.database, 'patients', 'id', newcomer.id)[0];
    expect(stored?.['organization_id']).toBe(harbor.id);
  });

  it('denies moving a note that a reply names', () => {
    const reply = uuid(2, '5');
    clinic.seed('ClinicalNote', 'clinical_notes', {
      ...note(reply, ada, adaEncounter),
      replyToId: noteId,
    });

    const error = caught(() =>
      clinic.repository('ClinicalNote').update(physicianAtValley, noteId, {
        patientId: katherine.id,
        encounterId: katherineEncounter,
      }),
    );

    expect(error).toMatchObject({ reason: 'out-of-scope' });
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'moved-while-referenced' }]);
  });

  it('stores a note that names itself', () => {
    const id = uuid(3, '5');

    clinic
      .repository('ClinicalNote')
      .insert(nurseAtValley, { ...note(id, ada, adaEncounter), replyToId: id });

    expect(storedNote(id)?.['reply_to_id']).toBe(id);
  });

  it('fails a malformed reference as invalid', () => {
    const notes = clinic.repository('ClinicalNote');

    const error = caught(() => notes.insert(nurseAtValley, note(uuid(4, '5'), ada, 'not-a-uuid')));

    expect(error).toMatchObject({ name: 'FieldValidationError' });
    expect(clinic.audit()).toMatchObject([{ outcome: 'failure', detail: 'field.invalid' }]);
  });

  it('skips references an update keeps', () => {
    clinic.database.pragma('foreign_keys = OFF');
    clinic.database.prepare('DELETE FROM "encounters" WHERE "id" = ?').run(adaEncounter);

    clinic.repository('ClinicalNote').update(physicianAtValley, noteId, { body: 'Seen again.' });

    expect(clinic.audit()).toMatchObject([{ action: 'update', outcome: 'success' }]);
  });
});
