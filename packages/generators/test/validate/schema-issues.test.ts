import { describe, expect, test } from 'vitest';

import { withCase } from './base-spec.js';
import { fullIssuesOf, toIssueAt } from './temp-project.js';

const device = (field: string): string =>
  ['models:', '  Device:', '    fields:', '      id: { type: uuid, primaryKey: true }', field, ''].join('\n');

const grant = (line: string): string => ['roles:', '  auditor:', '    grants:', line, ''].join('\n');

const drugMapping = (field: string): string =>
  ['fhir:', '  mappings:', '    Drug:', '      resource: Medication', '      fields:', field, ''].join('\n');

interface SchemaCase {
  readonly name: string;
  readonly text: string;
  readonly want: readonly { readonly code: string; readonly at: string }[];
  readonly message?: string;
}

const cases: readonly SchemaCase[] = [
  {
    name: 'unknown model property suggests the closest',
    text: 'models:\n  Device:\n    tabel: devices\n    fields:\n      id: { type: uuid, primaryKey: true }\n',
    want: [{ code: 'spec.unknown-property', at: 'specs/case.yaml:3:5' }],
    message: 'unknown property "tabel" in model "Device"; did you mean "table"?',
  },
  {
    name: 'misspelled field type suggests the closest',
    text: device('      serial: { type: strin }'),
    want: [{ code: 'spec.invalid-value', at: 'specs/case.yaml:5:23' }],
    message: 'invalid field type "strin"; did you mean "string"?',
  },
  {
    name: 'field without a type',
    text: device('      serial: { optional: true }'),
    want: [{ code: 'spec.missing-property', at: 'specs/case.yaml:5:7' }],
    message: 'missing required property "type" in field "Device.serial"',
  },
  {
    name: 'yes where a boolean belongs',
    text: device('      serial: { type: string, optional: yes }'),
    want: [{ code: 'spec.invalid-type', at: 'specs/case.yaml:5:41' }],
    message:
      'invalid type for "optional": expected true or false, got the string "yes"; YAML 1.2 reads yes as a string, so write true or false',
  },
  {
    name: 'lowercase model name',
    text: 'models:\n  device:\n    fields:\n      id: { type: uuid, primaryKey: true }\n',
    want: [{ code: 'spec.invalid-name', at: 'specs/case.yaml:2:3' }],
    message: 'invalid model name "device": expected an uppercase letter followed by letters, digits or underscores',
  },
  {
    name: 'field name starting with a digit',
    text: device('      2nd: { type: string }'),
    want: [{ code: 'spec.invalid-name', at: 'specs/case.yaml:5:7' }],
  },
  {
    name: 'action listed twice',
    text: grant('      - { model: Drug, actions: [read, read], scope: all }'),
    want: [{ code: 'spec.duplicate-item', at: 'specs/case.yaml:4:40' }],
    message: 'duplicate "read" in "actions"',
  },
  {
    name: 'misspelled scope suggests the closest',
    text: grant('      - { model: Drug, actions: [read], scope: al }'),
    want: [{ code: 'spec.invalid-value', at: 'specs/case.yaml:4:48' }],
    message: 'invalid scope "al"; did you mean "all"?',
  },
  {
    name: 'misspelled grant key and the missing one',
    text: grant('      - { model: Drug, action: [read], scope: all }'),
    want: [
      { code: 'spec.missing-property', at: 'specs/case.yaml:4:9' },
      { code: 'spec.unknown-property', at: 'specs/case.yaml:4:24' },
    ],
  },
  {
    name: 'purposes on an emergency grant',
    text: [
      'roles:',
      '  auditor:',
      '    emergency:',
      '      - { model: Drug, actions: [read], scope: all, purposes: [BTG] }',
      '',
    ].join('\n'),
    want: [{ code: 'spec.unknown-property', at: 'specs/case.yaml:4:53' }],
  },
  {
    name: 'malformed duration',
    text: 'security:\n  sessions:\n    idleTimeout: 15 minutes\n',
    want: [{ code: 'spec.invalid-value', at: 'specs/case.yaml:3:18' }],
    message: 'invalid duration "15 minutes": expected a whole number followed by s, m, h or d, such as 15m',
  },
  {
    name: 'code system with a space',
    text: "models:\n  Assay:\n    fields:\n      code: { type: code, system: 'snomed ct' }\n      id: { type: uuid, primaryKey: true }\n",
    want: [{ code: 'spec.invalid-value', at: 'specs/case.yaml:4:35' }],
    message: 'invalid value "snomed ct": expected a URI without spaces, such as http://loinc.org',
  },
  {
    name: 'section written as a list',
    text: 'models:\n  - Device\n',
    want: [{ code: 'spec.invalid-type', at: 'specs/case.yaml:2:3' }],
    message: 'invalid type for "models": expected a map, got a list',
  },
  {
    name: 'model with an empty value',
    text: 'models:\n  Device:\n',
    want: [{ code: 'spec.invalid-type', at: 'specs/case.yaml:2:3' }],
  },
  {
    name: 'test missing several properties',
    text: 'tests:\n  - { name: lonely }\n',
    want: [{ code: 'spec.missing-property', at: 'specs/case.yaml:2:5' }],
    message: 'missing required properties "role", "action", "model", "expect" in a test',
  },
  {
    name: 'fhir field mapping of the wrong type',
    text: drugMapping('        label: true'),
    want: [{ code: 'spec.invalid-type', at: 'specs/case.yaml:6:16' }],
    message: 'invalid type for "label": expected a string or a map, got boolean true',
  },
  {
    name: 'fhir field mapping map with a misspelled key',
    text: drugMapping('        label: { pth: code.text }'),
    want: [
      { code: 'spec.missing-property', at: 'specs/case.yaml:6:9' },
      { code: 'spec.unknown-property', at: 'specs/case.yaml:6:18' },
    ],
  },
  {
    name: 'version in a spec file',
    text: 'version: 1\n',
    want: [{ code: 'spec.unknown-property', at: 'specs/case.yaml:1:1' }],
    message: '"version" belongs in hspec.yaml, not in a spec file',
  },
  {
    name: 'unknown top-level section',
    text: 'model:\n  Device: {}\n',
    want: [{ code: 'spec.unknown-property', at: 'specs/case.yaml:1:1' }],
    message: 'unknown property "model" in the spec file; did you mean "models"?',
  },
  {
    name: 'empty enum values',
    text: device('      kind: { type: enum, values: [] }'),
    want: [{ code: 'spec.invalid-value', at: 'specs/case.yaml:5:35' }],
    message: '"values" must not be empty',
  },
];

describe('schema issues', () => {
  test.each(cases)('$name', async ({ text, want, message }) => {
    const issues = await fullIssuesOf(withCase(text));

    expect(issues.map(toIssueAt)).toEqual(want);
    if (message !== undefined) expect(issues[0]?.message).toBe(message);
    for (const issue of issues) {
      expect(issue.message).not.toMatch(/\.$/);
      expect(issue.message.charAt(0)).toBe(issue.message.charAt(0).toLowerCase());
    }
  });
});
