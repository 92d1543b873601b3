import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKeyringFile,
  FieldCipher,
  FileKeyProvider,
  Keyring,
  KeyringError,
  readKeyringFile,
  rotateKeyringFile,
  type FieldContext,
} from '../src/index.js';
import { rejected, useTemporaryFolder } from './keyring-fixture.js';

const temporaryFolder = useTemporaryFolder();
const context: FieldContext = { table: 'patients', column: 'ssn', primaryKey: 'patient-1' };
const familyName = { table: 'patients', column: 'family_name' };

async function loadCipher(path: string): Promise<FieldCipher> {
  return new FieldCipher(await Keyring.load(new FileKeyProvider(path)));
}

describe('key rotation', () => {
  it('new writes use the new key and old values still decrypt', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    const created = await createKeyringFile(path);
    const before = await loadCipher(path);
    const oldEnvelope = before.encrypt('string', '123-45-6789', context);

    const rotation = await rotateKeyringFile(path);
    const after = await loadCipher(path);
    const newEnvelope = after.encrypt('string', '123-45-6789', context);

    expect(rotation.previousKeyId).toBe(created.activeKeyId);
    expect(rotation.activeKeyId).not.toBe(created.activeKeyId);
    expect(after.keyIdOf(oldEnvelope)).toBe(created.activeKeyId);
    expect(after.keyIdOf(newEnvelope)).toBe(rotation.activeKeyId);
    expect(after.decrypt('string', oldEnvelope, context)).toBe('123-45-6789');
    expect(after.decrypt('string', newEnvelope, context)).toBe('123-45-6789');
  });

  it('keyring keeps every key in order', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    const created = await createKeyringFile(path);

    const first = await rotateKeyringFile(path);
    const second = await rotateKeyringFile(path);
    const keyring = await Keyring.load(new FileKeyProvider(path));

    expect(keyring.keyIds).toEqual([created.activeKeyId, first.activeKeyId, second.activeKeyId]);
    expect(keyring.activeKeyId).toBe(second.activeKeyId);
    expect(second.previousKeyId).toBe(first.activeKeyId);
  });

  it('old keys keep their bytes', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    const created = await createKeyringFile(path);

    await rotateKeyringFile(path);
    const rotated = await readKeyringFile(path);

    expect(rotated.keys[0]).toEqual(created.keys[0]);
  });

  it('blind indexes stay the same', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await createKeyringFile(path);
    const before = (await loadCipher(path)).blindIndex('Smith', familyName);

    await rotateKeyringFile(path);

    expect((await loadCipher(path)).blindIndex('Smith', familyName)).toBe(before);
  });

  it('new key id carries the rotation date', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await createKeyringFile(path, { now: new Date('2026-01-01T00:00:00Z') });

    const rotation = await rotateKeyringFile(path, { now: new Date('2026-04-01T12:00:00Z') });

    expect(rotation.activeKeyId).toMatch(/^k20260401-[0-9a-f]{8}$/);
  });

  it.runIf(process.platform !== 'win32')('rotated file stays owner-only', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await createKeyringFile(path);

    await rotateKeyringFile(path);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves no lock or temporary file behind', async () => {
    const folder = await temporaryFolder();
    await createKeyringFile(join(folder, 'keyring.json'));

    await rotateKeyringFile(join(folder, 'keyring.json'));

    expect(await readdir(folder)).toEqual(['keyring.json']);
  });

  it('a held lock stops a second rotation', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await createKeyringFile(path);
    const before = await readFile(path, 'utf8');
    await (await open(`${path}.lock`, 'wx')).close();

    const error = await rejected(() => rotateKeyringFile(path));

    expect(error).toBeInstanceOf(KeyringError);
    expect((error as KeyringError).message).toContain(`${path}.lock`);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('concurrent rotations never lose a key', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await createKeyringFile(path);

    const results = await Promise.allSettled([rotateKeyringFile(path), rotateKeyringFile(path)]);
    const keyIds = (await readKeyringFile(path)).keys.map((key) => key.id);

    for (const result of results) {
      if (result.status === 'fulfilled') {
        expect(keyIds).toContain(result.value.activeKeyId);
      } else {
        expect(result.reason).toBeInstanceOf(KeyringError);
      }
    }
  });

  it('rotating a missing keyring raises KeyringError', async () => {
    const path = join(await temporaryFolder(), 'absent.json');

    const error = await rejected(() => rotateKeyringFile(path));

    expect(error).toMatchObject({ code: 'keyring.invalid', problems: ['file not found'] });
  });

  it('lock is released after a failed rotation', async () => {
    const folder = await temporaryFolder();
    const path = join(folder, 'absent.json');

    await rejected(() => rotateKeyringFile(path));

    expect(await readdir(folder)).toEqual([]);
  });
});
