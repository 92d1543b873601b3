import { KeyringError } from '../errors/keyring-error.js';
import type { KeyProvider } from './key-provider.js';
import type { KeyringData } from './keyring-data.js';
import { parseKeyring } from './parse-keyring.js';

/** Options of an `EnvKeyProvider`. */
export interface EnvKeyProviderOptions {
  /** Environment to read; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Name of the variable holding the keyring; defaults to `HSPEC_KEYRING`. */
  readonly variable?: string;
}

const base64Pattern = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Loads the keyring from an environment variable that contains the keyring file's JSON, or
 * that JSON encoded as base64. Base64 survives tools that mangle quotes and newlines, and may
 * contain line breaks as the `base64` command prints them.
 *
 * @example
 * ```ts
 * // HSPEC_KEYRING="$(base64 < .hspec/keyring.json)" node server.js
 * const keyring = await Keyring.load(new EnvKeyProvider());
 * ```
 */
export class EnvKeyProvider implements KeyProvider {
  /** Name of the environment variable that is read. */
  readonly variable: string;
  readonly #env: NodeJS.ProcessEnv;

  constructor(options: EnvKeyProviderOptions = {}) {
    this.variable = options.variable ?? 'HSPEC_KEYRING';
    this.#env = options.env ?? process.env;
  }

  /** Reads and validates the keyring from the variable; throws KeyringError when it cannot. */
  async loadKeyring(): Promise<KeyringData> {
    const source = `environment variable ${this.variable}`;
    const value = this.#env[this.variable];
    if (value === undefined || value.trim() === '') {
      throw new KeyringError({ source, problems: ['not set or empty'] });
    }
    return parseKeyring(decodeVariable(value, source), source);
  }
}

function decodeVariable(value: string, source: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    return trimmed;
  }

  const base64 = trimmed.replace(/\s+/g, '');
  const decoded = base64Pattern.test(base64) ? Buffer.from(base64, 'base64').toString('utf8') : '';
  if (!decoded.trim().startsWith('{')) {
    throw new KeyringError({
      source,
      problems: ['expected keyring JSON or base64 of keyring JSON'],
    });
  }
  return decoded;
}
