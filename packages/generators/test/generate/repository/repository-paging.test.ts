import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  loadGeneratedCode,
  openClinic,
  type Clinic,
  type GeneratedCode,
} from './support/clinic.js';
import {
  ada,
  encounter,
  grace,
  harbor,
  nurseAtHarbor,
  nurseAtValley,
  seedPeople,
  uuid,
  valley,
} from './support/records.js';

let code: GeneratedCode;
let clinic: Clinic;

beforeAll(async () => {
  code = await loadGeneratedCode('repository-paging');
});

beforeEach(() => {
  clinic = openClinic(code);
  seedPeople(clinic);
});

function seedValleyEncounters(count: number): string[] {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    // Seeded in reverse, so that primary key order differs from insertion order.
    const id = uuid(count - index, 'a');
    clinic.seed('Encounter', 'encounters', encounter(id, ada, valley.id));
    ids.push(id);
  }
  return ids.sort();
}

describe('repository list paging', () => {
  it('pages through the rows in primary key order', () => {
    const ids = seedValleyEncounters(7);
    const encounters = clinic.repository('Encounter');

    const first = encounters.list(nurseAtValley, { limit: 3 });
    const second = encounters.list(nurseAtValley, { limit: 3, after: first.next ?? '' });
    const third = encounters.list(nurseAtValley, { limit: 3, after: second.next ?? '' });

    const pages = [first, second, third].map((page) => page.items.map((item) => item['id']));
    expect(pages).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
  });

  it('ends paging with a null next', () => {
    const ids = seedValleyEncounters(4);
    const encounters = clinic.repository('Encounter');

    const first = encounters.list(nurseAtValley, { limit: 2 });
    const last = encounters.list(nurseAtValley, { limit: 2, after: first.next ?? '' });

    expect(first.next).toBe(ids[1]);
    expect(last.next).toBeNull();
  });

  it('lowers a limit above 500 to 500', () => {
    seedValleyEncounters(501);

    const page = clinic.repository('Encounter').list(nurseAtValley, { limit: 10_000 });

    expect(page.items).toHaveLength(500);
    expect(page.next).not.toBeNull();
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a limit of %s with RangeError', (limit) => {
    expect(() => clinic.repository('Encounter').list(nurseAtValley, { limit })).toThrow(RangeError);
    expect(clinic.audit()).toMatchObject([{ outcome: 'failure', detail: 'RangeError' }]);
  });

  it('audits the ids of the rows a page returned', () => {
    const ids = seedValleyEncounters(3);

    clinic.repository('Encounter').list(nurseAtValley, { limit: 2 });

    expect(clinic.audit()).toMatchObject([{ outcome: 'success', recordIds: ids.slice(0, 2) }]);
  });
});

describe('repository find by blind index', () => {
  beforeEach(() => {
    clinic.seed('Patient', 'patients', {
      ...grace,
      id: uuid(1, '9'),
      mrn: 'MRN-HARBOR-LOVELACE',
      familyName: ada.familyName,
    });
  });

  it('finds records of the own organization only', () => {
    const findByFamilyName = clinic.findBy('Patient', 'findByFamilyName');

    const valleyPage = findByFamilyName(nurseAtValley, ada.familyName);
    const harborPage = findByFamilyName(nurseAtHarbor, ada.familyName);

    expect(valleyPage.items.map((patient) => patient['id'])).toEqual([ada.id]);
    expect(harborPage.items.map((patient) => patient['id'])).toEqual([uuid(1, '9')]);
  });

  it('puts the blind index and the scope in one WHERE clause', () => {
    clinic.findBy('Patient', 'findByFamilyName')(nurseAtValley, ada.familyName);

    const select = clinic.recorded.rowCounts.find((count) => count.sql.includes('"patients"'));
    expect(select?.sql).toContain(
      'WHERE "record"."family_name_bidx" = ? AND ("record"."organization_id" = ?)',
    );
    expect(select?.rows).toBe(1);
  });

  it('finds nothing of another organization by an exact identifier', () => {
    const page = clinic.findBy('Patient', 'findByMrn')(nurseAtValley, grace.mrn);

    expect(page).toEqual({ items: [], next: null });
  });

  it('matches after the lookup normalization of the value', () => {
    const page = clinic.findBy('Patient', 'findByFamilyName')(nurseAtHarbor, ' LOVELACE ');

    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.['organizationId']).toBe(harbor.id);
  });

  it('audits the search without the searched value', () => {
    clinic.findBy('Patient', 'findByMrn')(nurseAtValley, ada.mrn);

    expect(clinic.audit()).toMatchObject([{ outcome: 'success', recordIds: [ada.id] }]);
    expect(JSON.stringify(clinic.audit())).not.toContain(ada.mrn);
  });

  it('pages through the matches', () => {
    const findByFamilyName = clinic.findBy('Patient', 'findByFamilyName');
    const breakGlass = {
      subject: { userId: 'physician-1', role: 'physician', organizationId: valley.id },
      purposeOfUse: 'BTG',
      reason: 'transferred patient',
    };

    const first = findByFamilyName(breakGlass, ada.familyName, { limit: 1 });
    const second = findByFamilyName(breakGlass, ada.familyName, {
      limit: 1,
      after: first.next ?? '',
    });

    expect([...first.items, ...second.items].map((patient) => patient['id'])).toEqual([
      ada.id,
      uuid(1, '9'),
    ]);
    expect(second.next).toBeNull();
  });
});

