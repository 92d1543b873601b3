import type Database from 'better-sqlite3';

import { quoteIdentifier } from '../../../src/generate/sql-syntax.js';

/** A stored row as better-sqlite3 accepts and returns it. */
export type SqlRow = { readonly [column: string]: unknown };

/** Inserts a row produced by a generated encrypt function, column by column. */
export function insertRow(database: Database.Database, table: string, row: SqlRow): void {
  const columns = Object.keys(row);
  const names = columns.map(quoteIdentifier).join(', ');
  const placeholders = columns.map(() => '?').join(', ');
  const statement = `INSERT INTO ${quoteIdentifier(table)} (${names}) VALUES (${placeholders})`;
  database.prepare(statement).run(...columns.map((column) => row[column]));
}

/** Selects the rows of a table whose column equals a value, as stored. */
export function selectRows(
  database: Database.Database,
  table: string,
  column: string,
  value: unknown,
): SqlRow[] {
  const statement = `SELECT * FROM ${quoteIdentifier(table)} WHERE ${quoteIdentifier(column)} = ?`;
  return database.prepare(statement).all(value) as SqlRow[];
}
