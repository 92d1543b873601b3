import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { AccessRequest } from '@hspec/runtime';
import {
  loadGeneratedCode,
  openClinic,
  type Clinic,
  type GeneratedCode,
} from './support/clinic.js';
import {
  ada,
  adaHerself,
  encounter,
  grace,
  harbor,
  nurseAtValley,
  seedPeople,
  uuid,
  valley,
} from './support/records.js';

let code: GeneratedCode;
let clinic: Clinic;

beforeAll(async () => {
  code = await loadGeneratedCode('repository-scope');
});

beforeEach(() => {
  clinic = openClinic(code);
  seedPeople(clinic);
});

/** Stores encounters: `valleyCount` of Ada at Valley, then `harborCount` of Grace at Harbor. */
function seedEncounters(valleyCount: number, harborCount: number): void {
  for (let index = 0; index < valleyCount; index += 1) {
    clinic.seed('Encounter', 'encounters', encounter(uuid(index, 'a'), ada, valley.id));
  }
  for (let index = 0; index < harborCount; index += 1) {
    clinic.seed('Encounter', 'encounters', encounter(uuid(index, 'b'), grace, harbor.id));
  }
}

function seedNotes(valleyCount: number, harborCount: number): void {
  const note = (id: string, patientId: string, encounterId: string) => ({
    id,
    patientId,
    encounterId,
    authorId: uuid(1, 'c'),
    writtenAt: new Date('2024-05-01T10:00:00.000Z'),
    body: 'Reports chest pain on exertion.',
  });
  seedEncounters(1, 1);
  for (let index = 0; index < valleyCount; index += 1) {
    clinic.seed('ClinicalNote', 'clinical_notes', note(uuid(index, 'd'), ada.id, uuid(0, 'a')));
  }
  for (let index = 0; index < harborCount; index += 1) {
    clinic.seed('ClinicalNote', 'clinical_notes', note(uuid(index, 'f'), grace.id, uuid(0, 'b')));
  }
}

/** Returns the SELECT statements on a table and how many rows each `all` call returned. */
function selects(table: string): { readonly sql: string; readonly rows: number }[] {
  return clinic.recorded.rowCounts.filter((count) => count.sql.includes(`FROM "${table}"`));
}

const coordinator = (purposeOfUse: string, patientId?: string): AccessRequest => ({
  subject: { userId: 'coordinator-1', role: 'coordinator', organizationId: harbor.id, patientId },
  purposeOfUse,
});

describe('row scope in SQL', () => {
  it('lists none of 1,000 encounters of another organization', () => {
    seedEncounters(3, 1000);

    const page = clinic.repository('Encounter').list(nurseAtValley, { limit: 500 });

    expect(page.items).toHaveLength(3);
    expect(page.next).toBeNull();
  });

  it('leaves rows of another organization out in the WHERE clause', () => {
    seedEncounters(3, 1000);

    clinic.repository('Encounter').list(nurseAtValley, { limit: 500 });

    const [select] = selects('encounters');
    expect(select?.rows).toBe(3);
    expect(select?.sql).toContain('WHERE ("record"."organization_id" = ?)');
  });

  it('binds the subject id as a parameter, never as SQL text', () => {
    seedEncounters(1, 1);

    clinic.repository('Encounter').list(nurseAtValley, { limit: 10 });

    expect(clinic.recorded.statements.join('\n')).not.toContain(valley.id);
  });

  it('reaches the organization of a note through its patient', () => {
    seedNotes(2, 1000);

    const page = clinic.repository('ClinicalNote').list(nurseAtValley, { limit: 500 });

    expect(page.items.map((note) => note['patientId'])).toEqual([ada.id, ada.id]);
    const [select] = selects('clinical_notes');
    expect(select?.rows).toBe(2);
    expect(select?.sql).toContain(
      '"record"."patient_id" IN (SELECT "patient"."id" FROM "patients" AS "patient" ' +
        'WHERE "patient"."organization_id" = ?)',
    );
  });

  it('gives a note the organization of its patient for the record check', () => {
    seedNotes(1, 1);

    const notes = clinic.repository('ClinicalNote');

    expect(notes.get(nurseAtValley, uuid(0, 'd'))).toMatchObject({ patientId: ada.id });
    expect(notes.get(nurseAtValley, uuid(0, 'f'))).toBeUndefined();
  });

  it('limits a patient to their own encounters with the patient link', () => {
    seedEncounters(2, 5);

    const page = clinic.repository('Encounter').list(adaHerself, { limit: 50 });

    expect(page.items).toHaveLength(2);
    expect(selects('encounters')[0]?.sql).toContain('WHERE ("record"."patient_id" = ?)');
  });

  it('limits a patient to their own record with the primary key', () => {
    const page = clinic.repository('Patient').list(adaHerself, { limit: 50 });

    expect(page.items.map((patient) => patient['id'])).toEqual([ada.id]);
    expect(selects('patients')[0]?.sql).toContain('WHERE ("record"."id" = ?)');
  });

  it('joins two scopes of one action with OR', () => {
    seedEncounters(2, 3);

    const page = clinic.repository('Encounter').list(coordinator('HOPERAT', ada.id), {
      limit: 50,
    });

    expect(page.items).toHaveLength(5);
    expect(selects('encounters')[0]?.sql).toContain(
      'WHERE ("record"."patient_id" = ? OR "record"."organization_id" = ?)',
    );
  });

  it('leaves out a scope whose grant does not admit the purpose', () => {
    seedEncounters(2, 3);

    const page = clinic.repository('Encounter').list(coordinator('TREAT', ada.id), { limit: 50 });

    expect(page.items).toHaveLength(2);
  });

  it('leaves out a scope whose subject id is missing', () => {
    seedEncounters(2, 3);

    const page = clinic.repository('Encounter').list(coordinator('HOPERAT'), { limit: 50 });

    expect(page.items).toHaveLength(3);
    expect(selects('encounters')[0]?.sql).toContain('WHERE ("record"."organization_id" = ?)');
  });
});
