import { LineCounter, parseAllDocuments, type YAMLError } from 'yaml';

import type { SpecIssue } from '../issue.js';
import { YamlComposer } from './compose-yaml.js';
import type { LocatedNode, Position } from './located-node.js';
import type { NodeLocation, SourceDocument } from './source-document.js';
import { pathKey, type SpecPath } from './spec-path.js';

/**
 * How many nodes aliases may add beyond those written in the file. A "billion laughs" document
 * nests aliases so that a few lines expand to billions of nodes; it is rejected at this bound.
 */
export const maxAliasExpansion = 10_000;

/** A parsed file, or the issues that kept it from parsing. */
export interface ParsedYamlFile {
  readonly document: SourceDocument | undefined;
  readonly issues: readonly SpecIssue[];
}

/**
 * Parses one YAML file with the YAML 1.2 core schema (so `no`, `yes`, `on` and `off` are
 * strings), merge keys allowed, and every key and value located by line and column.
 */
export function parseYamlFile(text: string, file: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    version: '1.2',
    schema: 'core',
    merge: true,
    uniqueKeys: false,
    resolveKnownTags: false,
    prettyErrors: false,
  });

  const issues: SpecIssue[] = [];
  for (const document of documents) {
    for (const error of document.errors) issues.push(yamlIssue(error, file, lineCounter));
    for (const warning of document.warnings) issues.push(yamlIssue(warning, file, lineCounter));
  }

  const second = documents[1];
  if (second !== undefined) {
    const { line, col } = lineCounter.linePos(second.range[0]);
    issues.push({
      code: 'spec.multiple-documents',
      message: 'multiple YAML documents in one file; remove the "---" separator or split the file',
      file,
      line,
      column: col,
      path: '',
    });
  }

  const first = documents[0];
  if (issues.length > 0) return { document: undefined, issues };
  if (first === undefined) return { document: { file, data: null, locations: new Map() }, issues };

  const composer = new YamlComposer(first, lineCounter, file);
  const root = composer.composeRoot();
  if (root === undefined) return { document: { file, data: null, locations: new Map() }, issues };

  // Duplicate keys and bad aliases are reported, but the rest of the file is still checked.
  const parsed = toDocument(root, file, composer.nodeCount + maxAliasExpansion);
  return { document: parsed.document, issues: [...composer.issues, ...parsed.issues] };
}

function toDocument(root: LocatedNode, file: string, nodeLimit: number): ParsedYamlFile {
  const flattener = new Flattener(nodeLimit);
  try {
    const data = flattener.flatten(root, [], undefined);
    return { document: { file, data, locations: flattener.locations }, issues: [] };
  } catch (error) {
    if (!(error instanceof ExpansionLimitError)) throw error;
    const issue: SpecIssue = {
      code: 'spec.yaml-limit',
      message: `aliases expand to more than ${maxAliasExpansion} extra nodes; write the repeated parts out or use fewer nested aliases`,
      file,
      ...error.location,
      path: '',
    };
    return { document: undefined, issues: [issue] };
  }
}

class ExpansionLimitError extends Error {
  constructor(readonly location: Position) {
    super('alias expansion limit reached');
  }
}

/** Turns located nodes into plain data and a location table, counting every node it makes. */
class Flattener {
  readonly locations = new Map<string, NodeLocation>();
  private count = 0;

  constructor(private readonly nodeLimit: number) {}

  flatten(node: LocatedNode, path: SpecPath, key: Position | undefined): unknown {
    const value = node.location ?? key ?? { line: 1, column: 1 };
    this.count++;
    if (this.count > this.nodeLimit) throw new ExpansionLimitError(value);

    const plain = node.kind === 'scalar' && node.plain;
    const plainText = node.kind === 'scalar' ? node.plainText : undefined;
    this.locations.set(pathKey(path), { key, value, plain, plainText });

    if (node.kind === 'scalar') return node.value;
    if (node.kind === 'seq') {
      return node.items.map((item, index) => this.flatten(item, [...path, index], undefined));
    }

    // A null prototype keeps keys such as __proto__ or constructor from reaching Object.prototype.
    const map: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const entry of node.entries) {
      map[entry.key] = this.flatten(entry.node, [...path, entry.key], entry.keyLocation);
    }
    return map;
  }
}

function yamlIssue(error: YAMLError, file: string, lineCounter: LineCounter): SpecIssue {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const firstLine = error.message.split('\n')[0] ?? error.message;
  const text = firstLine.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
  const message = `invalid YAML: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  const code = error.code === 'DUPLICATE_KEY' ? 'spec.duplicate-key' : 'spec.yaml-syntax';
  return { code, message, file, line, column: col, path: '' };
}
