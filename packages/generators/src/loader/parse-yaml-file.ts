import { LineCounter, parseAllDocuments, type YAMLError } from 'yaml';

import type { SpecIssue } from '../issue.js';
import { YamlComposer } from './compose-yaml.js';
import type { LocatedNode, Position } from './located-node.js';
import type { NodeLocation, SourceDocument } from './source-document.js';
import { formatPath, pathKey, type SpecPath } from './spec-path.js';

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
  limitSyntaxIssues(issues, file);

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

/** How many YAML syntax issues one file reports; a broken file often yields hundreds. */
const maxSyntaxIssues = 20;

/**
 * Keeps the first syntax issues of a file, and turns the parser running out of stack on deep
 * nesting into a limit issue.
 */
function limitSyntaxIssues(issues: SpecIssue[], file: string): void {
  const overflow = issues.findIndex((issue) => /call stack/i.test(issue.message));
  if (overflow >= 0) {
    const first = issues[overflow];
    issues.splice(0, issues.length, {
      code: 'spec.yaml-limit',
      message: 'the document nests deeper than the parser supports; flatten the nested lists or maps',
      file,
      line: first?.line ?? 1,
      column: first?.column ?? 1,
      path: '',
    });
    return;
  }

  if (issues.length <= maxSyntaxIssues) return;
  const last = issues[maxSyntaxIssues - 1];
  const dropped = issues.length - maxSyntaxIssues;
  issues.splice(maxSyntaxIssues);
  issues.push({
    code: 'spec.yaml-syntax',
    message: `${dropped} more YAML errors in this file after the first ${maxSyntaxIssues}; fix these first`,
    file,
    line: last?.line ?? 1,
    column: last?.column ?? 1,
    path: '',
  });
}

function toDocument(root: LocatedNode, file: string, nodeLimit: number): ParsedYamlFile {
  const flattener = new Flattener(nodeLimit, file);
  try {
    const data = flattener.flatten(root, [], undefined);
    if (flattener.issues.length > 0) return { document: undefined, issues: flattener.issues };
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
  readonly issues: SpecIssue[] = [];
  private count = 0;

  constructor(
    private readonly nodeLimit: number,
    private readonly file: string,
  ) {}

  flatten(node: LocatedNode, path: SpecPath, key: Position | undefined): unknown {
    const value = node.location ?? key ?? { line: 1, column: 1 };
    this.count++;
    if (this.count > this.nodeLimit) throw new ExpansionLimitError(value);

    const plain = node.kind === 'scalar' && node.plain;
    const plainText = node.kind === 'scalar' ? node.plainText : undefined;
    this.locations.set(pathKey(path), { key, value, plain, plainText });

    if (node.kind === 'scalar') {
      this.checkCharacters(node.value, path, value);
      return node.value;
    }
    if (node.kind === 'seq') {
      return node.items.map((item, index) => this.flatten(item, [...path, index], undefined));
    }

    // A null prototype keeps keys such as __proto__ or constructor from reaching Object.prototype.
    const map: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const entry of node.entries) {
      this.checkCharacters(entry.key, [...path, entry.key], entry.keyLocation ?? value);
      map[entry.key] = this.flatten(entry.node, [...path, entry.key], entry.keyLocation);
    }
    return map;
  }

  /**
   * Rejects NUL and unpaired surrogates in text: generated SQL and TypeScript cannot carry them
   * faithfully (SQLite stops reading a statement at NUL; UTF-8 has no form for a lone surrogate).
   */
  private checkCharacters(value: unknown, path: SpecPath, at: Position): void {
    if (typeof value !== 'string') return;
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    if (!value.includes('\u0000') && !loneSurrogate.test(value)) return;
    this.issues.push({
      code: 'spec.invalid-character',
      message: 'text contains a NUL character or an unpaired surrogate; remove it',
      file: this.file,
      ...at,
      path: formatPath(path),
    });
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
