import { readFileSync } from 'node:fs';

import {
  FieldCipher,
  MemorySessionStore,
  SqliteAuditLog,
  type Keyring,
  type SessionManager,
} from '@hspec/runtime';
import Database from 'better-sqlite3';

import { createSessionManager } from '../generated/security.js';

const schemaUrl = new URL('../../src/generated/schema.sql', import.meta.url);

/** A database with the generated schema and the audit tables, and the objects built on it. */
export interface OpenService {
  readonly database: Database.Database;
  readonly cipher: FieldCipher;
  readonly auditLog: SqliteAuditLog;
  readonly sessions: SessionManager;
  readonly sessionStore: MemorySessionStore;
}

/**
 * Opens (or creates) the SQLite database at `path` with the generated schema, the audit log and
 * an in-memory session store. WAL mode lets readers run beside the single writer; FULL
 * synchronous mode makes each audit record durable when its transaction commits.
 */
export function openService(path: string, keyring: Keyring): OpenService {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.exec(readFileSync(schemaUrl, 'utf8'));

  const auditLog = new SqliteAuditLog(database, { keyring });
  auditLog.ensureSchema();
  const sessionStore = new MemorySessionStore();
  const sessions = createSessionManager(sessionStore, auditLog);

  return { database, cipher: new FieldCipher(keyring), auditLog, sessions, sessionStore };
}
