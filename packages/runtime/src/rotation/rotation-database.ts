/** A prepared SQL statement with positional `?` parameters. */
export interface RotationStatement {
  /** Runs a query and returns every result row as an object keyed by column name. */
  all(...parameters: unknown[]): unknown[];
  /** Runs a statement that returns no rows. */
  run(...parameters: unknown[]): unknown;
}

/**
 * The synchronous SQLite connection that re-encryption and key counts use. A better-sqlite3
 * `Database` fits as it is; the runtime never imports a driver.
 */
export interface RotationDatabase {
  /** Compiles one SQL statement. */
  prepare(sql: string): RotationStatement;
  /** Runs SQL without parameters, such as `BEGIN IMMEDIATE`. */
  exec(sql: string): unknown;
  /** True while a transaction is open on the connection. */
  readonly inTransaction: boolean;
}
