import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Keyring, type fhir4 } from '@hspec/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTelehealthApp } from '../src/service/create-app.js';
import { openService, type OpenService } from '../src/service/open-service.js';
import { UserDirectory } from '../src/service/user-directory.js';

const clinicA = randomUUID();
const clinicB = randomUUID();
const users = new UserDirectory();

// Synthetic values, each distinctive enough to find if it ever leaks.
const registration = {
  mrn: 'MRN-30411-EX',
  givenName: 'Theodora',
  familyName: 'Vasquez-Lind',
  birthDate: '1931-02-11',
  sex: 'female',
  ssn: '900-41-7788',
  phone: '+1 785 555 0142',
  email: 'theodora@example.org',
  street: '18 Cottonwood Row',
  zip: '66502',
  memberId: 'PLAN-30411-KQ',
  consentsToSms: true,
};

let service: OpenService;
let server: Server;
let baseUrl: string;

function keyMaterial(id: string) {
  return { id, key: randomBytes(32), createdAt: undefined };
}

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'telehealth-export-'));
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

  const subject = (role: string, organizationId: string) => ({
    userId: randomUUID(),
    role,
    organizationId,
  });
  await users.add('carl', 'clinician-pass', subject('clinician', clinicA));
  await users.add('bea', 'clinician-pass', subject('clinician', clinicB));
  await users.add('nina', 'nurse-pass', subject('nurse', clinicA));
  await users.add('ana', 'analyst-pass', subject('analyst', clinicB));

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
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function call(method: string, path: string, cookie: string, purpose: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, 'x-purpose-of-use': purpose },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('chart export and de-identified reads over HTTP', () => {
  let patientId = '';

  it('exports a chart without withheld fields', async () => {
    const carl = await login('carl', 'clinician-pass');
    const created = await call('POST', '/api/patients', carl, 'TREAT', registration);
    patientId = (JSON.parse(created.text) as { id: string }).id;

    const exported = await call('GET', `/api/patients/${patientId}/export`, carl, 'TREAT');
    const bundle = JSON.parse(exported.text) as fhir4.Bundle;

    expect(exported.status).toBe(200);
    expect(exported.type).toMatch(/^application\/fhir\+json/);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry?.map((entry) => entry.resource?.resourceType)).toEqual(['Patient', 'Organization']);
    for (const value of [registration.ssn, registration.phone, registration.email, registration.street]) {
      expect(exported.text).not.toContain(value);
    }
    expect(exported.text).toContain(registration.familyName);
  });

  it('audits the export as an alert, without PHI', async () => {
    const records = [...service.auditLog.records()].filter((record) => record.action === 'export');
    const text = JSON.stringify(records);

    expect(records.map((record) => record.model)).toEqual(['Patient', 'Clinic', 'Visit', 'LabResult']);
    expect(records.every((record) => record.alert)).toBe(true);
    for (const value of [registration.mrn, registration.givenName, registration.familyName]) {
      expect(text).not.toContain(value);
    }
  });

  it("points the patient's organization reference at its entry", async () => {
    const carl = await login('carl', 'clinician-pass');

    const exported = await call('GET', `/api/patients/${patientId}/export`, carl, 'TREAT');
    const bundle = JSON.parse(exported.text) as fhir4.Bundle;
    const [patient, organization] = bundle.entry ?? [];

    expect(organization?.fullUrl).toBe(`urn:uuid:${clinicA}`);
    expect(patient?.resource).toMatchObject({ managingOrganization: { reference: `urn:uuid:${clinicA}` } });
  });

  it('denies an export for payment and an export by a nurse', async () => {
    const carl = await login('carl', 'clinician-pass');
    const nina = await login('nina', 'nurse-pass');

    expect((await call('GET', `/api/patients/${patientId}/export`, carl, 'HPAYMT')).status).toBe(403);
    expect((await call('GET', `/api/patients/${patientId}/export`, nina, 'TREAT')).status).toBe(403);
  });

  it('denies an export of a patient of another clinic', async () => {
    const bea = await login('bea', 'clinician-pass');

    expect((await call('GET', `/api/patients/${patientId}/export`, bea, 'TREAT')).status).toBe(403);
  });

  it('gives the analyst the Safe Harbor projection of a patient', async () => {
    const ana = await login('ana', 'analyst-pass');
    const read = await call('GET', `/api/patients/${patientId}`, ana, 'HRESCH');
    const patient = JSON.parse(read.text) as Record<string, unknown>;

    expect(read.status).toBe(200);
    // Born in 1931, the patient is 90 or older, so the birth year is withheld.
    expect(patient).toMatchObject({ birthDate: null, ageOver89: true, zip: '665', sex: 'female' });
    expect(patient['id']).not.toBe(patientId);
    for (const value of [registration.mrn, registration.familyName, registration.phone, patientId]) {
      expect(read.text).not.toContain(value);
    }
  });

  it('does not let the analyst search by MRN', async () => {
    const ana = await login('ana', 'analyst-pass');
    const search = await call('POST', '/api/patients/search', ana, 'HRESCH', { mrn: registration.mrn });

    expect(search.status).toBe(403);
    expect(JSON.parse(search.text)).toEqual({ error: 'access.denied', reason: 'deidentified-only' });
  });
});
