import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { hspec } from './support.js';

describe('hspec init', () => {
  it('creates a project that validates and generates', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hspec-init-'));

    const init = await hspec(['init', root]);
    const generate = await hspec(['generate', root]);

    expect(init.exitCode).toBe(0);
    expect(generate.exitCode).toBe(0);
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toBe('.hspec/\n');
  });

  it('never overwrites an existing project or spec file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hspec-init-'));
    await writeFile(join(root, 'hspec.yaml'), 'version: 1\nspecs: mine/\n');
    await writeFile(join(root, '.gitignore'), 'node_modules/');

    const result = await hspec(['init', root]);

    expect(result.exitCode).toBe(1);
    expect(await readFile(join(root, 'hspec.yaml'), 'utf8')).toBe('version: 1\nspecs: mine/\n');
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toBe('node_modules/');
  });

  it('appends .hspec/ to an existing .gitignore once', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hspec-init-'));
    await writeFile(join(root, '.gitignore'), 'node_modules/');

    await hspec(['init', root]);

    expect(await readFile(join(root, '.gitignore'), 'utf8')).toBe('node_modules/\n.hspec/\n');
  });
});
