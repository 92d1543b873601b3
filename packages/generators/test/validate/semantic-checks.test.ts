import { describe, expect, test } from 'vitest';

import { baseSpec, withCase } from './base-spec.js';
import { fullIssuesOf, issuesOf, toIssueAt } from './temp-project.js';

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const device = (...fields: string[]): string =>
  lines('models:', '  Device:', '    fields:', '      id: { type: uuid, primaryKey: true }', ...fields);

const grant = (line: string): string => lines('roles:', '  auditor:', '    grants:', line);

interface IssueCase {
  readonly name: string;
  readonly text: string;
  readonly want: readonly { readonly code: string; readonly at: string }[];
  /** Text that the first issue's message contains. */
  readonly says?: string;
  /** `file:line:column` of the first issue's related place. */
  readonly related?: string;
}

const at = (position: string): string => `specs/case.yaml:${position}`;

const modelCases: readonly IssueCase[] = [
  {
    name: 'missing primary key',
    text: lines('models:', '  Device:', '    fields:', '      serial: { type: string }'),
    want: [{ code: 'spec.primary-key', at: at('2:3') }],
    says: 'model "Device" has no primary key; mark one field with primaryKey: true',
  },
  {
    name: 'two primary keys',
    text: device('      serial: { type: string, primaryKey: true }'),
    want: [{ code: 'spec.primary-key', at: at('5:43') }],
    related: at('4:37'),
  },
  {
    name: 'optional primary key',
    text: lines('models:', '  Device:', '    fields:', '      id: { type: uuid, primaryKey: true, optional: true }'),
    want: [{ code: 'spec.primary-key', at: at('4:53') }],
  },
  {
    name: 'PHI primary key',
    text: lines('models:', '  Device:', '    fields:', '      id: { type: string, primaryKey: true, phi: other_id }'),
    want: [{ code: 'spec.primary-key', at: at('4:50') }],
  },
  {
    name: 'date primary key',
    text: lines('models:', '  Device:', '    fields:', '      id: { type: date, primaryKey: true }'),
    want: [{ code: 'spec.primary-key', at: at('4:19') }],
    says: 'expected uuid, string or integer',
  },
  {
    name: 'invalid regular expression',
    text: device('      serial: { type: string, pattern: "([a-z]" }'),
    want: [{ code: 'spec.invalid-pattern', at: at('5:40') }],
  },
  {
    name: 'pattern on an integer',
    text: device('      count: { type: integer, pattern: "^[0-9]+$" }'),
    want: [{ code: 'spec.property-not-allowed', at: at('5:31') }],
  },
  {
    name: 'enum without values',
    text: device('      kind: { type: enum }'),
    want: [{ code: 'spec.missing-property', at: at('5:7') }],
    says: 'missing required property "values" for enum field "Device.kind"',
  },
  {
    name: 'values on a string',
    text: device('      kind: { type: string, values: [a] }'),
    want: [{ code: 'spec.property-not-allowed', at: at('5:29') }],
  },
  {
    name: 'system on a string',
    text: device('      kind: { type: string, system: "http://loinc.org" }'),
    want: [{ code: 'spec.property-not-allowed', at: at('5:29') }],
  },
  {
    name: 'lookup on a field that is not encrypted',
    text: device('      serial: { type: string, lookup: exact }'),
    want: [{ code: 'spec.property-not-allowed', at: at('5:31') }],
  },
  {
    name: 'lookup on an enum',
    text: device('      kind: { type: enum, values: [a, b], phi: other_id, lookup: exact }'),
    want: [{ code: 'spec.property-not-allowed', at: at('5:58') }],
  },
  {
    name: 'reference to an unknown model',
    text: device('      ownerId: { type: uuid, references: Persn }'),
    want: [{ code: 'spec.unknown-model', at: at('5:42') }],
    says: 'unknown model "Persn" in references; did you mean "Person"?',
  },
  {
    name: 'reference whose type differs from the key',
    text: device('      ownerId: { type: string, references: Person }'),
    want: [{ code: 'spec.reference-type', at: at('5:24') }],
  },
  {
    name: 'encrypted reference',
    text: device('      ownerId: { type: uuid, references: Person, phi: other_id }'),
    want: [{ code: 'spec.property-not-allowed', at: at('5:30') }],
  },
  {
    name: 'second subject model',
    text: lines('models:', '  Member:', '    subject: true', '    fields:', '      id: { type: uuid, primaryKey: true }'),
    want: [{ code: 'spec.duplicate-subject', at: at('3:14') }],
    related: 'specs/base.yaml:8:14',
  },
  {
    name: 'second tenant model',
    text: lines('models:', '  Branch:', '    tenant: true', '    fields:', '      id: { type: uuid, primaryKey: true }'),
    want: [{ code: 'spec.duplicate-tenant', at: at('3:13') }],
    related: 'specs/base.yaml:3:13',
  },
  {
    name: 'patient link to a missing field',
    text: lines(
      'models:',
      '  Visit:',
      '    patient: personID',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
      '      personId: { type: uuid, references: Person }',
    ),
    want: [{ code: 'spec.unknown-field', at: at('3:14') }],
    says: 'did you mean "personId"?',
  },
  {
    name: 'patient link that misses the subject model',
    text: lines(
      'models:',
      '  Visit:',
      '    patient: orgId',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
      '      orgId: { type: uuid, references: Org }',
    ),
    want: [{ code: 'spec.invalid-link', at: at('3:14') }],
  },
  {
    name: 'organization link that misses the tenant model',
    text: lines(
      'models:',
      '  Visit:',
      '    organization: personId',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
      '      personId: { type: uuid, references: Person }',
    ),
    want: [{ code: 'spec.invalid-link', at: at('3:19') }],
  },
  {
    name: 'two fields on one column',
    text: device('      serialNo: { type: string }', '      serial_no: { type: string }'),
    want: [{ code: 'spec.duplicate-column', at: at('6:7') }],
    related: at('5:7'),
  },
  {
    name: 'field on a blind index column',
    text: device('      serial: { type: string, phi: other_id, lookup: exact }', '      serialBidx: { type: string }'),
    want: [{ code: 'spec.duplicate-column', at: at('5:46') }],
    says: 'blind index column "serial_bidx"',
  },
  {
    name: 'table used twice',
    text: lines('models:', '  Device:', '    table: drug', '    fields:', '      id: { type: uuid, primaryKey: true }'),
    want: [{ code: 'spec.duplicate-table', at: at('3:12') }],
  },
  {
    name: 'model named like a row type',
    text: lines('models:', '  PersonRow:', '    fields:', '      id: { type: uuid, primaryKey: true }'),
    want: [{ code: 'spec.name-collision', at: at('2:3') }],
    says: 'type name "PersonRow" of model "PersonRow" is already declared by model "Person" (its row type)',
  },
  {
    name: 'models that differ only in case',
    text: lines('models:', '  DRUG:', '    fields:', '      id: { type: uuid, primaryKey: true }'),
    want: [{ code: 'spec.name-collision', at: at('2:3') }],
  },
  {
    name: 'view named like a model',
    text: lines('views:', '  Drug: { model: Drug, fields: [code] }'),
    want: [{ code: 'spec.name-collision', at: at('2:3') }],
  },
  {
    name: 'field named constructor is allowed',
    text: device('      constructor: { type: string }'),
    want: [],
  },
  {
    name: 'field named __proto__',
    text: device('      __proto__: { type: string }'),
    want: [{ code: 'spec.reserved-name', at: at('5:7') }],
  },
  {
    name: 'role named __proto__',
    text: lines('roles:', '  __proto__:', '    grants: []'),
    want: [{ code: 'spec.reserved-name', at: at('2:3') }],
  },
  {
    name: 'model named like a global type is allowed',
    text: lines('models:', '  Date:', '    fields:', '      id: { type: uuid, primaryKey: true }'),
    want: [],
  },
  {
    name: 'NUL character in a description',
    text: lines(
      'models:',
      '  Device:',
      '    description: "a \\u0000 b"',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
    ),
    want: [{ code: 'spec.invalid-character', at: at('3:18') }],
  },
  {
    name: 'generated function names that collide',
    text: lines(
      'models:',
      '  Encrypt:',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
      '      ab: { type: string, phi: other_id, lookup: exact }',
      '  AbIndex:',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
    ),
    want: [{ code: 'spec.name-collision', at: at('6:3') }],
  },
  {
    name: 'blind-index SQL index names that collide',
    text: lines(
      'models:',
      '  A:',
      '    table: a',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
      '      bC: { type: string, phi: other_id, lookup: exact }',
      '  AB:',
      '    table: a_b',
      '    fields:',
      '      id: { type: uuid, primaryKey: true }',
      '      c: { type: string, phi: other_id, lookup: exact }',
    ),
    want: [{ code: 'spec.name-collision', at: at('11:7') }],
  },
  {
    name: 'two roles with one view type name',
    text: lines(
      'roles:',
      '  front_desk:',
      '    grants: []',
      '  frontDesk:',
      '    grants: []',
    ),
    want: [{ code: 'spec.name-collision', at: at('4:3') }],
  },
  {
    name: 'role named constructor',
    text: lines('roles:', '  constructor:', '    grants: []'),
    want: [{ code: 'spec.reserved-name', at: at('2:3') }],
  },
];

const accessCases: readonly IssueCase[] = [
  {
    name: 'unknown model in a grant',
    text: grant('      - { model: Persn, actions: [read], scope: all }'),
    want: [{ code: 'spec.unknown-model', at: at('4:18') }],
    says: 'unknown model "Persn" in grant; did you mean "Person"?',
  },
  {
    name: 'unknown field in a view',
    text: lines('views:', '  DrugLabel: { model: Drug, fields: [code, labl] }'),
    want: [{ code: 'spec.unknown-field', at: at('2:44') }],
    says: 'unknown field "labl" in model "Drug"; did you mean "label"?',
  },
  {
    name: 'unknown model in a view',
    text: lines('views:', '  DrugLabel: { model: Drugs, fields: [code] }'),
    want: [{ code: 'spec.unknown-model', at: at('2:23') }],
  },
  {
    name: 'grant with fields and view',
    text: grant('      - { model: Person, actions: [read], scope: all, fields: [id], view: PersonName }'),
    want: [{ code: 'spec.fields-and-view', at: at('4:69') }],
  },
  {
    name: 'unknown view in a grant',
    text: grant('      - { model: Person, actions: [read], scope: all, view: PersonNam }'),
    want: [{ code: 'spec.unknown-view', at: at('4:61') }],
    says: 'did you mean "PersonName"?',
  },
  {
    name: 'view of another model',
    text: grant('      - { model: Note, actions: [read], scope: all, view: PersonName }'),
    want: [{ code: 'spec.view-model', at: at('4:59') }],
  },
  {
    name: 'unknown field in a grant',
    text: grant('      - { model: Drug, actions: [read], scope: all, fields: [code, lable] }'),
    want: [{ code: 'spec.unknown-field', at: at('4:68') }],
  },
  {
    name: 'unknown purpose in a grant',
    text: grant('      - { model: Drug, actions: [read], scope: all, purposes: [TRAET] }'),
    want: [{ code: 'spec.unknown-purpose', at: at('4:64') }],
    says: 'unknown purpose of use "TRAET"; did you mean "TREAT"?',
  },
  {
    name: 'self scope on a model without a patient link',
    text: grant('      - { model: Drug, actions: [read], scope: self }'),
    want: [{ code: 'spec.scope-undecidable', at: at('4:48') }],
  },
  {
    name: 'self scope on the tenant model',
    text: grant('      - { model: Org, actions: [read], scope: self }'),
    want: [{ code: 'spec.scope-undecidable', at: at('4:47') }],
  },
  {
    name: 'organization scope on a model without any link',
    text: grant('      - { model: Drug, actions: [read], scope: organization }'),
    want: [{ code: 'spec.scope-undecidable', at: at('4:48') }],
  },
  {
    name: 'inheritance cycle of three roles',
    text: lines('roles:', '  a:', '    inherits: [b]', '  b:', '    inherits: [c]', '  c:', '    inherits: [a]'),
    want: [{ code: 'spec.inheritance-cycle', at: at('7:16') }],
    says: 'inheritance cycle: c -> a -> b -> c',
  },
  {
    name: 'role that inherits itself',
    text: lines('roles:', '  a:', '    inherits: [a]'),
    want: [{ code: 'spec.inheritance-cycle', at: at('3:16') }],
    says: 'inheritance cycle: a -> a',
  },
  {
    name: 'unknown inherited role',
    text: lines('roles:', '  nurse:', '    inherits: [clerc]'),
    want: [{ code: 'spec.unknown-role', at: at('3:16') }],
    says: 'did you mean "clerk"?',
  },
  {
    name: 'deidentified role with self scope',
    text: lines('roles:', '  researcher:', '    deidentified: true', '    grants:', '      - { model: Note, actions: [read], scope: self }'),
    want: [{ code: 'spec.deidentified-self', at: at('5:48') }],
  },
  {
    name: 'deidentified role with a write action',
    text: lines(
      'roles:',
      '  researcher:',
      '    deidentified: true',
      '    grants:',
      '      - { model: Note, actions: [read, update], scope: all }',
    ),
    want: [{ code: 'spec.deidentified-write', at: at('5:33') }],
    says: 'deidentified role "researcher" cannot update',
  },
  {
    name: 'deidentified role with export',
    text: lines(
      'roles:',
      '  researcher:',
      '    deidentified: true',
      '    grants:',
      '      - { model: Note, actions: [read, export], scope: all }',
    ),
    want: [{ code: 'spec.deidentified-export', at: at('5:33') }],
    says: 'deidentified role "researcher" cannot export',
  },
  {
    name: 'export grant without the primary key',
    text: lines(
      'roles:',
      '  registrar:',
      '    grants:',
      '      - { model: Person, actions: [export], scope: organization, fields: [name, birthDate] }',
    ),
    want: [{ code: 'spec.export-without-key', at: at('4:66') }],
    says: 'must include its primary key "id"',
  },
  {
    name: 'export grant through a view with the key',
    text: lines(
      'roles:',
      '  registrar:',
      '    grants:',
      '      - { model: Person, actions: [export], scope: organization, view: PersonName }',
    ),
    want: [],
  },
  {
    name: 'deidentified role that inherits a write grant',
    text: lines(
      'roles:',
      '  researcher:',
      '    deidentified: true',
      '    inherits: [stocker]',
      '  stocker:',
      '    grants:',
      '      - { model: Drug, actions: [create], scope: all }',
    ),
    want: [{ code: 'spec.deidentified-write', at: at('4:16') }],
    says: 'inherits create on model "Drug" from role "stocker"',
  },
  {
    name: 'identified role that inherits a deidentified one',
    text: lines(
      'roles:',
      '  researcher:',
      '    deidentified: true',
      '    grants:',
      '      - { model: Drug, actions: [read], scope: all }',
      '  intern:',
      '    inherits: [researcher]',
    ),
    want: [{ code: 'spec.inherits-deidentified', at: at('7:16') }],
  },
];

const controlCases: readonly IssueCase[] = [
  {
    name: 'retention shorter than six years',
    text: lines('audit:', '  retention: 5y'),
    want: [{ code: 'spec.retention-too-short', at: at('2:14') }],
  },
  {
    name: 'retention in days just short of six years',
    text: lines('audit:', '  retention: 2191d'),
    want: [{ code: 'spec.retention-too-short', at: at('2:14') }],
  },
  {
    name: 'audit event names and actions used twice',
    text: lines(
      'audit:',
      '  events:',
      '    - { name: phi.read, actions: [read] }',
      '    - { name: phi.read, actions: [export] }',
      '    - { name: phi.all, actions: [read] }',
    ),
    want: [
      { code: 'spec.duplicate-audit-event', at: at('4:15') },
      { code: 'spec.duplicate-audit-action', at: at('5:33') },
    ],
    related: at('3:15'),
  },
  {
    name: 'idle timeout longer than the absolute timeout',
    text: lines('security:', '  sessions:', '    idleTimeout: 2h', '    absoluteTimeout: 1h'),
    want: [{ code: 'spec.invalid-duration', at: at('3:18') }],
  },
  {
    name: 'zero idle timeout',
    text: lines('security:', '  sessions:', '    idleTimeout: 0m'),
    want: [{ code: 'spec.invalid-duration', at: at('3:18') }],
  },
  {
    name: 'SameSite none without secure',
    text: lines('security:', '  sessions:', '    cookie: { secure: false, sameSite: none }'),
    want: [{ code: 'spec.insecure-cookie', at: at('3:40') }],
  },
  {
    name: 'keyring path for the env provider',
    text: lines('security:', '  keys: { provider: env, path: k.json }'),
    want: [{ code: 'spec.property-not-allowed', at: at('2:26') }],
  },
  {
    name: 'test with an unknown role',
    text: lines('tests:', '  - { name: a, role: clark, action: read, model: Drug, expect: deny }'),
    want: [{ code: 'spec.unknown-role', at: at('2:22') }],
    says: 'did you mean "clerk"?',
  },
  {
    name: 'test with an unknown model',
    text: lines('tests:', '  - { name: b, role: clerk, action: read, model: Drugs, expect: deny }'),
    want: [{ code: 'spec.unknown-model', at: at('2:50') }],
  },
  {
    name: 'test with an unknown field',
    text: lines('tests:', '  - { name: c, role: clerk, action: read, model: Drug, expect: allow, fields: [lable] }'),
    want: [{ code: 'spec.unknown-field', at: at('2:80') }],
  },
  {
    name: 'test that checks fields of a denied request',
    text: lines('tests:', '  - { name: d, role: clerk, action: read, model: Drug, expect: deny, fields: [label] }'),
    want: [{ code: 'spec.invalid-test', at: at('2:70') }],
  },
  {
    name: 'test with a field in both lists',
    text: lines(
      'tests:',
      '  - { name: e, role: clerk, action: read, model: Drug, expect: allow, fields: [label], withoutFields: [label] }',
    ),
    want: [{ code: 'spec.invalid-test', at: at('2:104') }],
  },
  {
    name: 'test with an unknown purpose',
    text: lines('tests:', '  - { name: f, role: clerk, action: read, model: Drug, purpose: TRAET, expect: deny }'),
    want: [{ code: 'spec.unknown-purpose', at: at('2:65') }],
  },
  {
    name: 'two tests with one name',
    text: lines(
      'tests:',
      '  - { name: same, role: clerk, action: read, model: Drug, expect: deny }',
      '  - { name: same, role: clerk, action: read, model: Drug, expect: deny }',
    ),
    want: [{ code: 'spec.duplicate-test', at: at('3:13') }],
    related: at('2:13'),
  },
];

async function expectIssues({ text, want, says, related }: IssueCase): Promise<void> {
  const issues = await fullIssuesOf(withCase(text));

  expect(issues.map(toIssueAt)).toEqual(want);
  if (says !== undefined) expect(issues[0]?.message).toContain(says);
  if (related !== undefined) {
    const place = issues[0]?.related;
    expect(`${place?.file}:${place?.line}:${place?.column}`).toBe(related);
  }
}

describe('model checks', () => {
  test.each(modelCases)('$name', expectIssues);
});

describe('access checks', () => {
  test.each(accessCases)('$name', expectIssues);
});

describe('audit, security and test checks', () => {
  test.each(controlCases)('$name', expectIssues);
});

describe('valid specs', () => {
  test.each([
    { name: 'base spec alone', text: '' },
    { name: 'organization scope through the patient link', text: grant('      - { model: Note, actions: [read], scope: organization }') },
    { name: 'self scope on the subject model', text: grant('      - { model: Person, actions: [read], scope: self }') },
    { name: 'self scope through a patient link', text: grant('      - { model: Note, actions: [read], scope: self }') },
    { name: 'organization scope on the tenant model', text: grant('      - { model: Org, actions: [read], scope: organization }') },
    { name: 'update grant that lists the primary key', text: grant('      - { model: Drug, actions: [read, update], scope: all, fields: [code, label] }') },
    { name: 'lookup on a PHI date', text: device('      madeOn: { type: date, phi: date, lookup: exact }') },
    { name: 'pattern with a Unicode property escape', text: device('      label: { type: string, pattern: "^\\\\p{L}+$" }') },
    {
      name: 'deidentified role that reads',
      text: lines('roles:', '  researcher:', '    deidentified: true', '    grants:', '      - { model: Note, actions: [read], scope: organization }'),
    },
    {
      name: 'ZIP codes as enum values',
      text: device('      zone: { type: enum, values: [02134, 10001] }'),
    },
    {
      name: 'retention of 72 months',
      text: lines('audit:', '  retention: 72m'),
    },
  ])('$name', async ({ text }) => {
    expect(await issuesOf(withCase(text))).toEqual([]);
  });
});

describe('one run', () => {
  test('several errors in several files come back together and sorted', async () => {
    const issues = await issuesOf({
      'specs/base.yaml': baseSpec,
      'specs/b.yaml': grant('      - { model: Persn, actions: [raed], scope: all }'),
      'specs/a.yaml': lines('models:', '  Device:', '    fields:', '      serial: { type: strin }'),
    });

    expect(issues).toEqual([
      { code: 'spec.primary-key', at: 'specs/a.yaml:2:3' },
      { code: 'spec.invalid-value', at: 'specs/a.yaml:4:23' },
      { code: 'spec.unknown-model', at: 'specs/b.yaml:4:18' },
      { code: 'spec.invalid-value', at: 'specs/b.yaml:4:35' },
    ]);
  });

  test('messages never end with a period', async () => {
    const all = [...modelCases, ...accessCases, ...controlCases];
    for (const entry of all) {
      for (const issue of await fullIssuesOf(withCase(entry.text))) {
        expect(issue.message, entry.name).not.toMatch(/\.$/);
        expect(issue.message.charAt(0), entry.name).toMatch(/[a-z"]/);
      }
    }
  });
});
