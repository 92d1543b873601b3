/** A 1-based line and column inside one file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * A YAML node after composition and before it becomes plain data: aliases already point at
 * their anchored node (so one node may appear in several places) and merge keys are applied.
 */
export type LocatedNode = LocatedScalar | LocatedMap | LocatedSeq;

export interface LocatedScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  /** Undefined for an empty value, which has no token of its own. */
  readonly location: Position | undefined;
  /** Written without quotes, so that its text sits in the file as parsed. */
  readonly plain: boolean;
  readonly plainText: string | undefined;
}

export interface LocatedEntry {
  readonly key: string;
  readonly keyLocation: Position;
  readonly node: LocatedNode;
}

export interface LocatedMap {
  readonly kind: 'map';
  readonly location: Position;
  readonly entries: readonly LocatedEntry[];
}

export interface LocatedSeq {
  readonly kind: 'seq';
  readonly location: Position;
  readonly items: readonly LocatedNode[];
}
