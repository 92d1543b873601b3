import { Ajv, type ValidateFunction } from 'ajv';

import type { SpecIssue } from '../issue.js';
import type { SourceDocument } from '../loader/source-document.js';
import { coercePlainNumbers } from './coerce-plain-numbers.js';
import { schemaIssues } from './schema-issues.js';
import { readSpecAsset } from './spec-assets.js';

/** The two document kinds: the project file hspec.yaml, and a spec file with sections. */
export type SchemaKind = 'project' | 'spec';

const schemaFiles: Readonly<Record<SchemaKind, string>> = {
  project: 'hspec-project.schema.json',
  spec: 'hspec.schema.json',
};

const validators = new Map<SchemaKind, ValidateFunction>();

/**
 * Checks one parsed file against its JSON Schema (specs/hspec.schema.json or
 * specs/hspec-project.schema.json) and returns the issues, located at the offending tokens.
 * First turns unquoted numbers where the schema wants text (such as `02134`) back into text.
 */
export function checkSchema(document: SourceDocument, kind: SchemaKind): SpecIssue[] {
  // A spec file with nothing in it (or only comments) defines no sections, which is allowed.
  if (kind === 'spec' && document.data === null) return [];

  const schema = readSpecAsset(schemaFiles[kind]) as Readonly<Record<string, unknown>>;
  coercePlainNumbers(document, schema);

  const validate = validatorFor(kind, schema);
  if (validate(document.data)) return [];

  const rootName = kind === 'project' ? 'hspec.yaml' : 'the spec file';
  return schemaIssues(validate.errors ?? [], document, rootName);
}

function validatorFor(
  kind: SchemaKind,
  schema: Readonly<Record<string, unknown>>,
): ValidateFunction {
  const known = validators.get(kind);
  if (known !== undefined) return known;

  // verbose keeps each error's parent schema, whose property names feed "did you mean".
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
  const validate = ajv.compile(schema);
  validators.set(kind, validate);
  return validate;
}
