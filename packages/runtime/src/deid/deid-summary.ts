import type { PhiKind } from '../phi/phi-kind.js';

/**
 * The kind of change to one element: a Safe Harbor identifier kind or `free_text` for what a
 * rule removed or rewrote, `id` for a pseudonymized resource id, `reference` for a
 * pseudonymized or removed reference.
 */
export type DeidElementKind = PhiKind | 'id' | 'reference';

/** Counts of a de-identification run: resources by type and changed elements by kind. */
export interface DeidSummary {
  /** Resources de-identified, by resource type (Bundle entries count; contained ones do not). */
  readonly resources: Readonly<Record<string, number>>;
  /**
   * Elements removed or rewritten, by kind. An element removed whole counts once, not once per
   * part.
   */
  readonly elements: Readonly<Partial<Record<DeidElementKind, number>>>;
}

/** Counts for a DeidSummary as a run goes. */
export class DeidTally {
  readonly #resources = new Map<string, number>();
  readonly #elements = new Map<DeidElementKind, number>();

  /** Counts one de-identified resource of a type. */
  resource(type: string): void {
    this.#resources.set(type, (this.#resources.get(type) ?? 0) + 1);
  }

  /** Counts one changed element of a kind. */
  element(kind: DeidElementKind): void {
    this.#elements.set(kind, (this.#elements.get(kind) ?? 0) + 1);
  }

  /** Returns the counts so far, with keys sorted. */
  summary(): DeidSummary {
    return {
      resources: Object.fromEntries([...this.#resources].sort(byKey)),
      elements: Object.fromEntries([...this.#elements].sort(byKey)),
    };
  }
}

function byKey(left: readonly [string, number], right: readonly [string, number]): number {
  if (left[0] < right[0]) return -1;
  return left[0] > right[0] ? 1 : 0;
}
