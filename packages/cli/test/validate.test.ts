import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { copyExampleSpec, exampleProject, hspec } from './support.js';

describe('hspec validate', () => {
  it('accepts the example spec', async () => {
    const result = await hspec(['validate', exampleProject]);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^valid: 6 models, 5 roles, 2 views, 4 FHIR mappings, 11 policy tests in 6 spec files$/m);
  });

  it('reports a misspelled model with its location and exits 1', async () => {
    const root = await copyExampleSpec();
    const roles = join(root, 'specs/roles.yaml');
    const text = await readFile(roles, 'utf8');
    await writeFile(roles, text.replace('{ model: VisitNote,', '{ model: VisitNtoe,'));

    const result = await hspec(['validate', root]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^specs\/roles\.yaml:25:18 roles\.nurse\.grants\[2\]\.model: unknown model "VisitNtoe" in grant; did you mean "VisitNote"\? \[spec\.unknown-model\]$/m,
    );
    expect(result.stderr).toMatch(/^ {2}25 \| .*VisitNtoe/m);
    expect(result.stderr).toMatch(/^1 error in 1 file$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints every error of a run together, sorted', async () => {
    const root = await copyExampleSpec();
    const models = join(root, 'specs/models.yaml');
    const text = await readFile(models, 'utf8');
    await writeFile(
      models,
      text
        .replace('references: Clinic }', 'references: Clinc }')
        .replace('{ type: text, phi: free_text }', '{ type: txt, phi: free_text }'),
    );

    const result = await hspec(['validate', root, '--json']);
    const document = JSON.parse(result.stdout) as { ok: boolean; issues: { file: string; line: number }[] };

    expect(result.exitCode).toBe(1);
    expect(document.ok).toBe(false);
    expect(document.issues.length).toBeGreaterThanOrEqual(2);
    const lines = document.issues.map((issue) => issue.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('keeps --json output free of prose', async () => {
    const result = await hspec(['validate', exampleProject, '--json']);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, models: 6, roles: 5 });
  });
});

describe('usage errors', () => {
  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['generate', '--frobnicate']],
    ['a missing project', ['validate', 'no/such/project']],
    ['a folder without hspec.yaml', ['validate', 'packages']],
    ['--check with --watch', ['generate', exampleProject, '--check', '--watch']],
  ])('%s exits 2 without a stack trace', async (_label, args) => {
    const result = await hspec(args);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help with exit 0', async () => {
    const result = await hspec(['--help']);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('generate');
    expect(result.stdout).toContain('validate');
  });
});
