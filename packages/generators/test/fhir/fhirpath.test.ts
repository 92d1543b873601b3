import { describe, expect, it } from 'vitest';

import { formatPath, parsePath, quoteString } from '../../src/fhir/fhirpath.js';
import type { PathStep } from '../../src/ir/spec-ir.js';

const MR_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';

const valid: { given: string; want: PathStep[] }[] = [
  { given: 'birthDate', want: [{ kind: 'member', name: 'birthDate' }] },
  {
    given: 'address.first().postalCode',
    want: [
      { kind: 'member', name: 'address' },
      { kind: 'first' },
      { kind: 'member', name: 'postalCode' },
    ],
  },
  {
    given: "name.where(use = 'official').first().given.first()",
    want: [
      { kind: 'member', name: 'name' },
      { kind: 'where', conditions: [{ kind: 'equals', path: ['use'], value: 'official' }] },
      { kind: 'first' },
      { kind: 'member', name: 'given' },
      { kind: 'first' },
    ],
  },
  {
    given: `identifier.where(type.coding.exists(system = '${MR_SYSTEM}' and code = 'MR')).value`,
    want: [
      { kind: 'member', name: 'identifier' },
      {
        kind: 'where',
        conditions: [
          {
            kind: 'exists',
            path: ['type', 'coding'],
            conditions: [
              { kind: 'equals', path: ['system'], value: MR_SYSTEM },
              { kind: 'equals', path: ['code'], value: 'MR' },
            ],
          },
        ],
      },
      { kind: 'member', name: 'value' },
    ],
  },
  {
    given: "telecom.where(system='phone' and use='home').value",
    want: [
      { kind: 'member', name: 'telecom' },
      {
        kind: 'where',
        conditions: [
          { kind: 'equals', path: ['system'], value: 'phone' },
          { kind: 'equals', path: ['use'], value: 'home' },
        ],
      },
      { kind: 'member', name: 'value' },
    ],
  },
  {
    given: "  name . where ( use = 'it\\'s' ) . family  ",
    want: [
      { kind: 'member', name: 'name' },
      { kind: 'where', conditions: [{ kind: 'equals', path: ['use'], value: "it's" }] },
      { kind: 'member', name: 'family' },
    ],
  },
  {
    given: "extension.where(url = 'http://x.org/a\\u0062').valueString",
    want: [
      { kind: 'member', name: 'extension' },
      { kind: 'where', conditions: [{ kind: 'equals', path: ['url'], value: 'http://x.org/ab' }] },
      { kind: 'member', name: 'valueString' },
    ],
  },
  {
    given: 'expansion.contains.where(system = \'x\').code',
    want: [
      { kind: 'member', name: 'expansion' },
      { kind: 'member', name: 'contains' },
      { kind: 'where', conditions: [{ kind: 'equals', path: ['system'], value: 'x' }] },
      { kind: 'member', name: 'code' },
    ],
  },
  {
    given: 'name.`family`',
    want: [
      { kind: 'member', name: 'name' },
      { kind: 'member', name: 'family' },
    ],
  },
];

const invalid: { given: string; code: string; offset: number; message: RegExp }[] = [
  { given: '', code: 'fhir.path-syntax', offset: 0, message: /path is empty; the FHIRPath subset supports/ },
  { given: 'name.', code: 'fhir.path-syntax', offset: 5, message: /ends early/ },
  { given: 'name..given', code: 'fhir.path-syntax', offset: 5, message: /unexpected "\."/ },
  { given: "name.where(use = 'official'", code: 'fhir.path-syntax', offset: 27, message: /missing "\)"/ },
  { given: "name.where(use = 'official).family", code: 'fhir.path-syntax', offset: 17, message: /unterminated/ },
  { given: 'name.where().family', code: 'fhir.path-syntax', offset: 11, message: /needs a condition/ },
  { given: 'name.first(1)', code: 'fhir.path-syntax', offset: 11, message: /takes no arguments/ },
  { given: "name.where(use = 'a\\qb')", code: 'fhir.path-syntax', offset: 19, message: /invalid escape/ },
  { given: 'name.where(use = "official")', code: 'fhir.path-syntax', offset: 17, message: /single quotes/ },
  { given: "name.where(use = 'official' and)", code: 'fhir.path-syntax', offset: 31, message: /unexpected "\)"/ },
  { given: 'name#family', code: 'fhir.path-syntax', offset: 4, message: /unexpected "#"/ },
  {
    given: "name.where(use = 'official' or use = 'usual').family",
    code: 'fhir.path-not-buildable',
    offset: 28,
    message: /operator "or" is not supported; conditions can be joined with "and" only/,
  },
  {
    given: 'name.last().family',
    code: 'fhir.path-not-buildable',
    offset: 5,
    message: /function "last\(\)" is not supported; the FHIRPath subset supports member access/,
  },
  { given: 'name[0].family', code: 'fhir.path-not-buildable', offset: 4, message: /use first\(\)/ },
  { given: 'telecom | address', code: 'fhir.path-not-buildable', offset: 8, message: /union/ },
  { given: "name.where(use != 'x')", code: 'fhir.path-not-buildable', offset: 15, message: /= only/ },
  { given: 'name.where(use = 1)', code: 'fhir.path-not-buildable', offset: 17, message: /string literal/ },
  { given: 'name.where(use = official)', code: 'fhir.path-not-buildable', offset: 17, message: /string literal/ },
  { given: 'name.where(active).family', code: 'fhir.path-not-buildable', offset: 17, message: /compares an element/ },
  { given: 'identifier.where(type.coding.exists()).value', code: 'fhir.path-not-buildable', offset: 29, message: /exists\(\) needs conditions/ },
  {
    given: "identifier.where(type.coding.first().code = 'x').value",
    code: 'fhir.path-not-buildable',
    offset: 29,
    message: /not supported inside where\(\)/,
  },
  { given: "name.exists(use = 'x')", code: 'fhir.path-not-buildable', offset: 5, message: /only as a condition/ },
  { given: 'first().given', code: 'fhir.path-not-buildable', offset: 0, message: /starts with an element name/ },
  { given: "name.given.where($this = 'x')", code: 'fhir.path-not-buildable', offset: 17, message: /"\$this" is not supported/ },
  { given: 'a.b and c', code: 'fhir.path-not-buildable', offset: 4, message: /inside where\(\) only/ },
];

describe('parsePath', () => {
  it.each(valid)('parses $given', ({ given, want }) => {
    const result = parsePath(given);

    expect(result.ok).toBe(true);
    if (result.ok) expect(result.steps).toEqual(want);
  });

  it.each(invalid)('rejects $given', ({ given, code, offset, message }) => {
    const result = parsePath(given);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.offset).toBe(offset);
    expect(result.error.message).toMatch(message);
  });

  it('keeps token offsets for error columns', () => {
    const result = parsePath("name.where(use = 'official').family");

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.located.map((step) => step.offset)).toEqual([0, 5, 29]);
    const where = result.located[1];
    expect(where?.kind).toBe('where');
    if (where?.kind === 'where') expect(where.conditions[0]).toMatchObject({ valueOffset: 17 });
  });
});

describe('formatPath', () => {
  it.each(valid)('writes $given back so that it parses to the same steps', ({ want }) => {
    const reparsed = parsePath(formatPath(want));

    expect(reparsed.ok).toBe(true);
    if (reparsed.ok) expect(reparsed.steps).toEqual(want);
  });

  it('writes the canonical spelling', () => {
    const result = parsePath("name . where(use='official'). first( ).family");

    expect(result.ok).toBe(true);
    if (result.ok) expect(formatPath(result.steps)).toBe("name.where(use = 'official').first().family");
  });

  it('escapes quotes and backslashes in literals', () => {
    expect(quoteString("it's a\\b")).toBe("'it\\'s a\\\\b'");
  });
});
