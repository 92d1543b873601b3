import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Keyring, type AuditRecord } from '@hspec/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTelehealthApp } from '../src/service/create-app.js';
import { openService, type OpenService } from '../src/service/open-service.js';
import { UserDirectory } from '../src/service/user-directory.js';

const clinicA = randomUUID();
const clinicB = randomUUID();
const users = new UserDirectory();
const userIds = {
  nina: randomUUID(),
  carl: randomUUID(),
  bea: randomUUID(),
  nora: randomUUID(),
  sam: randomUUID(),
  pat: randomUUID(),
};

// Synthetic values, each distinctive enough to find if it ever leaks into the audit log.
const registration = {
  mrn: 'MRN-77120-QX',
  givenName: 'Wilhelmina',
  familyName: 'Achterberg',
  birthDate: '1961-07-19',
  sex: 'female',
  ssn: '900-55-1234',
  phone: '+1 316 555 0188',
  zip: '67202',
  memberId: 'PLAN-99812-ZZ',
  consentsToSms: false,
};
const noteBody = 'Reports dizziness after the lisinopril dose increase.';

/** Lists the routes that write to a patient's chart, each with a body for the patient and visit. */
function chartWrites(patientId: string, visitId: string): (readonly [string, object])[] {
  return [
    ['/api/visits', { patientId, mode: 'video', start: '2026-12-02T09:00:00.000Z' }],
    ['/api/notes', { patientId, visitId, body: noteBody }],
    ['/api/prescriptions', { patientId, medication: '314076', quantity: 30, refills: 2 }],
  ];
}

let service: OpenService;
let server: Server;
let baseUrl: string;
const alerts: AuditRecord[] = [];

function keyMaterial(id: string) {
  return { id, key: randomBytes(32), createdAt: undefined };
}

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'telehealth-service-'));
  const keyring = Keyring.from({
    activeKeyId: 'k1',
    keys: [keyMaterial('k1')],
    blindIndexKey: keyMaterial('b1'),
    auditKey: keyMaterial('a1'),
  });
  service = openService(join(folder, 'service.db'), keyring);
  service.database
    .prepare('INSERT INTO "clinics" ("id", "name", "npi") VALUES (?, ?, ?), (?, ?, ?)')
    .run(clinicA, 'Flint Hills Telehealth', '1234567893', clinicB, 'Smoky Hill Clinic', '1234567894');

  await users.add('nina', 'nurse-pass', { userId: userIds.nina, role: 'nurse', organizationId: clinicA });
  await users.add('carl', 'clinician-pass', { userId: userIds.carl, role: 'clinician', organizationId: clinicA });
  await users.add('bea', 'clinician-pass', { userId: userIds.bea, role: 'clinician', organizationId: clinicB });
  await users.add('nora', 'nurse-pass', { userId: userIds.nora, role: 'nurse', organizationId: clinicB });
  await users.add('sam', 'scheduler-pass', { userId: userIds.sam, role: 'scheduler', organizationId: clinicA });

  const app = createTelehealthApp({ ...service, users, allowLocalDevelopment: true });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  service.sessionStore.close();
  service.database.close();
});

async function login(username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(204);
  const cookie = response.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

interface CallOptions {
  readonly cookie?: string;
  readonly purpose?: string;
  readonly reason?: string;
  readonly body?: unknown;
}

async function call(method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie !== undefined) headers['cookie'] = options.cookie;
  if (options.purpose !== undefined) headers['x-purpose-of-use'] = options.purpose;
  if (options.reason !== undefined) headers['x-break-glass-reason'] = options.reason;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json') === true;
  return { status: response.status, body: json ? (JSON.parse(text) as any) : text };
}

describe('telehealth service over HTTP', () => {
  let patientId = '';
  let portalPatientId = '';
  let visitId = '';

  it('lets a clinician register a patient', async () => {
    const carl = await login('carl', 'clinician-pass');

    const created = await call('POST', '/api/patients', { cookie: carl, purpose: 'TREAT', body: registration });
    patientId = created.body.id;
    const portal = await call('POST', '/api/patients', {
      cookie: carl,
      purpose: 'TREAT',
      body: { ...registration, mrn: 'MRN-PORTAL-1' },
    });

    expect(created.status).toBe(201);
    expect(portal.status).toBe(201);
    portalPatientId = portal.body.id;
    // The portal account links to the record the registration created.
    await users.add('pat', 'patient-pass', { userId: userIds.pat, role: 'patient', patientId: portalPatientId });
  });

  it('invalid registration names the field only', async () => {
    const carl = await login('carl', 'clinician-pass');

    const result = await call('POST', '/api/patients', {
      cookie: carl,
      purpose: 'TREAT',
      body: { ...registration, ssn: '900551234' },
    });

    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'field.invalid', field: 'ssn', rule: 'pattern' });
  });

  it('does not let a nurse register a patient', async () => {
    const nina = await login('nina', 'nurse-pass');

    const result = await call('POST', '/api/patients', { cookie: nina, purpose: 'TREAT', body: registration });

    expect(result.status).toBe(403);
    expect(result.body.error).toBe('access.denied');
  });

  it('shows a nurse the chart view without ssn or plan number', async () => {
    const nina = await login('nina', 'nurse-pass');

    const result = await call('GET', `/api/patients/${patientId}`, { cookie: nina, purpose: 'TREAT' });

    expect(result.status).toBe(200);
    expect(result.body.mrn).toBe(registration.mrn);
    expect(result.body.givenName).toBe(registration.givenName);
    expect(result.body).not.toHaveProperty('ssn');
    expect(result.body).not.toHaveProperty('memberId');
  });

  it('shows a clinician every field', async () => {
    const carl = await login('carl', 'clinician-pass');

    const result = await call('GET', `/api/patients/${patientId}`, { cookie: carl, purpose: 'TREAT' });

    expect(result.status).toBe(200);
    expect(result.body.ssn).toBe(registration.ssn);
    expect(result.body.memberId).toBe(registration.memberId);
  });

  it('MRN search stays within the clinic', async () => {
    const carl = await login('carl', 'clinician-pass');
    const bea = await login('bea', 'clinician-pass');

    const own = await call('POST', '/api/patients/search', { cookie: carl, purpose: 'TREAT', body: { mrn: 'mrn-77120-qx' } });
    const other = await call('POST', '/api/patients/search', { cookie: bea, purpose: 'TREAT', body: { mrn: registration.mrn } });

    expect(own.body.items.map((item: { id: string }) => item.id)).toEqual([patientId]);
    expect(other.body.items).toEqual([]);
  });

  it('scheduler gets the summary for HOPERAT', async () => {
    const sam = await login('sam', 'scheduler-pass');

    const list = await call('GET', '/api/patients', { cookie: sam, purpose: 'HOPERAT' });
    const treatment = await call('GET', '/api/patients', { cookie: sam, purpose: 'TREAT' });

    expect(list.status).toBe(200);
    const first = list.body.items.find((item: { id: string }) => item.id === patientId);
    expect(Object.keys(first).sort()).toEqual(['birthDate', 'familyName', 'givenName', 'id']);
    expect(treatment.status).toBe(403);
  });

  it('nurse writes visit notes, scheduler cannot', async () => {
    const nina = await login('nina', 'nurse-pass');
    const sam = await login('sam', 'scheduler-pass');

    const visit = await call('POST', '/api/visits', {
      cookie: nina,
      purpose: 'TREAT',
      body: { patientId, mode: 'video', start: '2026-12-01T15:30:00.000Z' },
    });
    visitId = visit.body.id;
    const note = await call('POST', '/api/notes', { cookie: nina, purpose: 'TREAT', body: { patientId, visitId, body: noteBody } });
    const notes = await call('GET', '/api/notes', { cookie: nina, purpose: 'TREAT' });
    const schedulerNotes = await call('GET', '/api/notes', { cookie: sam, purpose: 'HOPERAT' });

    expect(visit.status).toBe(201);
    expect(note.status).toBe(201);
    expect(notes.body.items.map((item: { body: string }) => item.body)).toEqual([noteBody]);
    expect(schedulerNotes.status).toBe(403);
  });

  it('only clinicians prescribe, for treatment', async () => {
    const carl = await login('carl', 'clinician-pass');
    const nina = await login('nina', 'nurse-pass');
    const prescription = { patientId, medication: '314076', instructions: 'one tablet daily', quantity: 30, refills: 2 };

    const byClinician = await call('POST', '/api/prescriptions', { cookie: carl, purpose: 'TREAT', body: prescription });
    const forPayment = await call('POST', '/api/prescriptions', { cookie: carl, purpose: 'HPAYMT', body: prescription });
    const byNurse = await call('POST', '/api/prescriptions', { cookie: nina, purpose: 'TREAT', body: prescription });

    expect(byClinician.status).toBe(201);
    expect(forPayment.status).toBe(403);
    expect(byNurse.status).toBe(403);
  });

  it("denies another clinic's writes to a patient", async () => {
    const bea = await login('bea', 'clinician-pass');
    const nora = await login('nora', 'nurse-pass');
    const writes = chartWrites(patientId, visitId);
    const [visitWrite] = writes;
    const attempts = [
      ...writes.map(([path, body]) => ({ path, body, cookie: bea })),
      { path: '/api/visits', body: visitWrite?.[1], cookie: nora },
    ];

    for (const { path, body, cookie } of attempts) {
      const result = await call('POST', path, { cookie, purpose: 'TREAT', body });

      expect(result.status, path).toBe(403);
      expect(result.body, path).toEqual({ error: 'access.denied', reason: 'out-of-scope' });
    }
    const stored = service.database
      .prepare('SELECT COUNT(*) AS "count" FROM "visits" WHERE "clinic_id" = ?')
      .get(clinicB) as { count: number };
    expect(stored.count).toBe(0);
    const denied = [...service.auditLog.records()]
      // The repositories' records name the model; the HTTP layer's records of the same requests do not.
      .filter((record) => record.model !== null && record.outcome === 'denied')
      .slice(-4);
    expect(denied.map((record) => [record.model, record.detail])).toEqual([
      ['Visit', 'patient-out-of-scope'],
      ['VisitNote', 'out-of-scope'],
      ['Prescription', 'out-of-scope'],
      ['Visit', 'patient-out-of-scope'],
    ]);
  });

  it("answers an unknown patient as another clinic's patient", async () => {
    const bea = await login('bea', 'clinician-pass');

    for (const [path, body] of chartWrites(patientId, visitId)) {
      const otherClinic = await call('POST', path, { cookie: bea, purpose: 'TREAT', body });
      const unknown = await call('POST', path, {
        cookie: bea,
        purpose: 'TREAT',
        body: { ...body, patientId: randomUUID() },
      });

      expect(unknown.status, path).toBe(403);
      expect(unknown.status, path).toBe(otherClinic.status);
      expect(unknown.body, path).toEqual(otherClinic.body);
    }
  });

  it('keeps a note to a visit of its own patient and clinic', async () => {
    const nina = await login('nina', 'nurse-pass');
    const bea = await login('bea', 'clinician-pass');
    const registered = await call('POST', '/api/patients', {
      cookie: bea,
      purpose: 'TREAT',
      body: { ...registration, mrn: 'MRN-CLINIC-B-1' },
    });
    const attempts = [
      { cookie: nina, body: { patientId: portalPatientId, visitId, body: noteBody } },
      { cookie: bea, body: { patientId: registered.body.id, visitId, body: noteBody } },
      { cookie: nina, body: { patientId, visitId: randomUUID(), body: noteBody } },
    ];

    expect(registered.status).toBe(201);
    for (const { cookie, body } of attempts) {
      const result = await call('POST', '/api/notes', { cookie, purpose: 'TREAT', body });

      expect(result.status).toBe(403);
      expect(result.body).toEqual({ error: 'access.denied', reason: 'out-of-scope' });
    }
    const denied = [...service.auditLog.records()]
      .filter((record) => record.model === 'VisitNote' && record.outcome === 'denied')
      .slice(-3);
    expect(denied.map((record) => [record.detail, record.fields])).toEqual([
      ['reference-other-patient', ['visitId']],
      ['reference-out-of-scope', ['visitId']],
      ['reference-not-found', ['visitId']],
    ]);
  });

  it('portal shows only the own chart', async () => {
    const pat = await login('pat', 'patient-pass');

    const chart = await call('GET', '/api/portal/chart', { cookie: pat, purpose: 'PATRQT' });
    const other = await call('GET', `/api/patients/${patientId}`, { cookie: pat, purpose: 'PATRQT' });
    const prescriptions = await call('GET', '/api/prescriptions', { cookie: pat, purpose: 'PATRQT' });

    expect(chart.status).toBe(200);
    expect(chart.body.id).toBe(portalPatientId);
    expect(chart.body).not.toHaveProperty('mrn');
    expect(other.status).toBe(404);
    expect(prescriptions.body.items).toEqual([]);
  });

  it('break-glass needs a reason and alerts', async () => {
    const bea = await login('bea', 'clinician-pass');

    const without = await call('GET', `/api/patients/${patientId}`, { cookie: bea, purpose: 'TREAT' });
    const noReason = await call('GET', `/api/patients/${patientId}`, { cookie: bea, purpose: 'BTG' });
    const withReason = await call('GET', `/api/patients/${patientId}`, {
      cookie: bea,
      purpose: 'BTG',
      reason: 'patient arrived unconscious at our clinic',
    });

    expect(without.status).toBe(404);
    expect(noReason.status).toBe(403);
    expect(noReason.body.reason).toBe('reason-required');
    expect(withReason.status).toBe(200);
    expect(withReason.body).not.toHaveProperty('ssn');
    const emergency = [...service.auditLog.records()].filter((record) => record.emergency && record.model === 'Patient');
    expect(emergency.at(-1)).toMatchObject({ alert: true, reason: 'patient arrived unconscious at our clinic', userId: userIds.bea });
  });

  it('refuses requests without a session or a purpose of use', async () => {
    const carl = await login('carl', 'clinician-pass');

    const anonymous = await call('GET', '/api/patients', { purpose: 'TREAT' });
    const noPurpose = await call('GET', '/api/patients', { cookie: carl });

    expect(anonymous.status).toBe(401);
    expect(noPurpose.status).toBe(403);
    expect(String(noPurpose.body)).toMatch(/purpose/i);
  });

  it('audits logins, failed logins and logouts', async () => {
    const failed = await fetch(`${baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'carl', password: 'wrong' }),
    });
    const cookie = await login('nina', 'nurse-pass');
    await call('POST', '/auth/logout', { cookie });
    const afterLogout = await call('GET', '/api/patients', { cookie, purpose: 'TREAT' });

    const actions = [...service.auditLog.records()].map((record) => record.action);
    expect(failed.status).toBe(401);
    expect(afterLogout.status).toBe(401);
    expect(actions).toContain('login');
    expect(actions).toContain('login-failed');
    expect(actions).toContain('logout');
  });

  it('audit log verifies without PHI values', () => {
    const verification = service.auditLog.verify();
    // Hashes and ids are hex, where a five-digit ZIP code occurs by chance about once in a
    // thousand records, so they are taken out before the scan.
    const stored = JSON.stringify(service.database.prepare('SELECT * FROM "hspec_audit_log"').all()).replace(/[0-9a-f-]{16,}/g, '<hex>');
    const values = [...Object.values(registration).filter((value) => typeof value === 'string'), noteBody];

    expect(verification.ok).toBe(true);
    for (const value of values) expect(stored).not.toContain(value);
  });

  it('stores PHI only as ciphertext', () => {
    const row = service.database.prepare('SELECT * FROM "patients" WHERE "id" = ?').get(patientId) as Record<string, unknown>;
    const stored = JSON.stringify(row);

    for (const value of [registration.mrn, registration.givenName, registration.ssn, registration.phone]) {
      expect(stored).not.toContain(value);
    }
    expect(String(row['ssn'])).toMatch(/^hspec:v1:k1:/);
  });
});
