import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKeyringFile,
  KeyringError,
  KeyRetirementError,
  readKeyringFile,
  retireKey,
  rotateKeyringFile,
} from '../../src/index.js';
import { rejected, useTemporaryFolder } from '../keyring-fixture.js';

const temporaryFolder = useTemporaryFolder();

interface KeyringDocument {
  keys: { id: string }[];
  [property: string]: unknown;
}

/** Creates a keyring file rotated twice, so it has an active key and two older ones. */
async function rotatedKeyring(): Promise<{ path: string; keyIds: string[] }> {
  const path = join(await temporaryFolder(), 'keyring.json');
  const created = await createKeyringFile(path);
  const first = await rotateKeyringFile(path);
  const second = await rotateKeyringFile(path);
  return { path, keyIds: [created.activeKeyId, first.activeKeyId, second.activeKeyId] };
}

describe('retireKey', () => {
  it('removes the key, keeps the rest', async () => {
    const { path, keyIds } = await rotatedKeyring();
    const before = JSON.parse(await readFile(path, 'utf8')) as KeyringDocument;

    const retirement = await retireKey(path, keyIds[1] ?? '');
    const after = JSON.parse(await readFile(path, 'utf8')) as KeyringDocument;

    expect(retirement).toEqual({
      retiredKeyId: keyIds[1],
      activeKeyId: keyIds[2],
      keyIds: [keyIds[0], keyIds[2]],
    });
    expect(after).toEqual({ ...before, keys: [before.keys[0], before.keys[2]] });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect((await readKeyringFile(path)).keys.map((key) => key.id)).toEqual([keyIds[0], keyIds[2]]);
  });

  it.runIf(process.platform !== 'win32')('leaves the file owner-only', async () => {
    const { path, keyIds } = await rotatedKeyring();

    await retireKey(path, keyIds[0] ?? '');

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves no lock or temporary file behind', async () => {
    const { path, keyIds } = await rotatedKeyring();

    await retireKey(path, keyIds[0] ?? '');

    expect(await readdir(join(path, '..'))).toEqual(['keyring.json']);
  });

  const rejections = [
    {
      name: 'the active key',
      keyId: (ids: string[]) => ids[2],
      code: 'keyring.retire-active-key',
    },
    {
      name: 'an unknown key id',
      keyId: () => 'k19990101-00000000',
      code: 'keyring.retire-unknown-key',
    },
    {
      name: 'a key retired before',
      keyId: (ids: string[]) => ids[0],
      code: 'keyring.retire-unknown-key',
    },
  ];

  it.each(rejections)('rejects $name, file unchanged', async ({ keyId, code }) => {
    const { path, keyIds } = await rotatedKeyring();
    await retireKey(path, keyIds[0] ?? '');
    const before = await readFile(path, 'utf8');

    const error = await rejected(() => retireKey(path, keyId(keyIds) ?? ''));

    expect(error).toBeInstanceOf(KeyRetirementError);
    expect(error).toMatchObject({ code, keyId: keyId(keyIds) });
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(join(path, '..'))).toEqual(['keyring.json']);
  });

  it('rejects the blind-index key id', async () => {
    const { path } = await rotatedKeyring();
    const { blindIndexKey } = await readKeyringFile(path);

    const error = await rejected(() => retireKey(path, blindIndexKey.id));

    expect(error).toMatchObject({ code: 'keyring.retire-unknown-key' });
  });

  it('never echoes an invalid key id', async () => {
    const { path } = await rotatedKeyring();
    const { keys } = await readKeyringFile(path);
    const pasted = keys[0]?.key.toString('base64') ?? '';

    const error = await rejected(() => retireKey(path, pasted));

    expect((error as Error).message).not.toContain(pasted);
    expect((error as Error).message).toContain('not a valid key id');
  });

  it('held lock stops the retirement', async () => {
    const { path, keyIds } = await rotatedKeyring();
    const before = await readFile(path, 'utf8');
    await (await open(`${path}.lock`, 'wx')).close();

    const error = await rejected(() => retireKey(path, keyIds[0] ?? ''));

    expect(error).toBeInstanceOf(KeyringError);
    expect((error as KeyringError).message).toContain(`${path}.lock`);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('missing keyring raises KeyringError', async () => {
    const path = join(await temporaryFolder(), 'absent.json');

    const error = await rejected(() => retireKey(path, 'k1'));

    expect(error).toMatchObject({ code: 'keyring.invalid', problems: ['file not found'] });
  });
});
