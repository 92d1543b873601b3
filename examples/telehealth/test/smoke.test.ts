import { fileURLToPath } from 'node:url';

import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const exampleRoot = fileURLToPath(new URL('../', import.meta.url));
const hspecBin = fileURLToPath(new URL('../../../packages/cli/bin/hspec.js', import.meta.url));
const tscBin = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

describe('telehealth example', () => {
  it('has generated code that is current with its spec', async () => {
    const result = await execa(process.execPath, [hspecBin, 'generate', exampleRoot, '--check'], {
      reject: false,
    });

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('compiles and passes its smoke run on SQLite', async () => {
    await execa(process.execPath, [tscBin, '-p', exampleRoot], { cwd: exampleRoot });

    const result = await execa(process.execPath, ['dist/smoke.js'], {
      cwd: exampleRoot,
      reject: false,
    });

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toMatch(/FAIL/);
    expect(result.stdout).toMatch(/^ {2}ok {3}mrn holds only ciphertext/m);
    expect(result.stdout).toMatch(/found the patient by MRN through the mrn_bidx blind index/);
    expect(result.stdout).toMatch(/decrypted record matches the input in 16 fields/);
    expect(result.stdout).toMatch(/^smoke run passed$/m);
  });

  it('never prints a PHI value in its smoke run', async () => {
    await execa(process.execPath, [tscBin, '-p', exampleRoot], { cwd: exampleRoot });

    const result = await execa(process.execPath, ['dist/smoke.js'], { cwd: exampleRoot });

    for (const value of ['MRN-0042-7731', 'Okonkwo', '900-12-3456', '785 555', '67401', 'Salina']) {
      expect(result.stdout).not.toContain(value);
    }
  });
});
