import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import {
  Keyring,
  SqliteAuditLog,
  type AuditEntry,
  type SqliteAuditLogOptions,
} from '../../src/index.js';

/** Builds a keyring with random keys and, by default, the audit key `a1`. */
export function makeKeyring(
  options: { auditKey?: Buffer | null; auditKeyId?: string } = {},
): Keyring {
  const key = (id: string, bytes: Buffer = randomBytes(32)) => ({
    id,
    key: bytes,
    createdAt: undefined,
  });
  const auditKeyId = options.auditKeyId ?? 'a1';
  const auditKey =
    options.auditKey === null ? undefined : key(auditKeyId, options.auditKey ?? randomBytes(32));
  return Keyring.from({ activeKeyId: 'k1', keys: [key('k1')], blindIndexKey: key('b1'), auditKey });
}

/** Builds a read of a patient's chart by a nurse, with any property replaced. */
export function makeEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    event: 'phi.read',
    action: 'read',
    outcome: 'success',
    userId: 'user-7',
    role: 'nurse',
    model: 'Patient',
    recordIds: ['0f8fad5b-d9cb-469f-a165-70867728950e'],
    fields: ['birthDate', 'familyName', 'givenName'],
    purposeOfUse: 'TREAT',
    reason: null,
    emergency: false,
    changedFields: null,
    alert: false,
    detail: null,
    requestId: 'req-1',
    ...overrides,
  };
}

/** Opens better-sqlite3 connections to files that are closed after each test. */
export function useDatabases(): (path: string) => Database.Database {
  const open: Database.Database[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) {
      if (db.open) {
        db.close();
      }
    }
  });
  return (path) => {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    open.push(db);
    return db;
  };
}

/** Opens a SQLite log in `folder/audit.db` with its schema, and the connection under it. */
export function openSqliteLog(
  openDatabase: (path: string) => Database.Database,
  folder: string,
  options: Partial<SqliteAuditLogOptions> & { keyring: Keyring },
): { db: Database.Database; log: SqliteAuditLog; path: string } {
  const path = join(folder, 'audit.db');
  const db = openDatabase(path);
  const log = new SqliteAuditLog(db, options);
  log.ensureSchema();
  return { db, log, path };
}

/** Returns a clock that starts at `start` and moves one second per call. */
export function steppingClock(start = '2026-01-01T00:00:00.000Z'): () => Date {
  let time = Date.parse(start);
  return () => {
    const now = new Date(time);
    time += 1000;
    return now;
  };
}
