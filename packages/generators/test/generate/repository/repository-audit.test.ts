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
  analyst,
  grace,
  harbor,
  nurseAtValley,
  pharmacistAtValley,
  phiValues,
  physicianAtValley,
  seedPeople,
  uuid,
  valley,
} from './support/records.js';

let code: GeneratedCode;
let clinic: Clinic;

beforeAll(async () => {
  code = await loadGeneratedCode('repository-audit');
});

beforeEach(() => {
  clinic = openClinic(code);
  seedPeople(clinic);
});

const breakGlass: AccessRequest = {
  ...physicianAtValley,
  purposeOfUse: 'BTG',
  reason: 'unconscious on arrival, chart at another clinic',
};

const newPatient = {
  id: uuid(1, '1'),
  organizationId: valley.id,
  mrn: 'MRN-NEW-0001',
  givenName: 'Katherine',
  familyName: 'Johnson',
  birthDate: '1918-08-26',
  sex: 'female',
  postalCode: '23666-0001',
  ssn: '555-12-3456',
} as const;

describe('break-glass', () => {
  it('reads a patient of another organization in the detail view', () => {
    const patient = clinic.repository('Patient').get(breakGlass, grace.id);

    expect(patient).toMatchObject({ id: grace.id, mrn: grace.mrn });
    expect(patient).not.toHaveProperty('ssn');
    expect(patient).not.toHaveProperty('insuranceMemberId');
  });

  it('audits the emergency with its reason and raises the alert', () => {
    clinic.repository('Patient').get(breakGlass, grace.id);

    expect(clinic.audit()).toMatchObject([
      {
        outcome: 'success',
        purposeOfUse: 'BTG',
        reason: breakGlass.reason,
        emergency: true,
        alert: true,
      },
    ]);
    expect(clinic.alerts).toMatchObject([
      { emergency: true, alert: true, reason: breakGlass.reason, recordIds: [grace.id] },
    ]);
  });

  it('calls the alert hook after the transaction commits', () => {
    clinic.repository('Patient').get(breakGlass, grace.id);

    expect(clinic.alertsInTransaction).toEqual([false]);
  });

  it("lets the audit log deliver its own alerts after the commit", () => {
    clinic.repository('Patient').get(breakGlass, grace.id);

    expect(clinic.logAlerts).toMatchObject([{ emergency: true, recordIds: [grace.id] }]);
  });

  it('lists rows of every organization without a scope condition', () => {
    clinic.repository('Patient').list(breakGlass, { limit: 10 });

    const select = clinic.recorded.rowCounts.find((count) => count.sql.includes('"patients"'));
    expect(select?.rows).toBe(2);
    expect(select?.sql).not.toContain('WHERE');
  });

  it('leaves a committed read audited as a success when the alert hook throws', () => {
    const paging = openClinic(code, {
      alert: () => {
        throw new Error('pager unreachable');
      },
    });
    seedPeople(paging);

    expect(() => paging.repository('Patient').get(breakGlass, grace.id)).toThrow(
      'pager unreachable',
    );
    expect(paging.audit().map((record) => record.outcome)).toEqual(['success']);
  });

  it('denies break-glass without a reason', () => {
    const { reason: _reason, ...withoutReason } = breakGlass;

    expect(() => clinic.repository('Patient').get(withoutReason, grace.id)).toThrow(
      expect.objectContaining({ reason: 'reason-required' }),
    );
    expect(clinic.audit()).toMatchObject([{ outcome: 'denied', detail: 'reason-required' }]);
    expect(clinic.alerts).toEqual([]);
  });

  it('raises no alert for an ordinary read', () => {
    clinic.repository('Patient').get(physicianAtValley, ada.id);

    expect(clinic.alerts).toEqual([]);
  });
});

describe('audit of every call', () => {
  const prescription = {
    id: uuid(3, '3'),
    patientId: ada.id,
    prescriberId: uuid(4, '3'),
    medication: '197361',
    quantity: 30,
    refills: 2,
    status: 'active',
    writtenAt: new Date('2024-05-02T08:00:00.000Z'),
  };
  const leaving = {
    ...newPatient,
    id: uuid(5, '5'),
    mrn: 'MRN-LEAVING-0005',
    givenName: 'Mary',
    familyName: 'Jackson',
    ssn: '555-98-7654',
  };

  beforeEach(() => {
    clinic.seed('Prescription', 'prescriptions', prescription);
    clinic.seed('Patient', 'patients', leaving);
  });

  const calls: readonly (readonly [string, string, (clinic: Clinic) => unknown])[] = [
    ['insert', 'success', (c) => c.repository('Patient').insert(physicianAtValley, newPatient)],
    ['get', 'success', (c) => c.repository('Patient').get(nurseAtValley, ada.id)],
    [
      'get outside the scope',
      'denied',
      (c) => c.repository('Patient').get(nurseAtValley, grace.id),
    ],
    [
      'get by a de-identified role without a SafeHarbor',
      'failure',
      (c) => c.repository('Patient').get(analyst, ada.id),
    ],
    ['list', 'success', (c) => c.repository('Patient').list(adaHerself, { limit: 5 })],
    [
      'list with a limit of 0',
      'failure',
      (c) => c.repository('Patient').list(adaHerself, { limit: 0 }),
    ],
    [
      'find by blind index',
      'success',
      (c) => c.findBy('Patient', 'findByMrn')(nurseAtValley, ada.mrn),
    ],
    [
      'update',
      'success',
      (c) => c.repository('Patient').update(physicianAtValley, ada.id, { phone: '+1 555 0177' }),
    ],
    [
      'update of a field outside the grant',
      'denied',
      (c) =>
        c.repository('Prescription').update(pharmacistAtValley, prescription.id, { quantity: 1 }),
    ],
    [
      'update with an invalid value',
      'failure',
      (c) => c.repository('Patient').update(physicianAtValley, ada.id, { ssn: 'not an ssn' }),
    ],
    ['delete', 'success', (c) => c.repository('Patient').delete(physicianAtValley, leaving.id)],
    [
      'delete outside the scope',
      'denied',
      (c) => c.repository('Patient').delete(physicianAtValley, grace.id),
    ],
  ];

  it.each(calls)('writes exactly one record for %s, with outcome %s', (_name, outcome, call) => {
    try {
      call(clinic);
    } catch {
      // Denied and failed calls throw; the audit log is what this test checks.
    }

    expect(clinic.audit().map((record) => record.outcome)).toEqual([outcome]);
  });

  it('never writes a PHI value to the audit log', () => {
    for (const [, , call] of calls) {
      try {
        call(clinic);
      } catch {
        // Denied and failed calls are audited as well.
      }
    }
    clinic.repository('Patient').get(breakGlass, grace.id);

    const written = [
      ...phiValues,
      newPatient.mrn,
      newPatient.ssn,
      leaving.mrn,
      leaving.ssn,
      leaving.familyName,
      '+1 555 0177',
      'not an ssn',
    ];
    const text = clinic.auditText();
    expect(text.length).toBeGreaterThan(0);
    for (const value of written) {
      expect(text.filter((column) => column.includes(value)), value).toEqual([]);
    }
  });

  it('keeps the audit hash chain intact', () => {
    for (const [, , call] of calls) {
      try {
        call(clinic);
      } catch {
        // Denied and failed calls are audited as well.
      }
    }

    expect(clinic.audit()).toHaveLength(calls.length);
    expect(clinic.auditVerifies()).toBe(true);
  });

  it("commits a call's data and audit record with the caller's transaction", () => {
    const patients = clinic.repository('Patient');

    expect(() =>
      clinic.database.transaction(() => {
        patients.insert(physicianAtValley, newPatient);
        throw new Error('the caller gives up');
      })(),
    ).toThrow('the caller gives up');

    expect(patients.get(physicianAtValley, newPatient.id)).toBeUndefined();
    expect(clinic.audit().map((record) => record.action)).toEqual(['read']);
  });

  it('names the acting user, role and purpose of use', () => {
    clinic.repository('Organization').get(nurseAtValley, harbor.id);

    expect(clinic.audit()).toMatchObject([
      { userId: 'nurse-1', role: 'nurse', model: 'Organization', purposeOfUse: 'TREAT' },
    ]);
  });
});
