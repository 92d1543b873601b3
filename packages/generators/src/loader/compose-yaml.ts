import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type LineCounter,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';

import type { SpecIssue } from '../issue.js';
import type { LocatedEntry, LocatedMap, LocatedNode, Position } from './located-node.js';

/** Nesting deeper than this is reported instead of risking a stack overflow. */
export const maxNestingDepth = 200;

const mergeKey = '<<';

/**
 * Turns a composed YAML document into located nodes: resolves aliases to their anchors,
 * applies `<<` merge keys and reports duplicate keys with both places. Each YAML node is
 * turned once, so an alias costs nothing here; expansion is bounded later, when the nodes
 * become plain data.
 */
export class YamlComposer {
  readonly issues: SpecIssue[] = [];
  /** Distinct YAML nodes turned into located nodes. */
  nodeCount = 0;

  private readonly aliasTargets = new Map<Alias, YamlNode>();
  private readonly done = new Map<YamlNode, LocatedNode>();
  private readonly inProgress = new Set<YamlNode>();

  constructor(
    private readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
    private readonly file: string,
  ) {
    this.indexAliases();
  }

  /** Returns the document's root, or undefined for a document without content. */
  composeRoot(): LocatedNode | undefined {
    const contents = this.document.contents;
    if (contents === null) return undefined;
    return this.compose(contents, 0);
  }

  private compose(node: YamlNode, depth: number): LocatedNode {
    if (isAlias(node)) return this.composeAlias(node, depth);

    const known = this.done.get(node);
    if (known !== undefined) return known;

    if (depth > maxNestingDepth) {
      this.report(node, 'spec.yaml-limit', `nesting deeper than ${maxNestingDepth} levels`);
      return emptyScalar(this.locate(node));
    }

    this.inProgress.add(node);
    const located = this.composeNode(node, depth);
    this.inProgress.delete(node);
    this.done.set(node, located);
    this.nodeCount++;
    return located;
  }

  private composeNode(node: YamlNode, depth: number): LocatedNode {
    if (isMap(node)) return this.composeMap(node, depth);

    if (isSeq(node)) {
      const items = node.items.map((item) =>
        item === null ? emptyScalar(this.locate(node)) : this.compose(item as YamlNode, depth + 1),
      );
      return { kind: 'seq', location: this.locate(node), items };
    }

    if (isScalar(node)) return this.composeScalar(node);

    this.report(node, 'spec.yaml-syntax', 'unsupported YAML node');
    return emptyScalar(this.locate(node));
  }

  private composeScalar(node: Scalar): LocatedNode {
    const empty = node.source === '' && node.value === null;
    const location = empty ? undefined : this.locate(node);
    const value = node.value;
    const plain = node.type === 'PLAIN';
    const plainText = plainTextOf(node);

    if (isPlainValue(value)) return { kind: 'scalar', value, location, plain, plainText };
    if (typeof value === 'bigint') {
      return { kind: 'scalar', value: Number(value), location, plain, plainText };
    }

    const message = 'unsupported scalar value; use a string, number or boolean';
    this.report(node, 'spec.yaml-syntax', message);
    return { kind: 'scalar', value: null, location, plain, plainText: undefined };
  }

  private composeAlias(alias: Alias, depth: number): LocatedNode {
    const target = this.aliasTargets.get(alias);
    const name = alias.source;
    if (target === undefined) {
      const message = `unknown alias *${name}; define the anchor &${name} before it`;
      this.report(alias, 'spec.yaml-syntax', message);
      return emptyScalar(this.locate(alias));
    }
    if (this.inProgress.has(target)) {
      this.report(alias, 'spec.yaml-alias', `alias *${name} refers to a node that contains it`);
      return emptyScalar(this.locate(alias));
    }
    return this.compose(target, depth);
  }

  private composeMap(node: YAMLMap, depth: number): LocatedMap {
    const pairs = node.items as Pair<YamlNode | null, YamlNode | null>[];
    const explicit = new Map<string, LocatedEntry>();
    const entries: LocatedEntry[] = [];
    const added = new Set<string>();

    // Explicit keys win over merged ones wherever the `<<` is, as YAML merge keys define.
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) continue;
      const key = this.keyOf(pair);
      if (key === undefined) continue;

      const keyLocation = this.locate(pair.key as YamlNode);
      const first = explicit.get(key);
      if (first !== undefined) {
        this.issues.push({
          code: 'spec.duplicate-key',
          message: `duplicate key "${key}"`,
          file: this.file,
          ...keyLocation,
          path: '',
          related: { file: this.file, ...first.keyLocation },
        });
        continue;
      }

      const value =
        pair.value === null ? emptyScalar(undefined) : this.compose(pair.value, depth + 1);
      explicit.set(key, { key, keyLocation, node: value });
    }

    for (const pair of pairs) {
      if (!isMergeKey(pair.key)) {
        const key = this.keyOf(pair, false);
        const entry = key === undefined ? undefined : explicit.get(key);
        if (entry === undefined || added.has(entry.key)) continue;
        added.add(entry.key);
        entries.push(entry);
        continue;
      }

      for (const entry of this.mergeSources(pair, depth)) {
        if (explicit.has(entry.key) || added.has(entry.key)) continue;
        added.add(entry.key);
        entries.push(entry);
      }
    }

    return { kind: 'map', location: this.locate(node), entries };
  }

  /** Returns the entries that a `<<` pair brings in, earlier sources first. */
  private mergeSources(
    pair: Pair<YamlNode | null, YamlNode | null>,
    depth: number,
  ): LocatedEntry[] {
    const value = pair.value;
    const sources = value !== null && isSeq(value) ? (value.items as YamlNode[]) : [value];
    const entries: LocatedEntry[] = [];

    for (const source of sources) {
      const located = source === null ? undefined : this.compose(source, depth + 1);
      if (located?.kind !== 'map') {
        const message = 'a merge key << takes a map or a list of maps';
        this.report(source ?? (pair.key as YamlNode), 'spec.yaml-merge', message);
        continue;
      }
      entries.push(...located.entries);
    }
    return entries;
  }

  private keyOf(pair: Pair<YamlNode | null, YamlNode | null>, report = true): string | undefined {
    const key = pair.key;
    if (key !== null && isScalar(key)) {
      if (typeof key.value === 'string') return key.value;
      const text = key.source ?? '';
      if (key.value !== null && text !== '') return text;
      if (key.value === null && text !== '' && text !== '~' && text !== 'null') return text;
    }

    if (report) {
      const where = key ?? (pair.value as YamlNode | null);
      const message = 'invalid map key; a key must be a name, not a list, map, alias or null';
      if (where !== null) this.report(where, 'spec.yaml-key', message);
    }
    return undefined;
  }

  private indexAliases(): void {
    const anchors = new Map<string, YamlNode>();
    visit(this.document, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          if (target !== undefined) this.aliasTargets.set(node, target);
          return;
        }
        if (node.anchor !== undefined) anchors.set(node.anchor, node);
      },
    });
  }

  private locate(node: YamlNode | undefined): Position {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  private report(node: YamlNode, code: string, message: string): void {
    this.issues.push({ code, message, file: this.file, ...this.locate(node), path: '' });
  }
}

function isPlainValue(value: unknown): value is string | number | boolean | null {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'boolean';
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  if (typeof value === 'symbol') return value.description === mergeKey;
  return value === mergeKey && (key.type === undefined || key.type === 'PLAIN');
}

/** Plain scalars keep their text, so that a ZIP code such as 02134 can stay a string. */
function plainTextOf(node: Scalar): string | undefined {
  if (node.type !== 'PLAIN' || typeof node.value === 'string') return undefined;
  return node.source;
}

function emptyScalar(location: Position | undefined): LocatedNode {
  return { kind: 'scalar', value: null, location, plain: true, plainText: undefined };
}
