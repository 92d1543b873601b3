import { existsSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { copyExampleSpec, exampleProject, hspec } from './support.js';

// The reference telehealth spec lives outside the repository and is not always present.
const referenceProject = '/work/shared/specs/telehealth';
const hasReference = existsSync(join(referenceProject, 'hspec.yaml'));
const referenceNote = hasReference ? '' : ' (skipped: reference spec not found)';

const failingCases = [
  '  - { name: nurse prescribes, role: nurse, action: create, model: Prescription, purpose: TREAT, expect: allow }',
  '  - { name: scheduler sees the ssn, role: scheduler, action: read, model: Patient, purpose: HOPERAT, expect: allow, fields: [ssn, mrn], withoutFields: [id] }',
  '',
].join('\n');

interface TestDocument {
  readonly ok: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly cases: readonly {
    readonly name: string;
    readonly ok: boolean;
    readonly line: number;
    readonly reason: string;
    readonly problems: readonly string[];
  }[];
}

describe('hspec test', () => {
  it('passes every case of the example spec', async () => {
    const result = await hspec(['test', exampleProject]);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^pass {2}nurse cannot prescribe$/m);
    expect(result.stdout).toMatch(/^pass {2}clinician breaks glass for labs$/m);
    expect(result.stdout).not.toMatch(/FAIL/);
    expect(result.stdout).toMatch(/^11 passed, 0 failed$/m);
  });

  it.skipIf(!hasReference)(
    `passes every reference spec case${referenceNote}`,
    async () => {
      const result = await hspec(['test', referenceProject]);

      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^pass {2}pharmacist sees no ssn$/m);
      expect(result.stdout).toMatch(/^14 passed, 0 failed$/m);
    },
  );

  it('names a failing case and its location and exits 1', async () => {
    const root = await copyExampleSpec();
    await appendFile(join(root, 'specs/tests.yaml'), failingCases);

    const result = await hspec(['test', root]);

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}nurse prescribes \(specs\/tests\.yaml:14:5\): expected allow, got deny \(no-grant\)$/m,
    );
    expect(result.stdout).toMatch(
      /^FAIL {2}scheduler sees the ssn \(specs\/tests\.yaml:15:5\): missing fields ssn, mrn; returned field id, which withoutFields excludes$/m,
    );
    expect(result.stdout).toMatch(/^pass {2}nurse cannot prescribe$/m);
    expect(result.stdout).toMatch(/^11 passed, 2 failed$/m);
  });

  it('reports an unexpected allow with its reason', async () => {
    const root = await copyExampleSpec();
    await appendFile(
      join(root, 'specs/tests.yaml'),
      '  - { name: nurse reads charts, role: nurse, action: read, model: Patient, purpose: TREAT, expect: deny }\n',
    );

    const result = await hspec(['test', root]);

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}nurse reads charts \(specs\/tests\.yaml:14:5\): expected deny, got allow \(granted\)$/m,
    );
  });

  it('prints one JSON document with --json', async () => {
    const root = await copyExampleSpec();
    await appendFile(join(root, 'specs/tests.yaml'), failingCases);

    const result = await hspec(['test', root, '--json']);
    const document = JSON.parse(result.stdout) as TestDocument;
    const failed = document.cases.filter((testCase) => !testCase.ok);

    expect(result.exitCode).toBe(1);
    expect(document.ok).toBe(false);
    expect(document.passed).toBe(11);
    expect(document.failed).toBe(2);
    expect(failed.map((testCase) => [testCase.name, testCase.line, testCase.reason])).toEqual([
      ['nurse prescribes', 14, 'no-grant'],
      ['scheduler sees the ssn', 15, 'granted'],
    ]);
    expect(failed[0]?.problems).toEqual(['expected allow, got deny (no-grant)']);
  });

  it('runs a spec without tests', async () => {
    const root = await copyExampleSpec();
    await writeFile(join(root, 'specs/tests.yaml'), 'tests: []\n');

    const result = await hspec(['test', root]);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^no policy tests in the spec/m);
    expect(result.stdout).toMatch(/^0 passed, 0 failed$/m);
  });

  it('reports spec errors instead of running the cases', async () => {
    const root = await copyExampleSpec();
    await appendFile(
      join(root, 'specs/tests.yaml'),
      '  - { name: typo, role: nurse, action: read, model: Pateint, purpose: TREAT, expect: deny }\n',
    );

    const result = await hspec(['test', root]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/specs\/tests\.yaml:14:\d+ .*unknown model "Pateint"/);
    expect(result.stdout).not.toMatch(/passed/);
  });
});
