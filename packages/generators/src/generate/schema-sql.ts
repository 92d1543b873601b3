import Handlebars from 'handlebars';

import type { FieldIR, ModelIR, SpecIR } from '../ir/spec-ir.js';
import { generatedBanner } from './banner.js';
import { sqlColumnType } from './field-storage.js';
import { primaryKeyField, referencedModel } from './model-context.js';
import { quoteIdentifier, quoteSqlString, sqlCommentText } from './sql-syntax.js';
import { orderTables, type ForwardReference } from './table-order.js';
import { maxLineWidth } from './typescript-syntax.js';

type Database = SpecIR['project']['database'];

/** A column or a table constraint inside `CREATE TABLE`, with an optional comment. */
interface TableItem {
  /** The SQL, on one line except for a long enum CHECK. */
  readonly lines: readonly string[];
  readonly comment?: string;
}

interface TableView {
  readonly comment: string;
  readonly name: string;
  readonly lines: readonly string[];
  readonly statements: readonly string[];
}

interface SchemaView {
  readonly banner: readonly string[];
  readonly notes: readonly string[];
  readonly tables: readonly TableView[];
  readonly deferred: readonly string[];
}

// Handlebars lays out the file, and code builds the SQL of each line, where it can be tested.
// Block tags that stand alone on a line leave no blank line behind.
const schemaTemplate = `{{#each banner}}
{{this}}
{{/each}}
{{#each notes}}
{{this}}
{{/each}}
{{#each tables}}

{{comment}}
CREATE TABLE IF NOT EXISTS {{name}} (
{{#each lines}}
  {{this}}
{{/each}}
);
{{#each statements}}
{{this}}
{{/each}}
{{/each}}
{{#if deferred.length}}

-- Foreign keys inside a reference cycle, added once both tables exist.
{{#each deferred}}
{{this}}
{{/each}}
{{/if}}
`;

let compiledTemplate: HandlebarsTemplateDelegate<SchemaView> | undefined;

/**
 * Generates `schema.sql`: one `CREATE TABLE IF NOT EXISTS` per model, referenced tables first,
 * with every identifier quoted, foreign keys, CHECK constraints for enums (and for SQLite
 * booleans), a comment on each ciphertext column and a non-unique index on each blind index.
 */
export function generateSchemaSql(ir: SpecIR): string {
  const database = ir.project.database;
  const modelsByName = new Map(ir.models.map((model) => [model.name, model]));
  const order = orderTables(ir.models);
  // SQLite accepts a reference to a table that does not exist yet, but PostgreSQL does not.
  const deferredReferences = database === 'postgres' ? order.forwardReferences : [];
  const deferredFields = new Set(deferredReferences.map((reference) => reference.field));

  const view: SchemaView = {
    banner: generatedBanner(ir.models.map((model) => model.source.file), '--'),
    notes:
      database === 'sqlite'
        ? ['-- SQLite enforces foreign keys only on connections that run PRAGMA foreign_keys = ON.']
        : [],
    tables: order.models.map((model) => tableView(model, database, modelsByName, deferredFields)),
    deferred: deferredReferences.map(addForeignKey(modelsByName)),
  };

  compiledTemplate ??= Handlebars.create().compile<SchemaView>(schemaTemplate, {
    noEscape: true,
    strict: true,
  });
  return compiledTemplate(view);
}

function tableView(
  model: ModelIR,
  database: Database,
  modelsByName: ReadonlyMap<string, ModelIR>,
  deferredFields: ReadonlySet<FieldIR>,
): TableView {
  const table = quoteIdentifier(model.table);
  const items: TableItem[] = [];
  const statements: string[] = [];

  for (const field of model.fields) {
    items.push(columnItem(model, field, database));
    if (field.lookupColumn !== undefined) {
      const column = quoteIdentifier(field.lookupColumn);
      const notNull = field.optional ? '' : ' NOT NULL';
      const comment = `keyed blind index of ${quoteIdentifier(field.column)} for exact lookup`;
      items.push({ lines: [`${column} TEXT${notNull}`], comment });

      const index = quoteIdentifier(blindIndexIndexName(model.table, field.lookupColumn));
      statements.push(`CREATE INDEX IF NOT EXISTS ${index} ON ${table} (${column});`);
    }
  }

  items.push({ lines: [`PRIMARY KEY (${quoteIdentifier(primaryKeyField(model).column)})`] });
  for (const field of model.fields) {
    if (field.references !== undefined && !deferredFields.has(field)) {
      items.push({ lines: [foreignKey(field, referencedModel(modelsByName, model, field))] });
    }
  }

  if (database === 'postgres') {
    statements.push(...columnComments(model));
  }

  const description =
    model.description === undefined ? '' : `: ${sqlCommentText(model.description)}`;
  return {
    comment: `-- ${model.name}${description}`,
    name: table,
    lines: joinItems(items),
    statements,
  };
}

function columnItem(model: ModelIR, field: FieldIR, database: Database): TableItem {
  const column = quoteIdentifier(field.column);
  const notNull = field.optional && !field.primaryKey ? '' : ' NOT NULL';
  const definition = `${column} ${sqlColumnType(field, database)}${notNull}`;
  if (field.encrypted) {
    return { lines: [definition], comment: ciphertextComment(field) };
  }

  if (field.type === 'enum' && field.values !== undefined) {
    return { lines: checkInLines(definition, column, field.values.map(quoteSqlString)) };
  }
  if (field.type === 'boolean' && database === 'sqlite') {
    return { lines: checkInLines(definition, column, ['0', '1']) };
  }
  return { lines: [definition] };
}

/**
 * Writes a column with `CHECK (column IN (values))`, moving the values onto lines of their own
 * when the column would pass the line width. Lines break between values, never inside one.
 */
function checkInLines(definition: string, column: string, values: readonly string[]): string[] {
  const head = `${definition} CHECK (${column} IN (`;
  const oneLine = `${head}${values.join(', ')}))`;
  // Two spaces of indentation and a trailing comma.
  if (oneLine.length + 3 <= maxLineWidth) {
    return [oneLine];
  }

  const lines: string[] = [];
  let line = '';
  for (const value of values) {
    const next = line === '' ? `${value},` : `${line} ${value},`;
    if (line !== '' && next.length + 4 > maxLineWidth) {
      lines.push(line);
      line = `${value},`;
    } else {
      line = next;
    }
  }
  lines.push(line.slice(0, -1));
  return [head, ...lines.map((each) => `  ${each}`), '))'];
}

function ciphertextComment(field: FieldIR): string {
  if (field.phi === 'free_text') {
    return 'ciphertext: AES-256-GCM envelope of free text that may contain PHI';
  }
  if (field.phi !== undefined) {
    return `ciphertext: AES-256-GCM envelope of PHI of identifier kind ${field.phi}`;
  }
  return 'ciphertext: AES-256-GCM envelope of sensitive clinical data';
}

/**
 * Lays out the items of a table, relative to its two-space indentation: each comment on its own
 * line above its item, and commas between items.
 */
function joinItems(items: readonly TableItem[]): string[] {
  return items.flatMap((item, index) => {
    const comma = index === items.length - 1 ? '' : ',';
    const comment = item.comment === undefined ? [] : [`-- ${item.comment}`];
    const last = item.lines.length - 1;
    return [...comment, ...item.lines.map((line, at) => (at === last ? `${line}${comma}` : line))];
  });
}

function foreignKey(field: FieldIR, target: ModelIR): string {
  const targetColumn = quoteIdentifier(primaryKeyField(target).column);
  return (
    `FOREIGN KEY (${quoteIdentifier(field.column)}) ` +
    `REFERENCES ${quoteIdentifier(target.table)} (${targetColumn})`
  );
}

/** PostgreSQL keeps column comments in its catalog, where database tools show them. */
function columnComments(model: ModelIR): string[] {
  const statements: string[] = [];
  const comment = (column: string, text: string): void => {
    const target = `${quoteIdentifier(model.table)}.${quoteIdentifier(column)}`;
    statements.push(`COMMENT ON COLUMN ${target} IS ${quoteSqlString(text)};`);
  };

  for (const field of model.fields) {
    if (field.encrypted) {
      comment(field.column, ciphertextComment(field));
    }
    if (field.lookupColumn !== undefined) {
      comment(field.lookupColumn, `keyed blind index of ${field.column} for exact lookup`);
    }
  }
  return statements;
}

/**
 * Adds a foreign key after both tables exist. PostgreSQL has no `ADD CONSTRAINT IF NOT EXISTS`,
 * so a catalog lookup keeps the statement safe to run again, like the rest of the file.
 */
function addForeignKey(
  modelsByName: ReadonlyMap<string, ModelIR>,
): (reference: ForwardReference) => string {
  return ({ model, field }) => {
    const table = quoteIdentifier(model.table);
    const name = `${model.table}_${field.column}_fkey`;
    const target = referencedModel(modelsByName, model, field);
    const sameConstraint = `conname = ${quoteSqlString(name)}`;
    const sameTable = `conrelid = ${quoteSqlString(table)}::regclass`;
    return [
      'DO $hspec$',
      'BEGIN',
      '  IF NOT EXISTS (',
      '    SELECT 1 FROM pg_constraint',
      `    WHERE ${sameConstraint} AND ${sameTable}`,
      '  ) THEN',
      `    ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdentifier(name)}`,
      `      ${foreignKey(field, target)};`,
      '  END IF;',
      'END',
      '$hspec$;',
    ].join('\n');
  };
}

/** Names the SQL index on a blind-index column: `<table>_<column>_idx`. */
export function blindIndexIndexName(table: string, lookupColumn: string): string {
  return `${table}_${lookupColumn}_idx`;
}
