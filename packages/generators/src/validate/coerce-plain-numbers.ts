import { isRecord, type SourceDocument } from '../loader/source-document.js';
import { pathKey, type SpecPath } from '../loader/spec-path.js';

type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Turns unquoted numbers back into their source text wherever the schema expects a string and
 * no number. YAML 1.2 reads `02134` as the integer 2134, but a ZIP code, an enum value or a FHIR
 * code written that way means the text. Changes the document's data in place.
 */
export function coercePlainNumbers(document: SourceDocument, schema: JsonSchema): void {
  const walker = new SchemaWalker(schema, document);
  walker.walk(document.data, [schema], []);
}

class SchemaWalker {
  constructor(
    private readonly root: JsonSchema,
    private readonly document: SourceDocument,
  ) {}

  walk(value: unknown, schemas: readonly JsonSchema[], path: SpecPath): unknown {
    const expanded = schemas.flatMap((schema) => this.expand(schema));

    if (typeof value === 'number') return this.coerce(value, expanded, path);

    if (Array.isArray(value)) {
      const items = this.childSchemas(expanded, 'array', (schema) => schema['items']);
      for (let index = 0; index < value.length; index++) {
        value[index] = this.walk(value[index], items, [...path, index]);
      }
      return value;
    }

    if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        const children = this.childSchemas(expanded, 'object', (schema) => {
          const properties = schema['properties'];
          if (isRecord(properties) && Object.hasOwn(properties, key)) return properties[key];
          return schema['additionalProperties'];
        });
        value[key] = this.walk(value[key], children, [...path, key]);
      }
    }
    return value;
  }

  private coerce(value: number, schemas: readonly JsonSchema[], path: SpecPath): unknown {
    const plainText = this.document.locations.get(pathKey(path))?.plainText;
    if (plainText === undefined) return value;

    const types = acceptedTypes(schemas);
    const wantsText = types.has('string') && !types.has('number') && !types.has('integer');
    return wantsText ? plainText : value;
  }

  /** Follows local `$ref`s, so that a schema and its reference are read together. */
  private expand(schema: JsonSchema, depth = 0): JsonSchema[] {
    const ref = schema['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith('#/') || depth > 20) return [schema];

    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, segment) => (isRecord(node) ? node[segment] : undefined), this.root);
    if (!isRecord(target)) return [schema];
    return [schema, ...this.expand(target, depth + 1)];
  }

  /** Collects the schemas of a child from every schema (and oneOf/anyOf branch) of its type. */
  private childSchemas(
    schemas: readonly JsonSchema[],
    type: 'array' | 'object',
    pick: (schema: JsonSchema) => unknown,
  ): JsonSchema[] {
    const children: JsonSchema[] = [];
    for (const schema of schemas) {
      for (const branch of [schema, ...branchesOf(schema)]) {
        const expanded = this.expand(branch);
        if (!expanded.some((part) => part['type'] === type)) continue;
        for (const part of expanded) {
          const child = pick(part);
          if (isRecord(child)) children.push(child);
        }
      }
    }
    return children;
  }
}

function branchesOf(schema: JsonSchema): JsonSchema[] {
  const branches: JsonSchema[] = [];
  for (const keyword of ['oneOf', 'anyOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) branches.push(...list.filter(isRecord));
  }
  return branches;
}

/** Collects the JSON types a value may have under these schemas; empty when none is given. */
function acceptedTypes(schemas: readonly JsonSchema[]): Set<string> {
  const types = new Set<string>();
  for (const schema of schemas) {
    for (const part of [schema, ...branchesOf(schema)]) {
      const type = part['type'];
      if (typeof type === 'string') types.add(type);
      if (!Array.isArray(type)) continue;
      for (const entry of type) if (typeof entry === 'string') types.add(entry);
    }
  }
  return types;
}
