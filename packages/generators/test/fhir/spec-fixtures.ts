import { LineCounter, isMap, isPair, isScalar, parseDocument, type Node } from 'yaml';

import type { FieldIR, FieldType, ModelIR } from '../../src/ir/spec-ir.js';
import type { SourceLocation } from '../../src/issue.js';

/** A parsed YAML fixture that locates any place in it, as the spec loader does. */
export interface YamlFixture {
  readonly value: unknown;
  /** Location of the node at a path from the document root: the key of a collection, else the value. */
  locate(path: readonly (string | number)[]): SourceLocation;
  isPlainScalar(path: readonly (string | number)[]): boolean;
}

/** Parses YAML text and keeps the positions of its nodes. */
export function yamlFixture(text: string, file: string): YamlFixture {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) throw new Error(`invalid fixture YAML: ${document.errors[0]?.message}`);

  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const nodeAt = (path: readonly (string | number)[]): { key: Node | undefined; value: Node | undefined } => {
    let key: Node | undefined;
    let value: Node | undefined = document.contents ?? undefined;
    for (const part of path) {
      if (!isMap(value)) throw new Error(`fixture has no node at ${path.join('.')}`);
      const pair = value.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      if (pair === undefined) throw new Error(`fixture has no node at ${path.join('.')}`);
      key = pair.key as Node;
      value = (pair.value ?? undefined) as Node | undefined;
    }
    return { key, value };
  };

  return {
    value: document.toJS(),
    locate(path) {
      const { key, value } = nodeAt(path);
      const node = isScalar(value) || key === undefined ? value : key;
      return at(node?.range?.[0] ?? 0);
    },
    isPlainScalar(path) {
      const { value } = nodeAt(path);
      const range = isScalar(value) && value.type === 'PLAIN' ? value.range : undefined;
      if (range === undefined || range === null) return false;
      return at(range[0]).line === at(range[1]).line;
    },
  };
}

interface RawField {
  type: FieldType;
  primaryKey?: boolean;
  optional?: boolean;
  references?: string;
  system?: string;
  values?: string[];
  phi?: FieldIR['phi'];
  sensitive?: boolean;
}

/** Builds the IR of the `models` section of a fixture, with defaults for what tests leave out. */
export function modelsOf(fixture: YamlFixture): ModelIR[] {
  const { models } = fixture.value as { models: Record<string, { fields: Record<string, RawField> }> };
  return Object.entries(models).map(([name, model]) => {
    const fields = Object.entries(model.fields).map(([fieldName, raw]) =>
      fieldOf(fieldName, raw, fixture.locate(['models', name, 'fields', fieldName])),
    );
    return {
      kind: 'model',
      name,
      table: snakeCase(name),
      description: undefined,
      tenant: false,
      subject: false,
      patientField: undefined,
      organizationField: undefined,
      primaryKey: fields.find((field) => field.primaryKey)?.name ?? 'id',
      fields,
      source: fixture.locate(['models', name]),
    };
  });
}

function fieldOf(name: string, raw: RawField, source: SourceLocation): FieldIR {
  const encrypted = raw.phi !== undefined || raw.sensitive === true;
  return {
    kind: 'field',
    name,
    column: snakeCase(name),
    type: raw.type,
    optional: raw.optional ?? false,
    primaryKey: raw.primaryKey ?? false,
    description: undefined,
    phi: raw.phi,
    sensitive: raw.sensitive ?? false,
    encrypted,
    lookup: undefined,
    lookupColumn: undefined,
    pattern: undefined,
    references: raw.references,
    system: raw.system,
    values: raw.values,
    source,
  };
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
