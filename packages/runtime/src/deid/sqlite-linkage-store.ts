import type { LinkageStore } from './linkage-store.js';

/** A prepared statement, as SqliteLinkageStore uses it. */
export interface LinkageStatement {
  /** Runs a statement that changes rows. */
  run(...parameters: unknown[]): unknown;
  /** Returns the first result row, or undefined when there is none. */
  get(...parameters: unknown[]): unknown;
}

/**
 * The synchronous SQLite connection that SqliteLinkageStore works through. A better-sqlite3
 * `Database` fits as it is; the runtime never imports a driver.
 */
export interface LinkageDatabase {
  /** Compiles one SQL statement. */
  prepare(sql: string): LinkageStatement;
}

/** Table of the linkage codes, one row per namespace and original id. */
export const linkageTable = 'hspec_linkage';

/**
 * A LinkageStore in its own SQLite table, `hspec_linkage(namespace, original_id, code,
 * created_at)`, created when missing. Keep the database apart from the de-identified output:
 * its rows map codes back to original ids.
 *
 * @example
 * const store = new SqliteLinkageStore(new Database('linkage.sqlite'));
 * const pseudonyms = new Pseudonymizer({ store });
 */
export class SqliteLinkageStore implements LinkageStore {
  readonly #select: LinkageStatement;
  readonly #insert: LinkageStatement;
  readonly #now: () => Date;

  constructor(db: LinkageDatabase, options: { readonly now?: () => Date } = {}) {
    db.prepare(
      `CREATE TABLE IF NOT EXISTS ${linkageTable} (
        namespace TEXT NOT NULL,
        original_id TEXT NOT NULL,
        code TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (namespace, original_id)
      ) STRICT`,
    ).run();
    this.#select = db.prepare(
      `SELECT code FROM ${linkageTable} WHERE namespace = ? AND original_id = ?`,
    );
    this.#insert = db.prepare(
      `INSERT INTO ${linkageTable} (namespace, original_id, code, created_at) VALUES (?, ?, ?, ?)`,
    );
    this.#now = options.now ?? (() => new Date());
  }

  get(namespace: string, id: string): string | undefined {
    const row = this.#select.get(namespace, id) as { code?: unknown } | undefined;
    return typeof row?.code === 'string' ? row.code : undefined;
  }

  put(namespace: string, id: string, code: string): void {
    this.#insert.run(namespace, id, code, this.#now().toISOString());
  }
}
