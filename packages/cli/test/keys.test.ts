import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { copyExampleSpec, hspec } from './support.js';

interface KeyringFile {
  activeKeyId: string;
  keys: { id: string; key: string }[];
}

describe('hspec keys', () => {
  it('creates the keyring at security.keys.path with owner-only permissions', async () => {
    const root = await copyExampleSpec();

    const result = await hspec(['keys', 'new', root]);
    const path = join(root, '.hspec/keyring.json');
    const keyring = JSON.parse(await readFile(path, 'utf8')) as KeyringFile;

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(keyring.activeKeyId);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(keyring.keys).toHaveLength(1);
    expect(result.stdout).not.toContain(keyring.keys[0]?.key);
  });

  it('never overwrites an existing keyring', async () => {
    const root = await copyExampleSpec();
    await hspec(['keys', 'new', root]);
    const path = join(root, '.hspec/keyring.json');
    const before = await readFile(path, 'utf8');

    const result = await hspec(['keys', 'new', root]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('rotates to a new active key and keeps the old one', async () => {
    const root = await copyExampleSpec();
    await hspec(['keys', 'new', root]);
    const path = join(root, '.hspec/keyring.json');
    const before = JSON.parse(await readFile(path, 'utf8')) as KeyringFile;

    const result = await hspec(['keys', 'rotate', root, '--json']);
    const after = JSON.parse(await readFile(path, 'utf8')) as KeyringFile;
    const document = JSON.parse(result.stdout) as { previousKeyId: string; activeKeyId: string };

    expect(result.exitCode).toBe(0);
    expect(document.previousKeyId).toBe(before.activeKeyId);
    expect(after.activeKeyId).toBe(document.activeKeyId);
    expect(after.activeKeyId).not.toBe(before.activeKeyId);
    expect(after.keys.map((key) => key.id)).toContain(before.activeKeyId);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('lists key ids without key bytes', async () => {
    const root = await copyExampleSpec();
    await hspec(['keys', 'new', root]);
    await hspec(['keys', 'rotate', root]);
    const keyring = JSON.parse(
      await readFile(join(root, '.hspec/keyring.json'), 'utf8'),
    ) as KeyringFile;

    const result = await hspec(['keys', 'list', root]);

    expect(result.exitCode).toBe(0);
    for (const key of keyring.keys) {
      expect(result.stdout).toContain(key.id);
      expect(result.stdout).not.toContain(key.key);
    }
    expect(result.stdout).toMatch(new RegExp(`^active +${keyring.activeKeyId}`, 'm'));
  });

  it('reports a rotate without a keyring as an error', async () => {
    const root = await copyExampleSpec();

    const result = await hspec(['keys', 'rotate', root]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('keyring');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
