import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';

import type { ModelIR, SpecIR } from '@hspec/generators';
import { reencryptTargetOf, type ReencryptTarget } from '@hspec/runtime';
import type BetterSqlite3 from 'better-sqlite3';

import { CliError, ExitCode } from '../output/exit-code.js';
import { loadBetterSqlite3 } from './load-better-sqlite3.js';
import type { Writer } from '../output/writer.js';
import { loadSpec } from './load-spec.js';

const defaultKeyringPath = '.hspec/keyring.json';

/** Inputs of `hspec keys reencrypt` and `hspec keys retire`. */
export interface ReencryptSetup {
  /** Absolute path of the keyring file. */
  readonly keyringPath: string;
  /** The keyring path as printed: relative to the working folder. */
  readonly shownKeyring: string;
  /** The open SQLite database; the caller closes it. */
  readonly db: BetterSqlite3.Database;
  /** One target per model with encrypted fields, in spec order. */
  readonly targets: readonly ReencryptTarget[];
}

/**
 * Loads the spec, finds the keyring file (`--keyring`, else `security.keys.path`, else
 * .hspec/keyring.json beside hspec.yaml) and opens the SQLite file, checking that it has every
 * table and encrypted column of the spec. Returns undefined after printing the spec's issues.
 */
export async function openReencryptSetup(
  project: string,
  options: { readonly keyring: string | undefined; readonly sqlite: string },
  writer: Writer,
): Promise<ReencryptSetup | undefined> {
  const ir = await loadSpec(project, writer);
  if (ir === undefined) {
    return undefined;
  }

  const keyringPath =
    options.keyring === undefined
      ? resolve(ir.project.root, ir.security?.keys?.path ?? defaultKeyringPath)
      : resolve(options.keyring);
  const targets = reencryptTargetsOf(ir);
  const db = await openDatabase(options.sqlite);
  try {
    checkSchema(db, targets, options.sqlite);
  } catch (error) {
    db.close();
    throw error;
  }

  const shownKeyring = relative(process.cwd(), keyringPath) || keyringPath;
  return { keyringPath, shownKeyring, db, targets };
}

/** Builds the re-encryption target of every model that has encrypted fields. */
export function reencryptTargetsOf(ir: SpecIR): ReencryptTarget[] {
  const targets: ReencryptTarget[] = [];
  for (const model of ir.models) {
    const target = reencryptTargetOf({
      model: model.name,
      table: model.table,
      primaryKey: { column: primaryKeyColumn(model) },
      fields: model.fields,
    });
    if (target.columns.length > 0) {
      targets.push(target);
    }
  }
  return targets;
}

function primaryKeyColumn(model: ModelIR): string {
  const field = model.fields.find((candidate) => candidate.name === model.primaryKey);
  // Validation guarantees the primary key field, so a miss is a bug in the IR.
  if (field === undefined) {
    throw new Error(`model ${model.name}: primary key field "${model.primaryKey}" not found`);
  }
  return field.column;
}

/**
 * Opens an existing SQLite file with better-sqlite3. The driver is loaded only here, so the
 * other commands work where it is not installed.
 */
async function openDatabase(path: string): Promise<BetterSqlite3.Database> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CliError(`--sqlite ${path}: file not found`, ExitCode.usage);
  }
  if (!isFile) {
    throw new CliError(`--sqlite ${path}: not a file`, ExitCode.usage);
  }

  const Database = await loadBetterSqlite3('--sqlite');

  try {
    return new Database(path, { fileMustExist: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`--sqlite ${path}: failed to open the database (${reason})`, ExitCode.failure);
  }
}

/** Checks that the database has every table and encrypted column that the spec declares. */
function checkSchema(
  db: BetterSqlite3.Database,
  targets: readonly ReencryptTarget[],
  path: string,
): void {
  const missing: string[] = [];
  const columnsOf = db.prepare('SELECT name FROM pragma_table_info(?)').pluck();
  for (const target of targets) {
    const columns = new Set(columnsOf.all(target.table) as string[]);
    if (columns.size === 0) {
      missing.push(`table "${target.table}"`);
      continue;
    }
    for (const name of [target.primaryKey.column, ...target.columns.map((c) => c.column)]) {
      if (!columns.has(name)) missing.push(`column "${target.table}"."${name}"`);
    }
  }

  if (missing.length > 0) {
    throw new CliError(
      `--sqlite ${path}: the database has no ${missing.join(', ')}; pass the database that the spec's schema.sql created`,
      ExitCode.failure,
    );
  }
}
