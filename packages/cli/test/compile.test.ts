import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

import { hspec, repoRoot } from './support.js';

const awkwardModels = `
models:
  Record:
    subject: true
    fields:
      id:          { type: uuid, primaryKey: true }
      class:       { type: string, phi: name }
      default:     { type: string, phi: other_id, lookup: exact, optional: true }
      end:         { type: datetime, phi: date, optional: true }
      order:       { type: integer }
      select:      { type: enum, values: [a, b, 'c-d'] }
      constructor: { type: string, optional: true }
      toString:    { type: boolean, optional: true }
      prototype:   { type: json, optional: true }
      value:       { type: decimal, sensitive: true }
      when:        { type: date, phi: date }
      code:        { type: code, system: 'http://loinc.org', sensitive: true, optional: true }
      note:        { type: text, phi: free_text, optional: true }
  Date:
    patient: recordId
    fields:
      id:       { type: integer, primaryKey: true }
      recordId: { type: uuid, references: Record }
      delete:   { type: boolean }
  Promise:
    patient: recordId
    fields:
      id:       { type: string, primaryKey: true }
      recordId: { type: uuid, references: Record }
      then:     { type: string, phi: phone }
`;

/** Writes tsconfig.json for the strictest settings and resolves the runtime to its build. */
async function writeStrictTsconfig(root: string, out: string): Promise<void> {
  const config = {
    extends: join(repoRoot, 'tsconfig.base.json'),
    compilerOptions: {
      noEmit: true,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      paths: { '@hspec/runtime': [join(repoRoot, 'packages/runtime/dist/index.d.ts')] },
      typeRoots: [join(repoRoot, 'node_modules/@types')],
    },
    include: [`${out}/**/*.ts`],
  };
  await writeFile(join(root, 'tsconfig.json'), JSON.stringify(config, null, 2));
}

async function typeCheck(root: string): Promise<string> {
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const result = await execa(process.execPath, [tsc, '-p', root], { reject: false });
  return `${result.stdout}${result.stderr}`;
}

describe('generated code compiles under tsc --strict', () => {
  it('for reserved words, global names and every field type', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hspec-awkward-'));
    await mkdir(join(root, 'specs'));
    await writeFile(join(root, 'hspec.yaml'), 'version: 1\nspecs: specs/\nout: gen\n');
    await writeFile(join(root, 'specs/models.yaml'), awkwardModels);

    const generated = await hspec(['generate', root]);
    await writeStrictTsconfig(root, 'gen');

    expect(generated.stderr).toBe('');
    expect(generated.exitCode).toBe(0);
    expect(await typeCheck(root)).toBe('');
  });

  it.skipIf(!existsSync(join(repoRoot, '../shared/specs/telehealth')))(
    'for the reference telehealth spec',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'hspec-reference-'));
      await cp(join(repoRoot, '../shared/specs/telehealth'), root, { recursive: true });

      const generated = await hspec(['generate', root]);
      await writeStrictTsconfig(root, 'src/generated');

      expect(generated.exitCode).toBe(0);
      expect(await typeCheck(root)).toBe('');
    },
  );
});
