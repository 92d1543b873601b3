import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

import type { Subject } from '@hspec/runtime';

const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

interface Account {
  readonly salt: Buffer;
  readonly hash: Buffer;
  readonly subject: Subject;
}

/**
 * The example's user accounts: scrypt password hashes in memory. A real service would use its
 * identity provider here; the session and audit code only needs the resulting Subject.
 */
export class UserDirectory {
  readonly #accounts = new Map<string, Account>();

  /** Adds an account whose password is hashed with a fresh salt. */
  async add(username: string, password: string, subject: Subject): Promise<void> {
    const salt = randomBytes(16);
    this.#accounts.set(username, { salt, hash: await derive(password, salt, 32), subject });
  }

  /** Returns the account's subject when the password matches, in constant time per account. */
  async verify(username: string, password: string): Promise<Subject | undefined> {
    const account = this.#accounts.get(username);
    if (account === undefined) {
      // Spend the same work on an unknown name so that timing does not reveal which names exist.
      await derive(password, randomBytes(16), 32);
      return undefined;
    }
    const hash = await derive(password, account.salt, 32);
    return timingSafeEqual(hash, account.hash) ? account.subject : undefined;
  }

  /** True when the name belongs to an account, so a failed login may name it in the audit log. */
  has(username: string): boolean {
    return this.#accounts.has(username);
  }
}
