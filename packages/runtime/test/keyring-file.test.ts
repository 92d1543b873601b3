import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createKeyringFile,
  FileKeyProvider,
  Keyring,
  KeyringError,
  parseKeyring,
  readKeyringFile,
  rotateKeyringFile,
} from '../src/index.js';
import {
  caught,
  keyMaterial,
  keyringData,
  rejected,
  useTemporaryFolder,
} from './keyring-fixture.js';

const temporaryFolder = useTemporaryFolder();
const now = new Date('2026-12-04T10:00:00.000Z');
const checksModes = process.platform !== 'win32';

describe('createKeyringFile', () => {
  it('writes a keyring that reads back the same', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');

    const created = await createKeyringFile(path, { now });
    const read = await readKeyringFile(path);

    expect(read).toEqual(created);
  });

  it('generates dated key ids', async () => {
    const data = await createKeyringFile(join(await temporaryFolder(), 'keyring.json'), { now });

    expect(data.activeKeyId).toMatch(/^k20261204-[0-9a-f]{8}$/);
    expect(data.keys.map((key) => key.id)).toEqual([data.activeKeyId]);
    expect(data.blindIndexKey.id).toMatch(/^b20261204-[0-9a-f]{8}$/);
  });

  it('generates distinct 32-byte keys', async () => {
    const data = await createKeyringFile(join(await temporaryFolder(), 'keyring.json'), { now });
    const key = data.keys[0]?.key;

    expect(key?.length).toBe(32);
    expect(data.blindIndexKey.key.length).toBe(32);
    expect(key?.equals(data.blindIndexKey.key)).toBe(false);
  });

  it('records the creation time', async () => {
    const data = await createKeyringFile(join(await temporaryFolder(), 'keyring.json'), { now });

    expect(data.keys[0]?.createdAt).toBe('2026-12-04T10:00:00.000Z');
    expect(data.blindIndexKey.createdAt).toBe('2026-12-04T10:00:00.000Z');
  });

  it.runIf(checksModes)('file is readable by its owner only', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');

    await createKeyringFile(path);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('creates missing parent folders', async () => {
    const path = join(await temporaryFolder(), 'project', '.hspec', 'keyring.json');

    await createKeyringFile(path);

    expect((await stat(path)).isFile()).toBe(true);
  });

  it('leaves no temporary files behind', async () => {
    const folder = await temporaryFolder();

    await createKeyringFile(join(folder, 'keyring.json'));

    expect(await readdir(folder)).toEqual(['keyring.json']);
  });

  it('never overwrites an existing keyring', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await createKeyringFile(path);
    const before = await readFile(path, 'utf8');

    const error = await rejected(() => createKeyringFile(path));

    expect(error).toBeInstanceOf(KeyringError);
    expect(error).toMatchObject({ code: 'keyring.invalid', source: path });
    expect((error as KeyringError).message).toContain('already exists');
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('never overwrites any existing file', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await writeFile(path, 'not a keyring');

    await expect(createKeyringFile(path)).rejects.toBeInstanceOf(KeyringError);
    expect(await readFile(path, 'utf8')).toBe('not a keyring');
  });

  it('two creations at once leave one keyring', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');

    const results = await Promise.allSettled([createKeyringFile(path), createKeyringFile(path)]);
    const created = results.filter((result) => result.status === 'fulfilled');

    expect(created).toHaveLength(1);
    const winner = created[0] as PromiseFulfilledResult<unknown>;
    expect(await readKeyringFile(path)).toEqual(winner.value);
  });
});

describe('readKeyringFile and FileKeyProvider', () => {
  it('provider loads a keyring that encrypts', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    const created = await createKeyringFile(path);

    const keyring = await Keyring.load(new FileKeyProvider(path));

    expect(keyring.activeKeyId).toBe(created.activeKeyId);
    expect(keyring.keyIds).toEqual([created.activeKeyId]);
    expect(keyring.blindIndexKeyId).toBe(created.blindIndexKey.id);
  });

  it('missing file names the path', async () => {
    const path = join(await temporaryFolder(), 'absent.json');

    const error = await rejected(() => new FileKeyProvider(path).loadKeyring());

    expect(error).toBeInstanceOf(KeyringError);
    expect(error).toMatchObject({ source: path, problems: ['file not found'] });
  });

  it('folder instead of a file is a keyring error', async () => {
    const path = join(await temporaryFolder(), 'keyring.json');
    await mkdir(path);

    expect(await rejected(() => readKeyringFile(path))).toBeInstanceOf(KeyringError);
  });
});

const validKey = randomBytes(32).toString('base64');
const otherKey = randomBytes(32).toString('base64');
const blindKey = randomBytes(32).toString('base64');

function keyringJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    activeKeyId: 'k1',
    keys: [{ id: 'k1', createdAt: '2026-12-04T10:00:00.000Z', key: validKey }],
    blindIndexKey: { id: 'b1', createdAt: '2026-12-04T10:00:00.000Z', key: blindKey },
    ...overrides,
  });
}

describe('parseKeyring accepts valid keyrings', () => {
  it('decodes ids, keys and timestamps', () => {
    const data = parseKeyring(keyringJson(), 'keyring.json');

    expect(data.activeKeyId).toBe('k1');
    expect(data.keys[0]?.key.toString('base64')).toBe(validKey);
    expect(data.keys[0]?.createdAt).toBe('2026-12-04T10:00:00.000Z');
    expect(data.blindIndexKey.key.toString('base64')).toBe(blindKey);
  });

  it('createdAt may be omitted', () => {
    const data = parseKeyring(keyringJson({ keys: [{ id: 'k1', key: validKey }] }), 'keyring.json');

    expect(data.keys[0]?.createdAt).toBeUndefined();
  });

  it('accepts several keys with a retired one', () => {
    const keys = [
      { id: 'k1', key: validKey },
      { id: 'k2', key: otherKey },
    ];

    const data = parseKeyring(keyringJson({ keys, activeKeyId: 'k2' }), 'keyring.json');

    expect(data.keys).toHaveLength(2);
  });
});

interface ParseErrorCase {
  readonly name: string;
  readonly json: string;
  readonly problem: RegExp;
}

const parseErrorCases: readonly ParseErrorCase[] = [
  { name: 'empty file', json: '', problem: /empty/ },
  {
    name: 'invalid JSON',
    json: `{"version": 1, "key": "${validKey}" oops}`,
    problem: /^not valid JSON: syntax error at line 1, column \d+$/,
  },
  {
    name: 'invalid JSON on a later line',
    json: `{\n  "version": 1,\n  "key": "${validKey}"\n  x\n}`,
    problem: /line 4, column 3/,
  },
  { name: 'truncated JSON', json: keyringJson().slice(0, 60), problem: /not valid JSON/ },
  { name: 'array instead of object', json: '[]', problem: /expected a JSON object/ },
  { name: 'version 2', json: keyringJson({ version: 2 }), problem: /version: expected 1/ },
  {
    name: 'missing version',
    json: keyringJson({ version: undefined }),
    problem: /version: expected 1/,
  },
  {
    name: 'misspelled property',
    json: keyringJson({ activeKeyID: 'k1' }),
    problem: /unknown property "activeKeyID"/,
  },
  {
    name: 'missing active key id',
    json: keyringJson({ activeKeyId: undefined }),
    problem: /activeKeyId: expected a string/,
  },
  {
    name: 'active key id naming no key',
    json: keyringJson({ activeKeyId: 'k7' }),
    problem: /activeKeyId: no key has the id "k7"/,
  },
  { name: 'no keys', json: keyringJson({ keys: [] }), problem: /keys: at least one key/ },
  {
    name: 'keys not an array',
    json: keyringJson({ keys: {} }),
    problem: /keys: expected an array/,
  },
  {
    name: 'duplicate key ids',
    json: keyringJson({ keys: [{ id: 'k1', key: validKey }, { id: 'k1', key: otherKey }] }),
    problem: /keys\[1\]\.id: duplicate key id "k1"/,
  },
  {
    name: '16-byte key',
    json: keyringJson({ keys: [{ id: 'k1', key: randomBytes(16).toString('base64') }] }),
    problem: /keys\[0\]\.key: 16 bytes long; expected 32 bytes/,
  },
  {
    name: '64-byte key',
    json: keyringJson({ keys: [{ id: 'k1', key: randomBytes(64).toString('base64') }] }),
    problem: /keys\[0\]\.key: 64 bytes long/,
  },
  {
    name: 'key that is not base64',
    json: keyringJson({ keys: [{ id: 'k1', key: 'not base64 at all!' }] }),
    problem: /keys\[0\]\.key: not valid base64/,
  },
  {
    name: 'key in base64url',
    json: keyringJson({ keys: [{ id: 'k1', key: Buffer.alloc(32, 0xff).toString('base64url') }] }),
    problem: /keys\[0\]\.key: not valid base64/,
  },
  {
    name: 'key without padding',
    json: keyringJson({ keys: [{ id: 'k1', key: validKey.replace('=', '') }] }),
    problem: /keys\[0\]\.key: not valid base64/,
  },
  {
    name: 'key as a number',
    json: keyringJson({ keys: [{ id: 'k1', key: 12 }] }),
    problem: /keys\[0\]\.key: expected a base64 string/,
  },
  {
    name: 'key id with a colon',
    json: keyringJson({ activeKeyId: 'k:1', keys: [{ id: 'k:1', key: validKey }] }),
    problem: /keys\[0\]\.id: invalid key id/,
  },
  {
    name: 'key id too long',
    json: keyringJson({ keys: [{ id: `k${'x'.repeat(64)}`, key: validKey }] }),
    problem: /keys\[0\]\.id: invalid key id/,
  },
  {
    name: 'key id missing',
    json: keyringJson({ keys: [{ key: validKey }] }),
    problem: /keys\[0\]\.id: expected a string/,
  },
  {
    name: 'invalid createdAt',
    json: keyringJson({ keys: [{ id: 'k1', key: validKey, createdAt: 'yesterday' }] }),
    problem: /keys\[0\]\.createdAt: expected an ISO 8601 timestamp/,
  },
  {
    name: 'unknown key property',
    json: keyringJson({ keys: [{ id: 'k1', key: validKey, secret: 'x' }] }),
    problem: /keys\[0\]: unknown property "secret"/,
  },
  {
    name: 'missing blind-index key',
    json: keyringJson({ blindIndexKey: undefined }),
    problem: /blindIndexKey: expected an object/,
  },
  {
    name: 'short blind-index key',
    json: keyringJson({ blindIndexKey: { id: 'b1', key: randomBytes(31).toString('base64') } }),
    problem: /blindIndexKey\.key: 31 bytes long/,
  },
  {
    name: 'blind-index key id shared with a key',
    json: keyringJson({ blindIndexKey: { id: 'k1', key: blindKey } }),
    problem: /blindIndexKey\.id: "k1" is also the id of a field-encryption key/,
  },
];

describe('parseKeyring rejects invalid keyrings', () => {
  it.each(parseErrorCases)('$name', ({ json, problem }) => {
    const error = caught(() => parseKeyring(json, '.hspec/keyring.json'));

    expect(error).toBeInstanceOf(KeyringError);
    expect(error).toMatchObject({ code: 'keyring.invalid', source: '.hspec/keyring.json' });
    expect((error as KeyringError).problems.some((text) => problem.test(text))).toBe(true);
    expect((error as KeyringError).message.startsWith('.hspec/keyring.json: ')).toBe(true);
  });

  it.each(parseErrorCases)('$name: error contains no key bytes', ({ json }) => {
    const error = caught(() => parseKeyring(json, 'keyring.json')) as KeyringError;
    const text = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error.problems)}`;

    for (const key of [validKey, otherKey, blindKey]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(0, 12));
    }
  });

  it('lists every problem at once', () => {
    const json = keyringJson({
      activeKeyId: 'k7',
      keys: [{ id: 'k1', key: validKey }, { id: 'k1', key: randomBytes(16).toString('base64') }],
    });

    const error = caught(() => parseKeyring(json, 'keyring.json')) as KeyringError;

    expect(error.problems).toHaveLength(3);
  });

  it('a secret pasted as a property name is not echoed', () => {
    const json = keyringJson({ [validKey]: true });

    const error = caught(() => parseKeyring(json, 'keyring.json')) as KeyringError;

    expect(error.message).toContain('unknown property with a name that is not an identifier');
    expect(error.message).not.toContain(validKey);
  });
});

describe('Keyring.from checks data from any provider', () => {
  const invalidDataCases = [
    {
      name: 'short key',
      data: keyringData([keyMaterial('k1', randomBytes(16))]),
      problem: /keys\[0\]\.key: 16 bytes long/,
    },
    {
      name: 'active key missing',
      data: { ...keyringData([keyMaterial('k1')]), activeKeyId: 'k2' },
      problem: /activeKeyId: no key has the id "k2"/,
    },
    {
      name: 'duplicate ids',
      data: keyringData([keyMaterial('k1'), keyMaterial('k1')]),
      problem: /duplicate key id "k1"/,
    },
    {
      name: 'invalid id',
      data: keyringData([keyMaterial('k 1')]),
      problem: /keys\[0\]\.id: invalid key id/,
    },
    {
      name: 'no keys',
      data: { activeKeyId: 'k1', keys: [], blindIndexKey: keyMaterial('b1') },
      problem: /at least one key/,
    },
  ];

  it.each(invalidDataCases)('$name raises KeyringError', ({ data, problem }) => {
    const error = caught(() => Keyring.from(data));

    expect(error).toBeInstanceOf(KeyringError);
    expect((error as KeyringError).problems.some((text) => problem.test(text))).toBe(true);
  });

  it('unknown key id raises KeyNotFoundError', () => {
    const keyring = Keyring.from(keyringData([keyMaterial('k1')]));

    const error = caught(() => keyring.getKey('k2'));

    expect(error).toMatchObject({ code: 'crypto.key-not-found', keyId: 'k2' });
  });

  it('keyring copies the key bytes', () => {
    const material = keyMaterial('k1');
    const keyring = Keyring.from(keyringData([material]));
    const original = Buffer.from(material.key);

    material.key.fill(0);

    expect(keyring.getKey('k1').export().equals(original)).toBe(true);
  });
});

describe('rotateKeyringFile through a symbolic link', () => {
  it('updates the file the link points to', async () => {
    const folder = await temporaryFolder();
    const vault = join(folder, 'vault');
    await mkdir(vault);
    await createKeyringFile(join(vault, 'ring.json'), { now });
    await symlink(join(vault, 'ring.json'), join(folder, 'keyring.json'));

    const rotation = await rotateKeyringFile(join(folder, 'keyring.json'), { now });

    const link = await lstat(join(folder, 'keyring.json'));
    const real = await readKeyringFile(join(vault, 'ring.json'));
    expect(link.isSymbolicLink()).toBe(true);
    expect(real.activeKeyId).toBe(rotation.activeKeyId);
    expect(real.keys).toHaveLength(2);
  });
});
