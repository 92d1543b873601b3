import { rules } from '../../src/rules/index.js';
import { createRuleTester } from './rule-tester.js';

const rule = rules['no-phi-in-logs'];

// Every case below starts with these 17 lines, so its own code starts on line 18.
const imports = `import { format, inspect } from 'node:util';
import Logger from 'bunyan';
import debug from 'debug';
import pino from 'pino';
import { createLogger } from 'winston';
import type { Patient, PatientRow } from './generated/models/patient.js';
import type { VisitNote } from './generated/models/visit-note.js';
import type { FieldCipher } from './runtime.js';
`;
const declarations = `declare const patient: Patient;
declare const maybe: Patient | undefined;
declare const row: PatientRow;
declare const note: VisitNote;
declare const roster: readonly Patient[];
const logger = pino();
const winston = createLogger();
const bunyan = Logger.createLogger({ name: 'telehealth' });
const trace = debug('telehealth');
`;
const header = `${imports}${declarations}`;

createRuleTester().run('no-phi-in-logs', rule, {
  valid: [
    { name: 'field without PHI', code: `${header}console.log(patient.id);` },
    {
      name: 'template of fields without PHI',
      code: `${header}console.log(\`patient \${patient.id} sex \${patient.sex}\`);`,
    },
    { name: 'encrypted row', code: `${header}console.log(row);` },
    { name: 'JSON of an encrypted row', code: `${header}console.log(JSON.stringify(row));` },
    {
      name: 'pino with record id',
      code: `${header}logger.info({ patientId: patient.id }, 'loaded patient');`,
    },
    {
      name: 'local console',
      code: `${header}const console = { log: (value: unknown): unknown => value };
console.log(patient.ssn);`,
    },
    {
      name: 'own object with an info method',
      code: `${header}const audit = { info: (value: unknown): unknown => value };
audit.info(patient);`,
    },
    {
      name: 'conversions of fields without PHI',
      code: `${header}console.log(patient.id.toString(), String(patient.sex));`,
    },
    { name: 'debug with record id', code: `${header}trace('loaded %s', patient.id);` },
    {
      name: 'debug logger creation',
      code: `${header}const traceVisits = debug('telehealth:visits');
traceVisits('started');`,
    },
    { name: 'process output without PHI', code: `${header}process.stdout.write('ready\\n');` },
    {
      name: 'rest without PHI fields',
      code: `${header}const { mrn, givenName, ssn, email, zip, ...rest } = patient;
console.log(rest);`,
    },
    {
      name: 'let replaced before the log',
      code: `${header}let shown: string | Patient['ssn'] = patient.ssn ?? '';
shown = 'hidden';
console.log(shown);`,
    },
    {
      name: 'type-only code',
      code: `${header}type LogArguments = Parameters<typeof console.log>;
const sample = { id: patient.id } satisfies Partial<Patient>;
console.log(sample);`,
    },
    {
      name: 'typeof, comparison and length',
      code: `${header}console.log(typeof patient.ssn, patient.ssn === null, roster.length);`,
    },
    {
      name: 'Map of fields without PHI',
      code: `${header}console.log(new Map(roster.map((entry) => [entry.id, entry.sex] as const)));`,
    },
    {
      name: 'winston with record id',
      code: `${header}winston.info('patient loaded', { id: patient.id });`,
    },
    { name: 'bunyan with record id', code: `${header}bunyan.info({ noteId: note.id });` },
    {
      name: 'util.format of a count',
      code: `${header}console.log(format('%d patients', roster.length));`,
    },
    {
      name: 'optional chaining to a plain field',
      code: `${header}console.log(\`patient \${maybe?.id}\`);`,
    },
    {
      name: 'const string without PHI',
      code: `${header}const message = 'loaded ' + patient.id;
console.log(message);`,
    },
  ],
  invalid: [
    {
      name: 'field read',
      code: `${header}console.log(patient.ssn);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 13,
          data: { field: 'ssn', kind: 'ssn', sink: 'a log through console.log' },
        },
      ],
    },
    {
      name: 'template literal',
      code: `${header}console.log(\`checked in \${patient.givenName}\`);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 27,
          data: { field: 'givenName', kind: 'name', sink: 'a log through console.log' },
        },
      ],
    },
    {
      name: 'concatenation',
      code: `${header}console.error('zip ' + patient.zip);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 24,
          data: { field: 'zip', kind: 'geographic', sink: 'a log through console.error' },
        },
      ],
    },
    {
      name: 'JSON.stringify',
      code: `${header}console.info(JSON.stringify(patient));`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 29,
          data: { field: 'mrn', kind: 'medical_record_number', sink: 'a log through console.info' },
        },
      ],
    },
    {
      name: 'String',
      code: `${header}console.warn(String(patient.mrn));`,
      errors: [{ messageId: 'phiInLog', line: 18, column: 21 }],
    },
    {
      name: 'toString',
      code: `${header}console.debug(patient.mrn.toString());`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 15,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'a log through console.debug',
          },
        },
      ],
    },
    {
      name: 'util.format',
      code: `${header}console.log(format('patient %s', patient.email));`,
      errors: [{ messageId: 'phiInLog', line: 18, column: 34 }],
    },
    {
      name: 'util.inspect',
      code: `${header}console.log(inspect(patient, { depth: 2 }));`,
      errors: [{ messageId: 'phiInLog', line: 18, column: 21 }],
    },
    {
      name: 'record with a cipher in scope',
      code: `${header}export function audit(cipher: FieldCipher): void {
  console.log(patient);
}`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 19,
          column: 15,
          suggestions: [
            {
              messageId: 'encryptRecord',
              data: { encryptor: 'encryptPatient', cipher: 'cipher' },
              output: `${imports}import { encryptPatient } from './generated/models/patient.js';
${declarations}export function audit(cipher: FieldCipher): void {
  console.log(encryptPatient(patient, cipher));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'record without a cipher',
      code: `${header}console.log(patient);`,
      errors: [{ messageId: 'phiInLog', line: 18, column: 13, suggestions: [] }],
    },
    {
      name: 'pino merging object',
      code: `${header}logger.info({ patient }, 'loaded patient');`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 15,
          data: { field: 'mrn', kind: 'medical_record_number', sink: 'a log through pino info' },
        },
      ],
    },
    {
      name: 'pino child bindings',
      code: `${header}logger.child({ ssn: patient.ssn }).info('loaded');`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 21,
          data: { field: 'ssn', kind: 'ssn', sink: 'a log through pino child' },
        },
      ],
    },
    {
      name: 'winston metadata',
      code: `${header}winston.info('patient loaded', { mrn: patient.mrn });`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 39,
          data: {
            field: 'mrn',
            kind: 'medical_record_number',
            sink: 'a log through winston info',
          },
        },
      ],
    },
    {
      name: 'winston log with a level',
      code: `${header}winston.log('info', \`zip=\${patient.zip}\`);`,
      errors: [{ messageId: 'phiInLog', line: 18, column: 28 }],
    },
    {
      name: 'bunyan sensitive field',
      code: `${header}bunyan.warn(note.body);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 13,
          data: { field: 'body', kind: 'sensitive', sink: 'a log through bunyan warn' },
        },
      ],
    },
    {
      name: 'debug logger',
      code: `${header}trace('loaded %o', patient);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 20,
          data: { field: 'mrn', kind: 'medical_record_number', sink: 'a log through debug' },
        },
      ],
    },
    {
      name: 'debug logger in an object',
      code: `${header}const loggers = { visits: debug('telehealth:visits') };
loggers.visits('visit for %s', patient.givenName);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 19,
          column: 32,
          data: { field: 'givenName', kind: 'name', sink: 'a log through debug' },
        },
      ],
    },
    {
      name: 'process output',
      code: `${header}process.stdout.write(\`\${patient.email}\\n\`);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 25,
          data: { field: 'email', kind: 'email', sink: 'a log through process.stdout.write' },
        },
      ],
    },
    {
      name: 'const string alias',
      code: `${header}const line = 'ssn=' + patient.ssn;
console.log(line);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 19,
          column: 13,
          data: { field: 'ssn', kind: 'ssn', sink: 'a log through console.log' },
        },
      ],
    },
    {
      name: 'map result',
      code: `${header}console.table(roster.map((entry) => entry.ssn));`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 15,
          data: { field: 'ssn', kind: 'ssn', sink: 'a log through console.table' },
        },
      ],
    },
    {
      name: 'optional chaining in a template',
      code: `${header}console.log(\`email \${maybe?.email}\`);`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 18,
          column: 22,
          data: { field: 'email', kind: 'email', sink: 'a log through console.log' },
        },
      ],
    },
    {
      name: 'awaited return value',
      code: `${header}declare function loadSsn(id: string): Promise<Patient['ssn']>;
console.log(await loadSsn('p1'));`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 19,
          column: 13,
          data: { field: 'loadSsn', kind: 'ssn', sink: 'a log through console.log' },
        },
      ],
    },
    {
      name: 'destructured parameter',
      code: `${header}export function greet({ givenName }: Patient): void {
  console.log(givenName);
}`,
      errors: [
        {
          messageId: 'phiInLog',
          line: 19,
          column: 15,
          data: { field: 'givenName', kind: 'name', sink: 'a log through console.log' },
        },
      ],
    },
    {
      name: 'nullish fallback',
      code: `${header}console.log(patient.ssn ?? 'no ssn');`,
      errors: [{ messageId: 'phiInLog', line: 18, column: 13 }],
    },
    {
      name: 'object literal with a sensitive field',
      code: `${header}console.log({ id: note.id, body: note.body });`,
      errors: [{ messageId: 'phiInLog', line: 18, column: 34 }],
    },
  ],
});
