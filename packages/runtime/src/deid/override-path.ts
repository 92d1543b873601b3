import type { FhirPathStep } from '../fhir/fhir-mapping.js';
import { removePath, writePath } from '../fhir/fhir-path.js';
import { isRecord } from './identifier-kinds.js';
import { meetsConditions } from './path-conditions.js';

// Results of a search of the path below one item, besides a value: nothing found, or nothing
// because a `first()` on the way kept an item that selects nothing.
const notFound = Symbol('notFound');
const cut = Symbol('cut');

/**
 * The path of one FhirDeidOverride, prepared once for the run. `firstValue` returns what
 * `readPath(resource, steps)[0]` returns, and `replace` does what `removePath` followed by
 * `writePath` does, without building the collections of every step for each resource.
 */
export class OverridePath {
  readonly #steps: readonly FhirPathStep[];
  /**
   * The path as elements, when it has member and `first()` steps only (`subject.reference`,
   * `address.first().postalCode`), so that `replace` can handle it without fhir-path.
   */
  readonly #segments: readonly Segment[] | undefined;
  /** The objects that contain each element of the path in the output, reused between resources. */
  readonly #owners: Record<string, unknown>[] = [];
  /** Whether each element of the path in the output is an array, whose first item is selected. */
  readonly #inArray: boolean[] = [];

  /** Whether the path selects at most one item in any resource, as `period.start` does. */
  readonly selectsOne: boolean;

  constructor(steps: readonly FhirPathStep[]) {
    this.#steps = steps;
    this.#segments = segmentsOf(steps);
    this.selectsOne =
      this.#segments?.every((segment) => !segment.repeats || segment.first) ?? false;
  }

  /**
   * Returns the first item of the collection that the path selects in a resource, or undefined
   * when it selects nothing. The search goes depth first, which is the order of the collection,
   * and stops at the first item found.
   */
  firstValue(resource: Record<string, unknown>): unknown {
    const found = this.#search(resource, 0);
    return found === notFound || found === cut ? undefined : found;
  }

  /**
   * Removes what the path selects in `output` with the `_name` extensions of primitives, prunes
   * the elements left empty above them, then writes `replacement` where the path selects it
   * unless it is undefined.
   */
  replace(output: Record<string, unknown>, replacement: unknown): void {
    // With nothing selected, removePath changes nothing.
    if (replacement === undefined && this.firstValue(output) === undefined) return;
    if (this.#segments !== undefined && this.#removeSingle(output, this.#segments)) {
      if (replacement !== undefined) writeSegments(output, this.#segments, replacement);
      return;
    }

    removePath(output, this.#steps);
    if (replacement !== undefined) writePath(output, this.#steps, replacement);
  }

  #search(value: unknown, index: number): unknown {
    const step = this.#steps[index];
    if (step === undefined) return value;

    if (step.kind === 'first') {
      // first() keeps only the first item that reaches it, so when that item selects nothing,
      // no later item may be tried.
      const found = this.#search(value, index + 1);
      return found === notFound ? cut : found;
    }
    if (step.kind === 'where') {
      return meetsConditions(value, step.conditions) ? this.#search(value, index + 1) : notFound;
    }

    if (!isRecord(value)) return notFound;
    const child = value[step.name];
    if (!Array.isArray(child)) return isPresent(child) ? this.#search(child, index + 1) : notFound;
    for (const item of child) {
      if (!isPresent(item)) continue;
      const found = this.#search(item, index + 1);
      if (found !== notFound) return found;
    }
    return notFound;
  }

  /**
   * Removes what the path selects, as removePath does, when the path selects at most one item
   * at each step. So an element that does not repeat must not be an array, and a repeating one
   * must be an array whose first item is present and, unless `first()` follows, its only item.
   * Returns false, having changed nothing, for any other shape of the output.
   */
  #removeSingle(output: Record<string, unknown>, segments: readonly Segment[]): boolean {
    const owners = this.#owners;
    const inArray = this.#inArray;
    const last = segments.length - 1;
    let found = false;
    let node: Record<string, unknown> = output;
    for (let depth = 0; depth <= last; depth += 1) {
      const segment = segments[depth]!;
      owners[depth] = node;
      let child = node[segment.name];
      inArray[depth] = Array.isArray(child);
      if (Array.isArray(child)) {
        if (!segment.repeats) return false;
        if (child.length === 0) break;
        if (!isPresent(child[0]) || (child.length > 1 && !segment.first)) return false;
        child = child[0];
      } else if (segment.repeats && isPresent(child)) {
        return false;
      }

      if (depth === last) found = isPresent(child);
      else if (isRecord(child)) node = child;
      else break;
    }
    if (!found) return true;

    this.#removeAt(last, segments[last]!);
    for (let depth = last - 1; depth >= 0; depth -= 1) {
      if (Object.keys(owners[depth + 1]!).length > 0) continue;
      this.#removeAt(depth, segments[depth]!);
    }
    return true;
  }

  /** Removes the selected item of one element of the path, as fhir-path's removeElement does. */
  #removeAt(depth: number, segment: Segment): void {
    const owner = this.#owners[depth]!;
    if (!this.#inArray[depth]) {
      delete owner[segment.name];
      // Deleting a key that is not there still costs a slow lookup in V8.
      if (Object.hasOwn(owner, segment.extensionName)) delete owner[segment.extensionName];
      return;
    }

    const items = owner[segment.name] as unknown[];
    items.splice(0, 1);
    if (items.length === 0) delete owner[segment.name];
    const extensions = owner[segment.extensionName];
    if (!Array.isArray(extensions)) return;
    extensions.splice(0, 1);
    if (extensions.every((extension) => extension === null)) delete owner[segment.extensionName];
  }
}

/** One element of a path: a member step and whether `first()` follows it. */
interface Segment {
  readonly name: string;
  /** The `_name` key that contains the id and extensions of a primitive element. */
  readonly extensionName: string;
  readonly repeats: boolean;
  readonly first: boolean;
}

/** Returns the segments of a path of member and `first()` steps, or undefined for any other. */
function segmentsOf(steps: readonly FhirPathStep[]): Segment[] | undefined {
  const segments: Segment[] = [];
  for (const step of steps) {
    if (step.kind === 'where') return undefined;
    if (step.kind === 'member') {
      const { name, repeats } = step;
      segments.push({ name, extensionName: `_${name}`, repeats, first: false });
      continue;
    }

    const current = segments.pop();
    if (current === undefined) return undefined;
    segments.push({ ...current, first: true });
  }
  return segments.length === 0 ? undefined : segments;
}

/**
 * Writes a value where a path of segments selects it, building the elements on the way, as
 * writePath does for a path without `where()`: the first object item of a repeating element,
 * or a new item.
 */
function writeSegments(
  output: Record<string, unknown>,
  segments: readonly Segment[],
  value: unknown,
): void {
  let node = output;
  for (const segment of segments.slice(0, -1)) {
    const existing = node[segment.name];
    if (!segment.repeats) {
      const child = isRecord(existing) ? existing : {};
      node[segment.name] = child;
      node = child;
      continue;
    }

    const items = Array.isArray(existing) ? existing : isRecord(existing) ? [existing] : [];
    node[segment.name] = items;
    let child = items.find(isRecord);
    if (child === undefined) {
      child = {};
      items.push(child);
    }
    node = child;
  }

  const last = segments.at(-1)!;
  if (!last.repeats) {
    node[last.name] = value;
  } else if (!last.first) {
    node[last.name] = Array.isArray(value) ? value : [value];
  } else {
    const existing = node[last.name];
    const items = Array.isArray(existing) ? existing : [];
    items[0] = value;
    node[last.name] = items;
  }
}

function isPresent(value: unknown): boolean {
  return value !== null && value !== undefined;
}
