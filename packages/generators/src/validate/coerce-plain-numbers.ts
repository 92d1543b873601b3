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
  walker.walk(document.data, walker.root, []);
}

/**
 * The schemas that apply at one place of a document, with their `$ref` targets. Sets are
 * built once per place in the schema and shared by every value there, so a spec of a thousand
 * models walks the schema of a model once, not once per model.
 */
interface SchemaSet {
  readonly expanded: readonly JsonSchema[];
  /** The child sets by property name, `items` or `additionalProperties`. */
  readonly children: Map<string, SchemaSet>;
  propertyNames?: ReadonlySet<string>;
  types?: ReadonlySet<string>;
}

/** The cache key of array items, and of an object property that no schema names. */
const itemsKey = '\0items';
const additionalKey = '\0additional';

class SchemaWalker {
  readonly root: SchemaSet;
  readonly #schema: JsonSchema;
  readonly #document: SourceDocument;
  readonly #expanded = new Map<JsonSchema, JsonSchema[]>();

  constructor(schema: JsonSchema, document: SourceDocument) {
    this.#schema = schema;
    this.#document = document;
    this.root = this.#set([schema]);
  }

  walk(value: unknown, set: SchemaSet, path: SpecPath): unknown {
    if (typeof value === 'number') return this.#coerce(value, set, path);

    if (Array.isArray(value)) {
      const items = this.#child(set, itemsKey);
      for (let index = 0; index < value.length; index++) {
        value[index] = this.walk(value[index], items, [...path, index]);
      }
      return value;
    }

    if (isRecord(value)) {
      const named = this.#propertyNames(set);
      for (const key of Object.keys(value)) {
        const children = this.#child(set, named.has(key) ? key : additionalKey);
        value[key] = this.walk(value[key], children, [...path, key]);
      }
    }
    return value;
  }

  #coerce(value: number, set: SchemaSet, path: SpecPath): unknown {
    const plainText = this.#document.locations.get(pathKey(path))?.plainText;
    if (plainText === undefined) return value;

    set.types ??= acceptedTypes(set.expanded);
    const types = set.types;
    const wantsText = types.has('string') && !types.has('number') && !types.has('integer');
    return wantsText ? plainText : value;
  }

  #set(schemas: readonly JsonSchema[]): SchemaSet {
    return { expanded: schemas.flatMap((schema) => this.#expand(schema)), children: new Map() };
  }

  #child(set: SchemaSet, key: string): SchemaSet {
    let child = set.children.get(key);
    if (child === undefined) {
      child = this.#set(this.#childSchemas(set, key));
      set.children.set(key, child);
    }
    return child;
  }

  /** Names every property that an object schema of the set declares. */
  #propertyNames(set: SchemaSet): ReadonlySet<string> {
    if (set.propertyNames !== undefined) return set.propertyNames;
    const names = new Set<string>();
    for (const part of this.#typedParts(set, 'object')) {
      const properties = part['properties'];
      if (isRecord(properties)) for (const name of Object.keys(properties)) names.add(name);
    }
    set.propertyNames = names;
    return names;
  }

  /** Follows local `$ref`s, so that a schema and its reference are read together. */
  #expand(schema: JsonSchema, depth = 0): JsonSchema[] {
    const known = depth === 0 ? this.#expanded.get(schema) : undefined;
    if (known !== undefined) return known;

    const ref = schema['$ref'];
    let expanded = [schema];
    if (typeof ref === 'string' && ref.startsWith('#/') && depth <= 20) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, segment) => (isRecord(node) ? node[segment] : undefined), this.#schema);
      if (isRecord(target)) expanded = [schema, ...this.#expand(target, depth + 1)];
    }
    if (depth === 0) this.#expanded.set(schema, expanded);
    return expanded;
  }

  /** Lists the parts of every schema (and oneOf/anyOf branch) of the set that have this type. */
  #typedParts(set: SchemaSet, type: 'array' | 'object'): JsonSchema[] {
    const parts: JsonSchema[] = [];
    for (const schema of set.expanded) {
      for (const branch of [schema, ...branchesOf(schema)]) {
        const expanded = this.#expand(branch);
        if (expanded.some((part) => part['type'] === type)) parts.push(...expanded);
      }
    }
    return parts;
  }

  /** Collects the schemas of a child from every schema (and oneOf/anyOf branch) of its type. */
  #childSchemas(set: SchemaSet, key: string): JsonSchema[] {
    const children: JsonSchema[] = [];
    const parts = this.#typedParts(set, key === itemsKey ? 'array' : 'object');
    for (const part of parts) {
      const child = key === itemsKey ? part['items'] : propertySchema(part, key);
      if (isRecord(child)) children.push(child);
    }
    return children;
  }
}

/** Picks the schema of a property: its own, else `additionalProperties`. */
function propertySchema(schema: JsonSchema, key: string): unknown {
  const properties = schema['properties'];
  if (key !== additionalKey && isRecord(properties) && Object.hasOwn(properties, key)) {
    return properties[key];
  }
  return schema['additionalProperties'];
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
