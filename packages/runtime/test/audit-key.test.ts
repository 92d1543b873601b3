import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKeyringFile,
  Keyring,
  KeyringError,
  parseKeyring,
  readKeyringFile,
  rotateKeyringFile,
} from '../src/index.js';
import { caught, keyMaterial, keyringData, useTemporaryFolder } from './keyring-fixture.js';

const temporaryFolder = useTemporaryFolder();
const now = new Date('2026-12-04T10:00:00.000Z');

/** Returns the JSON of a keyring file as written before audit keys existed. */
function keyringWithoutAuditKey(): string {
  return JSON.stringify({
    version: 1,
    activeKeyId: 'k1',
    keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }],
    blindIndexKey: { id: 'b1', key: randomBytes(32).toString('base64') },
  });
}

describe('audit key in new keyrings', () => {
  it('createKeyringFile adds a dated audit key', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');

    const data = await createKeyringFile(path, { now });

    expect(data.auditKey?.id).toMatch(/^a20261204-[0-9a-f]{8}$/);
    expect(data.auditKey?.key.length).toBe(32);
    expect(data.auditKey?.key.equals(data.blindIndexKey.key)).toBe(false);
    expect(await readKeyringFile(path)).toEqual(data);
  });

  it('Keyring exposes the audit key and its id', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    const data = await createKeyringFile(path);

    const keyring = Keyring.from(data);

    expect(keyring.auditKeyId).toBe(data.auditKey?.id);
    expect(keyring.auditKey.type).toBe('secret');
    expect(keyring.auditKey.symmetricKeySize).toBe(32);
  });
});

describe('keyrings without an audit key', () => {
  it('still parse', () => {
    const data = parseKeyring(keyringWithoutAuditKey(), 'keyring.json');

    expect(data.auditKey).toBeUndefined();
    expect(Keyring.from(data).auditKeyId).toBeUndefined();
  });

  it('raise a clear error when the audit key is needed', () => {
    const keyring = Keyring.from(parseKeyring(keyringWithoutAuditKey(), 'keyring.json'));

    const error = caught(() => keyring.auditKey);

    expect(error).toBeInstanceOf(KeyringError);
    expect((error as KeyringError).message).toContain('no auditKey');
    expect((error as KeyringError).message).toContain('hspec keys rotate');
  });

  it('get one from rotateKeyringFile', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await writeFile(path, keyringWithoutAuditKey(), { mode: 0o600 });

    const rotation = await rotateKeyringFile(path, { now });
    const data = await readKeyringFile(path);

    expect(rotation.addedAuditKeyId).toMatch(/^a20261204-[0-9a-f]{8}$/);
    expect(data.auditKey?.id).toBe(rotation.addedAuditKeyId);
    expect(data.keys.map((key) => key.id)).toEqual(['k1', rotation.activeKeyId]);
  });
});

describe('rotation keeps an existing audit key', () => {
  it('with the same id and bytes', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    const created = await createKeyringFile(path);

    const rotation = await rotateKeyringFile(path);
    const rotated = await readKeyringFile(path);

    expect(rotation.addedAuditKeyId).toBeUndefined();
    expect(rotated.auditKey).toEqual(created.auditKey);
  });

  it('and writes it back in the file', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    const created = await createKeyringFile(path);

    await rotateKeyringFile(path);
    const text = await readFile(path, 'utf8');
    const document = JSON.parse(text) as { auditKey: { id: string; key: string } };

    expect(document.auditKey.id).toBe(created.auditKey?.id);
    expect(document.auditKey.key).toBe(created.auditKey?.key.toString('base64'));
  });
});

describe('invalid audit keys', () => {
  const json = (auditKey: unknown) =>
    JSON.stringify({ ...(JSON.parse(keyringWithoutAuditKey()) as object), auditKey });

  const cases = [
    {
      name: 'short key',
      auditKey: { id: 'a1', key: randomBytes(16).toString('base64') },
      problem: /auditKey\.key: 16 bytes long/,
    },
    {
      name: 'id shared with a data key',
      auditKey: { id: 'k1', key: randomBytes(32).toString('base64') },
      problem: /auditKey\.id: "k1" is also the id of another key/,
    },
    {
      name: 'id shared with the blind-index key',
      auditKey: { id: 'b1', key: randomBytes(32).toString('base64') },
      problem: /auditKey\.id: "b1" is also the id/,
    },
    { name: 'not an object', auditKey: 'a1', problem: /auditKey: expected an object/ },
    {
      name: 'unknown property',
      auditKey: { id: 'a1', key: randomBytes(32).toString('base64'), use: 'audit' },
      problem: /auditKey: unknown property "use"/,
    },
  ];

  it.each(cases)('$name is rejected', ({ auditKey, problem }) => {
    const error = caught(() => parseKeyring(json(auditKey), 'keyring.json')) as KeyringError;

    expect(error).toBeInstanceOf(KeyringError);
    expect(error.problems.some((text) => problem.test(text))).toBe(true);
  });

  it('Keyring.from checks an audit key from any provider', () => {
    const auditKey = keyMaterial('a1', randomBytes(31));
    const data = { ...keyringData([keyMaterial('k1')]), auditKey };

    expect(caught(() => Keyring.from(data))).toBeInstanceOf(KeyringError);
  });
});
