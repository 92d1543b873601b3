import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { snakeCase } from '../../src/ir/snake-case.js';
import type { SpecIR } from '../../src/ir/spec-ir.js';
import { loadProject } from '../../src/load-project.js';
import { writeProject } from './temp-project.js';

const clinic = fileURLToPath(new URL('../fixtures/specs/clinic/', import.meta.url));

async function load(path: string): Promise<SpecIR> {
  const result = await loadProject(path);
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.ir;
}

describe('snake_case names', () => {
  test.each([
    ['givenName', 'given_name'],
    ['LabResult', 'lab_result'],
    ['HTTPLog', 'http_log'],
    ['patientId', 'patient_id'],
    ['userID', 'user_id'],
    ['addressLine2', 'address_line2'],
    ['Lab_Result', 'lab_result'],
    ['id', 'id'],
  ])('%s becomes %s', (name, expected) => {
    expect(snakeCase(name)).toBe(expected);
  });
});

describe('clinic IR', () => {
  test('models keep spec order', async () => {
    const ir = await load(clinic);

    expect(ir.models.map((model) => [model.name, model.table, model.primaryKey])).toEqual([
      ['Clinic', 'clinic', 'id'],
      ['Member', 'members', 'id'],
      ['Visit', 'visit', 'id'],
      ['Shot', 'shot', 'id'],
      ['FormularyItem', 'formulary_item', 'code'],
    ]);

    const member = ir.models[1];
    expect(member?.subject).toBe(true);
    expect(member?.organizationField).toBe('clinicId');
    expect(member?.fields.map((field) => field.column)).toEqual([
      'id',
      'clinic_id',
      'member_no',
      'first_name',
      'last_name',
      'date_of_birth',
      'gender',
      'email',
      'zip',
      'sms_consent',
    ]);
  });

  test('field details', async () => {
    const ir = await load(clinic);
    const member = ir.models.find((model) => model.name === 'Member');
    const lastName = member?.fields.find((field) => field.name === 'lastName');
    const gender = member?.fields.find((field) => field.name === 'gender');
    const shot = ir.models.find((model) => model.name === 'Shot');
    const vaccine = shot?.fields.find((field) => field.name === 'vaccine');

    expect(lastName).toMatchObject({
      type: 'string',
      phi: 'name',
      encrypted: true,
      lookup: 'exact',
      lookupColumn: 'last_name_bidx',
      optional: false,
      source: { file: 'specs/10-models.yaml', line: 21, column: 7 },
    });
    expect(gender).toMatchObject({ type: 'enum', values: ['female', 'male', 'other', 'unknown'], encrypted: false });
    expect(vaccine).toMatchObject({ sensitive: true, encrypted: true, phi: undefined, system: 'http://hl7.org/fhir/sid/cvx' });
  });

  test('grants resolve fields and inheritance', async () => {
    const ir = await load(clinic);
    const nurse = ir.roles.find((role) => role.name === 'nurse');

    expect(nurse?.inherits).toEqual(['frontDesk']);
    expect(nurse?.grants.map((grant) => [grant.model, grant.declaredBy, grant.allFields, grant.view])).toEqual([
      ['Member', 'nurse', true, undefined],
      ['Shot', 'nurse', true, undefined],
      ['Visit', 'nurse', true, undefined],
      ['Member', 'frontDesk', false, 'MemberCard'],
      ['Visit', 'frontDesk', false, undefined],
    ]);
    expect(nurse?.grants[1]?.purposes).toEqual(['TREAT', 'ETREAT']);
    expect(nurse?.grants[0]?.purposes).toBeUndefined();
    expect(nurse?.emergency.map((grant) => [grant.model, grant.scope, grant.emergency])).toEqual([['Shot', 'all', true]]);

    const member = ir.roles.find((role) => role.name === 'member');
    expect(member?.grants[0]?.fields).toEqual(['id', 'firstName', 'lastName', 'email', 'zip', 'smsConsent']);
  });

  test('merge key fills a grant', async () => {
    const ir = await load(clinic);
    const frontDesk = ir.roles.find((role) => role.name === 'frontDesk');

    expect(frontDesk?.grants[0]).toMatchObject({
      model: 'Member',
      actions: ['read'],
      scope: 'organization',
      fields: ['id', 'firstName', 'lastName', 'dateOfBirth'],
      source: { file: 'specs/20-access.yaml', line: 20, column: 9 },
    });
  });

  test('audit, security and tests', async () => {
    const ir = await load(clinic);

    expect(ir.audit?.retention).toEqual({ amount: 7, unit: 'y', days: 7 * 366 });
    expect(ir.audit?.events.map((event) => [event.name, event.actions, event.diff, event.alert])).toEqual([
      ['phi.read', ['read'], false, false],
      ['phi.write', ['create', 'update', 'delete'], true, false],
      ['phi.export', ['export'], false, true],
    ]);
    expect(ir.security?.sessions).toEqual({
      idleTimeout: 600,
      absoluteTimeout: 28_800,
      rolling: true,
      store: 'redis',
      cookie: { secure: true, httpOnly: true, sameSite: 'lax' },
    });
    expect(ir.security?.keys).toEqual({ provider: 'file', path: '.hspec/keys.json', rotateAfter: 180 * 86_400 });
    expect(ir.tests.map((test) => [test.name, test.source.file])).toEqual([
      ['front desk checks a member in', 'specs/50-tests.yaml'],
      ['front desk sees the card only', 'specs/50-tests.yaml'],
      ['member reads own shots', 'specs/50-tests.yaml'],
      ['member reads no other shots', 'specs/51-tests.yaml'],
      ['nurse breaks glass in another clinic', 'specs/51-tests.yaml'],
      ['analyst cannot write shots', 'specs/51-tests.yaml'],
    ]);
    expect(ir.tests[3]).toMatchObject({ own: false, sameOrganization: true, purpose: 'PATRQT', expect: 'deny' });
  });

  test('the same spec gives the same IR', async () => {
    expect(JSON.stringify(await load(clinic))).toBe(JSON.stringify(await load(clinic)));
  });

  test('grants share no arrays', async () => {
    const ir = await load(clinic);
    const card = ir.views.find((view) => view.name === 'MemberCard');
    const frontDesk = ir.roles.find((role) => role.name === 'frontDesk');
    const nurse = ir.roles.find((role) => role.name === 'nurse');

    expect(frontDesk?.grants[0]?.fields).toEqual(card?.fields);
    expect(frontDesk?.grants[0]?.fields).not.toBe(card?.fields);
    expect(nurse?.grants[3]?.fields).not.toBe(frontDesk?.grants[0]?.fields);
  });
});

describe('defaults', () => {
  test('omitted settings get defaults', async () => {
    const root = writeProject({
      'specs/a.yaml': [
        'models:',
        '  HTTPLog:',
        '    fields:',
        '      id: { type: integer, primaryKey: true }',
        'audit: {}',
        'security:',
        '  sessions: {}',
        '  transport: {}',
        '',
      ].join('\n'),
    });
    const ir = await load(root);

    expect(ir.models[0]?.table).toBe('http_log');
    expect(ir.audit).toMatchObject({ retention: { amount: 6, unit: 'y', days: 2196 }, purposeOfUse: 'required', events: [] });
    expect(ir.security?.sessions).toEqual({
      idleTimeout: 900,
      absoluteTimeout: 43_200,
      rolling: true,
      store: 'memory',
      cookie: { secure: true, httpOnly: true, sameSite: 'strict' },
    });
    expect(ir.security?.transport).toEqual({ requireTls: true });
    expect(ir.security?.keys).toBeUndefined();
    expect(ir.fhir).toBeUndefined();
    expect(ir.views).toEqual([]);
  });

  test('diamond inheritance dedupes grants', async () => {
    const root = writeProject({
      'specs/a.yaml': [
        'models:',
        '  Item:',
        '    fields:',
        '      id: { type: uuid, primaryKey: true }',
        'roles:',
        '  base:',
        '    grants:',
        '      - { model: Item, actions: [read], scope: all }',
        '  left: { inherits: [base] }',
        '  right: { inherits: [base] }',
        '  top: { inherits: [left, right] }',
        '',
      ].join('\n'),
    });
    const ir = await load(root);
    const top = ir.roles.find((role) => role.name === 'top');

    expect(top?.grants.map((grant) => grant.declaredBy)).toEqual(['base']);
  });
});
