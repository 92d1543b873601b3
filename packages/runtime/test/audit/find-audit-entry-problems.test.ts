import { describe, expect, it } from 'vitest';
import { findAuditEntryProblems } from '../../src/index.js';
import { makeEntry } from './audit-fixture.js';

const validCases = [
  { name: 'read of a chart', entry: makeEntry() },
  {
    name: 'login without a model',
    entry: makeEntry({
      event: 'auth.login',
      action: 'login',
      model: null,
      recordIds: [],
      fields: [],
    }),
  },
  {
    name: 'failed login without a user',
    entry: makeEntry({ action: 'login-failed', userId: null, role: null, outcome: 'failure' }),
  },
  {
    name: 'update with sorted changed fields',
    entry: makeEntry({ action: 'update', changedFields: ['familyName', 'phone'] }),
  },
  {
    name: 'break-glass read',
    entry: makeEntry({
      purposeOfUse: 'BTG',
      reason: 'patient unconscious',
      emergency: true,
      alert: true,
    }),
  },
  {
    name: 'empty and unicode text',
    entry: makeEntry({ reason: '', detail: 'out-of-scope', requestId: 'réq-😀' }),
  },
];

const invalidCases = [
  { name: 'not an object', entry: 'phi.read', problem: /expected an object/ },
  {
    name: 'extra property with a value',
    entry: { ...makeEntry(), ssn: '123-45-6789' },
    problem: /^"ssn": not a property of AuditEntry/,
  },
  {
    name: 'missing event',
    entry: { ...makeEntry(), event: undefined },
    problem: /^event: expected a string/,
  },
  {
    name: 'event with spaces',
    entry: makeEntry({ event: 'phi read' }),
    problem: /^event: expected dot-separated words/,
  },
  {
    name: 'unknown action',
    entry: makeEntry({ action: 'peek' as never }),
    problem: /^action: expected one of read, create/,
  },
  {
    name: 'unknown outcome',
    entry: makeEntry({ outcome: 'ok' as never }),
    problem: /^outcome: expected one of success/,
  },
  {
    name: 'number as user id',
    entry: makeEntry({ userId: 7 as never }),
    problem: /^userId: expected a string or null/,
  },
  {
    name: 'model that is not a name',
    entry: makeEntry({ model: 'Jane Roe' }),
    problem: /^model: expected a model name/,
  },
  {
    name: 'value among the fields',
    entry: makeEntry({ fields: ['ssn', '123-45-6789'] }),
    problem: /^fields\[1\]: expected a field name/,
  },
  {
    name: 'fields not an array',
    entry: makeEntry({ fields: 'ssn' as never }),
    problem: /^fields: expected an array/,
  },
  {
    name: 'unsorted changed fields',
    entry: makeEntry({ changedFields: ['phone', 'familyName'] }),
    problem: /^changedFields: expected sorted names/,
  },
  {
    name: 'repeated changed field',
    entry: makeEntry({ changedFields: ['phone', 'phone'] }),
    problem: /^changedFields: expected sorted names/,
  },
  {
    name: 'value among the changed fields',
    entry: makeEntry({ changedFields: ['Jane Roe'] }),
    problem: /^changedFields\[0\]: expected a field name/,
  },
  {
    name: 'number among record ids',
    entry: makeEntry({ recordIds: [7 as never] }),
    problem: /^recordIds\[0\]: expected a string/,
  },
  {
    name: 'lone surrogate in a reason',
    entry: makeEntry({ reason: 'a\ud800b' }),
    problem: /^reason: contains a lone UTF-16 surrogate/,
  },
  {
    name: 'NUL in a record id',
    entry: makeEntry({ recordIds: ['p\u00001'] }),
    problem: /^recordIds\[0\]: contains .* NUL/,
  },
  {
    name: 'emergency as a string',
    entry: makeEntry({ emergency: 'yes' as never }),
    problem: /^emergency: expected true or false/,
  },
];

describe('findAuditEntryProblems', () => {
  it.each(validCases)('$name is valid', ({ entry }) => {
    expect(findAuditEntryProblems(entry)).toEqual([]);
  });

  it.each(invalidCases)('$name is reported', ({ entry, problem }) => {
    const problems = findAuditEntryProblems(entry);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it.each(invalidCases)('$name is reported without the value', ({ entry }) => {
    const text = findAuditEntryProblems(entry).join(' ');

    for (const value of ['123-45-6789', 'Jane Roe', 'patient unconscious']) {
      expect(text).not.toContain(value);
    }
  });

  it('property named like a secret is not echoed', () => {
    const problems = findAuditEntryProblems({ ...makeEntry(), 'Roe, Jane 1980-01-01': true });

    expect(problems).toEqual([
      'a property with a non-identifier name: not a property of AuditEntry; an audit entry carries names only',
    ]);
  });
});
