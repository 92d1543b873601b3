import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvKeyProvider, Keyring, KeyringError } from '../src/index.js';
import { rejected } from './keyring-fixture.js';

const key = randomBytes(32).toString('base64');
const keyringJson = JSON.stringify({
  version: 1,
  activeKeyId: 'k1',
  keys: [{ id: 'k1', createdAt: '2026-12-04T10:00:00.000Z', key }],
  blindIndexKey: {
    id: 'b1',
    createdAt: '2026-12-04T10:00:00.000Z',
    key: randomBytes(32).toString('base64'),
  },
});

/** Wraps base64 at 76 characters per line, as the `base64` command prints it. */
function wrapAt76(text: string): string {
  return (text.match(/.{1,76}/g) ?? []).join('\n');
}

describe('EnvKeyProvider', () => {
  const loadCases: readonly { name: string; value: string }[] = [
    { name: 'keyring JSON', value: keyringJson },
    { name: 'keyring JSON with surrounding white space', value: `\n  ${keyringJson}\n` },
    { name: 'base64 of keyring JSON', value: Buffer.from(keyringJson).toString('base64') },
    {
      name: 'base64 wrapped at 76 characters',
      value: `${wrapAt76(Buffer.from(keyringJson).toString('base64'))}\n`,
    },
    { name: 'base64url of keyring JSON', value: Buffer.from(keyringJson).toString('base64url') },
  ];

  it.each(loadCases)('loads $name', async ({ value }) => {
    const provider = new EnvKeyProvider({ env: { HSPEC_KEYRING: value } });

    const data = await provider.loadKeyring();

    expect(data.activeKeyId).toBe('k1');
    expect(data.keys[0]?.key.toString('base64')).toBe(key);
  });

  it('reads the variable named in options', async () => {
    const provider = new EnvKeyProvider({ env: { APP_KEYS: keyringJson }, variable: 'APP_KEYS' });

    expect((await Keyring.load(provider)).activeKeyId).toBe('k1');
  });

  it('reads process.env by default', async () => {
    const variable = `HSPEC_TEST_KEYRING_${process.pid}`;
    process.env[variable] = keyringJson;
    try {
      expect((await new EnvKeyProvider({ variable }).loadKeyring()).activeKeyId).toBe('k1');
    } finally {
      delete process.env[variable];
    }
  });

  const errorCases: readonly { name: string; env: NodeJS.ProcessEnv; problem: RegExp }[] = [
    { name: 'missing variable', env: {}, problem: /not set or empty/ },
    { name: 'empty variable', env: { HSPEC_KEYRING: '  ' }, problem: /not set or empty/ },
    {
      name: 'text that is neither JSON nor base64',
      env: { HSPEC_KEYRING: 'keys please!' },
      problem: /expected keyring JSON or base64/,
    },
    {
      name: 'base64 of something else',
      env: { HSPEC_KEYRING: Buffer.from('hello').toString('base64') },
      problem: /expected keyring JSON or base64/,
    },
    {
      name: 'invalid keyring JSON',
      env: { HSPEC_KEYRING: keyringJson.replace('"k1"', '"k2"') },
      problem: /activeKeyId: no key has the id "k2"/,
    },
  ];

  it.each(errorCases)('$name raises KeyringError naming the variable', async ({ env, problem }) => {
    const error = await rejected(() => new EnvKeyProvider({ env }).loadKeyring());

    expect(error).toBeInstanceOf(KeyringError);
    expect(error).toMatchObject({ source: 'environment variable HSPEC_KEYRING' });
    expect((error as KeyringError).problems.some((text) => problem.test(text))).toBe(true);
    expect((error as KeyringError).message).not.toContain(key);
  });
});
