import { rules } from '../../src/rules/index.js';
import { createRuleTester } from './rule-tester.js';

const rule = rules['no-phi-in-response'];

// Every case below starts with these 19 lines, so its own code starts on line 20.
const imports = `import type { ServerResponse } from 'node:http';
import { request } from 'node:https';
import axios from 'axios';
import express, { type Response } from 'express';
import type { FastifyReply } from 'fastify';
import { decryptPatient, type Patient, type PatientRow } from './generated/models/patient.js';
import type { NursePatientView, SchedulerPatientView } from './generated/policy.js';
import type { ClinicianPatientEmergencyView } from './generated/policy.js';
import type { Page, PatientRepository } from './generated/repositories/patient-repository.js';
import type { RoleRequest } from './generated/repositories/patient-repository.js';
import type { FieldCipher } from './runtime.js';
`;
const declarations = `declare const res: Response;
declare const reply: FastifyReply;
declare const serverResponse: ServerResponse;
declare const patient: Patient;
declare const row: PatientRow;
declare const roster: readonly Patient[];
declare const repository: PatientRepository;
declare const partner: string;
`;
const header = `${imports}${declarations}`;

const expressJson = 'an HTTP response through express Response.json';

createRuleTester().run('no-phi-in-response', rule, {
  valid: [
    {
      name: 'role view',
      code: `${header}declare const view: NursePatientView;
res.json(view);`,
    },
    {
      name: 'repository read for a role',
      code: `${header}declare const nurse: RoleRequest<'nurse'>;
res.json(repository.get(nurse, 'p1'));`,
    },
    {
      name: 'repository page for a role',
      code: `${header}declare const nurse: RoleRequest<'nurse'>;
res.json(repository.list(nurse));`,
    },
    {
      name: 'repository page for any role',
      code: `${header}declare const anyone: RoleRequest<string>;
res.json(repository.list(anyone));`,
    },
    {
      name: 'repository read for a generic role',
      code: `${header}export function send<R extends string>(request: RoleRequest<R>): void {
  res.json(repository.get(request, 'p1'));
}`,
    },
    {
      name: 'view merged with the emergency view',
      code: `${header}declare const clinician: RoleRequest<'clinician'>;
res.json(repository.get(clinician, 'p1'));`,
    },
    {
      name: 'decrypted into a declared view',
      code: `${header}export function show(cipher: FieldCipher): void {
  const shown: NursePatientView = decryptPatient(row, cipher);
  res.json(shown);
}`,
    },
    {
      name: 'decrypted and asserted to a view',
      code: `${header}export function show(cipher: FieldCipher): void {
  res.json(decryptPatient(row, cipher) as NursePatientView);
}`,
    },
    {
      name: 'array of a type alias view',
      code: `${header}declare const views: readonly SchedulerPatientView[];
res.json(views);`,
    },
    {
      name: 'emergency view',
      code: `${header}declare const emergency: ClinicianPatientEmergencyView;
void reply.send(emergency);`,
    },
    {
      name: 'fields without PHI',
      code: `${header}res.json({ id: patient.id, sex: patient.sex });`,
    },
    { name: 'encrypted row', code: `${header}res.json(row);` },
    { name: 'error body', code: `${header}res.status(404).json({ error: 'not-found' });` },
    {
      name: 'fetch URL without PHI',
      code: `${header}void fetch(\`\${partner}/patients/\${patient.id}\`);`,
    },
    {
      name: 'axios body without PHI',
      code: `${header}void axios.post(partner, { id: patient.id });`,
    },
    {
      name: 'own object with a send method',
      code: `${header}const mailer = { send: (value: unknown): unknown => value };
mailer.send(patient);`,
    },
    {
      name: 'route handler without PHI',
      code: `${header}const app = express();
app.get('/patients/:id', (req, response) => {
  response.json({ id: req.params['id'] });
});`,
    },
    {
      name: 'view inside an object',
      code: `${header}declare const view: NursePatientView;
res.json({ patient: view, requestId: 'r1' });`,
    },
    {
      name: 'type-only code',
      code: `${header}type JsonBody = Parameters<Response['json']>[0];
const shape = { id: patient.id } satisfies Partial<Patient>;
res.json(shape);`,
    },
    {
      name: 'JSON of a view',
      code: `${header}declare const view: NursePatientView;
serverResponse.end(JSON.stringify(view));`,
    },
    {
      name: 'items of a page',
      code: `${header}declare const nurse: RoleRequest<'nurse'>;
const page = repository.list(nurse);
res.json(page.items.map((item) => item));`,
    },
  ],
  invalid: [
    {
      name: 'record without a cipher',
      code: `${header}res.json(patient);`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 10,
          data: { field: 'mrn', kind: 'medical_record_number', sink: expressJson },
          suggestions: [],
        },
      ],
    },
    {
      name: 'field after status',
      code: `${header}res.status(200).send(patient.ssn);`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 22,
          data: {
            field: 'ssn',
            kind: 'ssn',
            sink: 'an HTTP response through express Response.send',
          },
        },
      ],
    },
    {
      name: 'spread record',
      code: `${header}res.json({ ...patient, ssn: null });`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 15 }],
    },
    {
      name: 'record with a cipher in scope',
      code: `${header}export function send(cipher: FieldCipher): void {
  res.json(patient);
}`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 21,
          column: 12,
          suggestions: [
            {
              messageId: 'encryptRecord',
              data: { encryptor: 'encryptPatient', cipher: 'cipher' },
              output: `${imports}import { encryptPatient } from './generated/models/patient.js';
${declarations}export function send(cipher: FieldCipher): void {
  res.json(encryptPatient(patient, cipher));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'HTML template',
      code: `${header}res.send(\`<p>\${patient.givenName}</p>\`);`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 16 }],
    },
    {
      name: 'render locals',
      code: `${header}res.render('patient', { patient });`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 25,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'an HTTP response through express Response.render',
          },
        },
      ],
    },
    {
      name: 'end with JSON',
      code: `${header}res.end(JSON.stringify(patient));`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 24,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'an HTTP response through express Response.end',
          },
        },
      ],
    },
    {
      name: 'write with a fallback',
      code: `${header}res.write(patient.email ?? '');`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 11,
          data: {
            field: 'email',
            kind: 'email',
            sink: 'an HTTP response through express Response.write',
          },
        },
      ],
    },
    {
      name: 'Fastify reply',
      code: `${header}reply.send({ zip: patient.zip });`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 19,
          data: {
            field: 'zip',
            kind: 'geographic',
            sink: 'an HTTP response through fastify FastifyReply.send',
          },
        },
      ],
    },
    {
      name: 'Fastify reply after code',
      code: `${header}reply.code(200).send(patient);`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 22 }],
    },
    {
      name: 'node:http end',
      code: `${header}serverResponse.end(patient.mrn);`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 20,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'an HTTP response through node:http ServerResponse.end',
          },
        },
      ],
    },
    {
      name: 'node:http write',
      code: `${header}serverResponse.write(String(patient.zip));`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 29 }],
    },
    {
      name: 'fetch URL',
      code: `${header}void fetch(\`\${partner}/patients?ssn=\${patient.ssn}\`);`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 39,
          data: { field: 'ssn', kind: 'ssn', sink: 'an outbound request through fetch' },
        },
      ],
    },
    {
      name: 'fetch body',
      code: `${header}void fetch(partner, { method: 'POST', body: JSON.stringify(patient) });`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 60 }],
    },
    {
      name: 'axios post data',
      code: `${header}void axios.post(partner, patient);`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 26,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'an outbound request through axios post',
          },
        },
      ],
    },
    {
      name: 'axios get URL',
      code: `${header}void axios.get(\`\${partner}/patients/\${patient.mrn}\`);`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 39 }],
    },
    {
      name: 'axios request config',
      code: `${header}void axios({ url: partner, data: { email: patient.email } });`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 43,
          data: { field: 'email', kind: 'email', sink: 'an outbound request through axios' },
        },
      ],
    },
    {
      name: 'node:https request body',
      code: `${header}request(partner, { method: 'POST' }).write(JSON.stringify({ ssn: patient.ssn }));`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 66,
          data: {
            field: 'ssn',
            kind: 'ssn',
            sink: 'an outbound request through node:http ClientRequest.write',
          },
        },
      ],
    },
    {
      name: 'node:https request URL',
      code: `${header}request(\`\${partner}/?mrn=\${patient.mrn}\`).end();`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 20,
          column: 28,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'an outbound request through node:http request',
          },
        },
      ],
    },
    {
      name: 'route handler response',
      code: `${header}const app = express();
app.get('/patients/:id', (req, response) => {
  response.json(patient);
});`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 22,
          column: 17,
          data: { field: 'mrn', kind: 'medical_record_number', sink: expressJson },
        },
      ],
    },
    {
      name: 'view widened with a PHI field',
      code: `${header}declare const widened: NursePatientView & { readonly ssn: Patient['ssn'] };
res.json(widened);`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 21,
          column: 10,
          data: { field: 'ssn', kind: 'ssn', sink: expressJson },
        },
      ],
    },
    {
      name: 'array of records',
      code: `${header}res.json(roster);`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 10 }],
    },
    {
      name: 'promise of a record',
      code: `${header}declare const pending: Promise<Patient>;
void reply.send(pending);`,
      errors: [{ messageId: 'phiInResponse', line: 21, column: 17 }],
    },
    {
      name: 'page of records',
      code: `${header}declare const page: Page<Patient, string>;
res.json(page);`,
      errors: [
        {
          messageId: 'phiInResponse',
          line: 21,
          column: 10,
          data: { field: 'mrn', kind: 'medical_record_number', sink: expressJson },
        },
      ],
    },
    {
      name: 'assertion through unknown',
      code: `${header}res.json(patient as unknown as Record<string, string>);`,
      errors: [{ messageId: 'phiInResponse', line: 20, column: 10 }],
    },
    {
      name: 'object from Map entries',
      code: `${header}declare const byId: Map<string, Patient>;
res.json(Object.fromEntries(byId));`,
      errors: [{ messageId: 'phiInResponse', line: 21, column: 10 }],
    },
  ],
});
