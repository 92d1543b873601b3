/** A prepared statement, as the SQLite audit log uses it. */
export interface AuditStatement {
  /** Runs a statement that changes rows. */
  run(...parameters: unknown[]): unknown;
  /** Returns the first result row, or undefined when there is none. */
  get(...parameters: unknown[]): unknown;
  /** Returns every result row. */
  all(...parameters: unknown[]): unknown[];
  /** Makes the statement return each row as an array of column values instead of an object. */
  raw(toggle?: boolean): this;
  /** Makes the statement return only the first column of each row. */
  pluck(toggle?: boolean): this;
}

/** A function wrapped in a transaction, as `Database.transaction` returns it. */
export interface AuditTransaction<T> {
  /** Runs the function inside `BEGIN IMMEDIATE` ... `COMMIT`, rolling back when it throws. */
  immediate(): T;
  /** Runs the function inside `BEGIN` (deferred) ... `COMMIT`. */
  deferred(): T;
}

/**
 * The synchronous SQLite connection that `SqliteAuditLog` writes through. A better-sqlite3
 * `Database` fits as it is: the runtime never imports a driver, so applications pass the one
 * they already use.
 */
export interface AuditDatabase {
  /** Compiles one SQL statement. */
  prepare(sql: string): AuditStatement;
  /** Runs SQL without parameters, such as `CREATE TABLE`. */
  exec(sql: string): unknown;
  /** Wraps a function so that each call runs inside one transaction. */
  transaction<T>(run: () => T): AuditTransaction<T>;
  /** True while a transaction is open on the connection. */
  readonly inTransaction: boolean;
}
