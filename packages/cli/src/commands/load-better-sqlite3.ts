import type BetterSqlite3 from 'better-sqlite3';

import { CliError, ExitCode } from '../output/exit-code.js';

/**
 * Loads better-sqlite3 for a command option that needs a database (`--sqlite`, `--linkage`).
 * The CLI imports it only then, so that the other commands run without it.
 */
export async function loadBetterSqlite3(option: string): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch {
    throw new CliError(
      `${option} needs the better-sqlite3 package; install it in this project (npm install better-sqlite3)`,
      ExitCode.failure,
    );
  }
}
