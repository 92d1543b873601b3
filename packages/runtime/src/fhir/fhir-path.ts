import type { FhirPathCondition, FhirPathStep } from './fhir-mapping.js';
import { elementOf } from './r4-elements.js';

/**
 * hspec's FHIRPath subset (member access, `first()`, `where()` with `=`, `and` and `exists()`),
 * run in both directions: `readPath` evaluates a path with FHIRPath's collection semantics, and
 * `writePath` builds the elements that make the path select a value.
 */

/** One item of a collection that a path selects, with where it sits in the resource. */
export interface PathItem {
  readonly value: unknown;
  /** The object that contains the element, or undefined for the node the path started from. */
  readonly owner: Record<string, unknown> | undefined;
  /** The element name in `owner`. */
  readonly name: string;
  /** The position in `owner[name]` when that element is an array. */
  readonly index: number | undefined;
  /** The item whose element this item is. */
  readonly parent: PathItem | undefined;
}

/**
 * Location of the last element of a path: `owner[name]`, or `owner[name][index]` when the
 * element repeats. `writePath` builds every element above it.
 */
export interface PathSlot {
  readonly owner: Record<string, unknown>;
  readonly name: string;
  readonly index: number | undefined;
  /** The path writes the whole repeating element (no `first()` or `where()` after it). */
  readonly collection: boolean;
  /** `where()` conditions on the last element, which a complex value must meet. */
  readonly conditions: readonly FhirPathCondition[];
  /** FHIR type of the last element, when the R4 definitions know it. */
  readonly type: string | undefined;
}

interface Segment {
  readonly name: string;
  readonly repeats: boolean;
  readonly first: boolean;
  readonly conditions: readonly FhirPathCondition[];
}

/**
 * Evaluates a path on a resource or element and returns the selected collection. A member
 * step collects that element of every item and flattens arrays, `first()` keeps the first
 * item, and `where()` keeps the items that meet all its conditions. Null entries, which FHIR
 * JSON uses to align a primitive array with its `_name` extensions, are skipped.
 *
 * @example
 * readPath(patient, steps); // ['Peter'] for name.where(use = 'official').first().given.first()
 */
export function readPath(node: unknown, steps: readonly FhirPathStep[]): unknown[] {
  return selectPath(node, steps).map((item) => item.value);
}

/** Evaluates a path like `readPath`, keeping where each selected item sits. */
export function selectPath(node: unknown, steps: readonly FhirPathStep[]): PathItem[] {
  const start = Array.isArray(node) ? node : [node];
  let collection = start.filter(isPresent).map((value) => rootItem(value));

  for (const step of steps) {
    if (step.kind === 'member') {
      collection = collection.flatMap((item) => childrenOf(item, step.name));
    } else if (step.kind === 'first') {
      collection = collection.slice(0, 1);
    } else {
      collection = collection.filter((item) => meetsAll(item.value, step.conditions));
    }
  }
  return collection;
}

/**
 * Writes `value` where the path selects it, building every element on the way. An element
 * under `where()` is an existing item that meets the conditions, or a new item with the
 * conditions written into it. A repeating element becomes an array. Two paths that share a
 * prefix, such as `name.where(use = 'official').first().given.first()` and
 * `name.where(use = 'official').first().family`, therefore build one element.
 *
 * When the last element repeats and no `first()` or `where()` follows it, an array value
 * replaces the whole element and any other value becomes its only item. A complex value under
 * `where()` gets the conditions written into a copy of it.
 */
export function writePath(
  resource: Record<string, unknown>,
  steps: readonly FhirPathStep[],
  value: unknown,
): void {
  const slot = pathSlot(resource, steps);
  const item = withConditions(value, slot.conditions, slot.type);

  if (slot.index === undefined) {
    slot.owner[slot.name] = item;
    return;
  }
  if (slot.collection) {
    slot.owner[slot.name] = Array.isArray(value) ? value : [item];
    return;
  }
  const existing = slot.owner[slot.name];
  const array = Array.isArray(existing) ? existing : [];
  array[slot.index] = item;
  slot.owner[slot.name] = array;
}

/**
 * Builds every element of a path above its last one, as `writePath` does, and returns where
 * the last element goes without writing it.
 */
export function pathSlot(
  resource: Record<string, unknown>,
  steps: readonly FhirPathStep[],
): PathSlot {
  const segments = segmentsOf(steps);
  const last = segments.at(-1);
  if (last === undefined) throw new TypeError('a FHIR path needs at least one member step');

  let node = resource;
  let type = typeof resource['resourceType'] === 'string' ? resource['resourceType'] : undefined;
  for (const segment of segments.slice(0, -1)) {
    const elementType = childType(type, segment.name);
    node = segment.repeats
      ? repeatingChild(node, segment, elementType)
      : singleChild(node, segment, elementType);
    type = elementType;
  }

  const lastType = childType(type, last.name);
  const slot = { owner: node, name: last.name, conditions: last.conditions, type: lastType };
  if (!last.repeats) return { ...slot, index: undefined, collection: false };

  const existing = node[last.name];
  const items = Array.isArray(existing) ? existing : [];
  const filtered = last.first || last.conditions.length > 0;
  const found = items.findIndex((item) => isPresent(item) && meetsAll(item, last.conditions));
  // Without conditions the slot is the first item. With them it is the first item that meets
  // them, or a new item at the end.
  let index = 0;
  if (last.conditions.length > 0) index = found >= 0 ? found : items.length;
  return { ...slot, index, collection: !filtered };
}

/**
 * Removes the elements that a path selects, with the `_name` extensions of primitives, then
 * every element above them that is left empty. Returns how many selected elements were removed.
 */
export function removePath(
  resource: Record<string, unknown>,
  steps: readonly FhirPathStep[],
): number {
  const items = selectPath(resource, steps).filter((item) => item.owner !== undefined);
  let removed = 0;

  // Splice the items of one array from the highest index down, so earlier indices stay valid.
  const sorted = [...items].sort((a, b) => (b.index ?? 0) - (a.index ?? 0));
  for (const item of sorted) {
    if (removeElement(item)) removed += 1;
  }

  const parents = new Map<unknown, PathItem>();
  for (const item of items) {
    for (let parent = item.parent; parent?.owner !== undefined; parent = parent.parent) {
      if (!parents.has(parent.value)) parents.set(parent.value, parent);
    }
  }
  const deepestFirst = [...parents.values()].sort((a, b) => depthOf(b) - depthOf(a));
  for (const parent of deepestFirst) {
    if (isEmptyObject(parent.value)) removeElement(parent);
  }

  return removed;
}

/** Tells whether an element meets every condition of a `where()`. */
export function meetsAll(value: unknown, conditions: readonly FhirPathCondition[]): boolean {
  return conditions.every((condition) => meets(value, condition));
}

// `path = 'literal'` is true when the path selects exactly one item, equal to the literal. That
// is FHIRPath's `=` on a one-item collection, so an empty or longer collection is not equal.
// `path.exists(conditions)` is true when any item the path selects meets all the conditions.
function meets(value: unknown, condition: FhirPathCondition): boolean {
  const selected = readPath(
    value,
    condition.path.map((name) => memberStep(name)),
  );
  if (condition.kind === 'equals') return selected.length === 1 && selected[0] === condition.value;
  return selected.some((item) => meetsAll(item, condition.conditions));
}

function memberStep(name: string): FhirPathStep {
  return { kind: 'member', name, repeats: false };
}

function rootItem(value: unknown): PathItem {
  return { value, owner: undefined, name: '', index: undefined, parent: undefined };
}

function childrenOf(item: PathItem, name: string): PathItem[] {
  if (!isRecord(item.value)) return [];
  const owner = item.value;
  const element = owner[name];
  if (!Array.isArray(element)) {
    if (!isPresent(element)) return [];
    return [{ value: element, owner, name, index: undefined, parent: item }];
  }

  const children: PathItem[] = [];
  element.forEach((value, index) => {
    if (isPresent(value)) children.push({ value, owner, name, index, parent: item });
  });
  return children;
}

function segmentsOf(steps: readonly FhirPathStep[]): Segment[] {
  const segments: (Segment & { first: boolean; conditions: FhirPathCondition[] })[] = [];
  for (const step of steps) {
    const current = segments.at(-1);
    if (step.kind === 'member') {
      segments.push({ name: step.name, repeats: step.repeats, first: false, conditions: [] });
    } else if (current === undefined) {
      throw new TypeError(`a FHIR path must start with an element name, not ${step.kind}()`);
    } else if (step.kind === 'first') {
      current.first = true;
    } else {
      current.conditions.push(...step.conditions);
    }
  }
  return segments;
}

// The item of a repeating element that meets the segment's conditions (the first such item),
// or a new item holding the conditions, appended to the array.
function repeatingChild(
  node: Record<string, unknown>,
  segment: Segment,
  type: string | undefined,
): Record<string, unknown> {
  const existing = node[segment.name];
  const items = Array.isArray(existing) ? existing : isRecord(existing) ? [existing] : [];
  node[segment.name] = items;

  const found = items.find((item) => isRecord(item) && meetsAll(item, segment.conditions));
  if (isRecord(found)) return found;

  const created: Record<string, unknown> = {};
  writeConditions(created, type, segment.conditions);
  items.push(created);
  return created;
}

function singleChild(
  node: Record<string, unknown>,
  segment: Segment,
  type: string | undefined,
): Record<string, unknown> {
  const existing = node[segment.name];
  const child = isRecord(existing) ? existing : {};
  node[segment.name] = child;
  if (!meetsAll(child, segment.conditions)) writeConditions(child, type, segment.conditions);
  return child;
}

/** Writes `where()` conditions into an element, so that the element meets them. */
function writeConditions(
  node: Record<string, unknown>,
  type: string | undefined,
  conditions: readonly FhirPathCondition[],
): void {
  for (const condition of conditions) {
    let owner = node;
    let ownerType = type;
    for (const name of condition.path.slice(0, -1)) {
      const elementType = childType(ownerType, name);
      owner = conditionChild(owner, name, repeatsIn(owner, ownerType, name));
      ownerType = elementType;
    }

    const name = condition.path.at(-1);
    if (name === undefined) continue;
    const repeats = repeatsIn(owner, ownerType, name);
    if (condition.kind === 'equals') {
      owner[name] = repeats ? [condition.value] : condition.value;
      continue;
    }

    const elementType = childType(ownerType, name);
    const existing = owner[name];
    const items = Array.isArray(existing) ? existing : isRecord(existing) ? [existing] : [];
    if (items.some((item) => meetsAll(item, condition.conditions))) continue;
    const created: Record<string, unknown> = {};
    writeConditions(created, elementType, condition.conditions);
    if (repeats) owner[name] = [...items, created];
    else owner[name] = created;
  }
}

// Inside a condition path such as `type.coding.code`, an element on the way is the first item
// of a repeating element, or a new one.
function conditionChild(
  owner: Record<string, unknown>,
  name: string,
  repeats: boolean,
): Record<string, unknown> {
  const existing = owner[name];
  if (repeats) {
    const items = Array.isArray(existing) ? existing : [];
    const first = items[0];
    if (isRecord(first)) return first;
    const created: Record<string, unknown> = {};
    owner[name] = [created, ...items.slice(1)];
    return created;
  }
  if (isRecord(existing)) return existing;
  const created: Record<string, unknown> = {};
  owner[name] = created;
  return created;
}

// Steps of a condition carry no `repeats`, so it comes from the R4 definitions, or from the
// data when the type is unknown (an element under `contained` or `Bundle.entry.resource`).
function repeatsIn(
  owner: Record<string, unknown>,
  type: string | undefined,
  name: string,
): boolean {
  const element = type === undefined ? undefined : elementOf(type, name);
  return element?.repeats ?? Array.isArray(owner[name]);
}

function childType(type: string | undefined, name: string): string | undefined {
  if (type === undefined) return undefined;
  const elementType = elementOf(type, name)?.type;
  return elementType === 'Resource' ? undefined : elementType;
}

function withConditions(
  value: unknown,
  conditions: readonly FhirPathCondition[],
  type: string | undefined,
): unknown {
  if (conditions.length === 0 || !isRecord(value) || meetsAll(value, conditions)) return value;
  const copy = { ...value };
  writeConditions(copy, type, conditions);
  return copy;
}

function removeElement(item: PathItem): boolean {
  const owner = item.owner;
  if (owner === undefined) return false;
  const extensionName = `_${item.name}`;

  if (item.index === undefined) {
    if (owner[item.name] !== item.value) return false;
    delete owner[item.name];
    delete owner[extensionName];
    return true;
  }

  const array = owner[item.name];
  if (!Array.isArray(array)) return false;
  // The index of an object may have moved when an earlier sibling was removed; find it again.
  const index = isRecord(item.value) ? array.indexOf(item.value) : item.index;
  if (index < 0 || array[index] !== item.value) return false;
  array.splice(index, 1);
  if (array.length === 0) delete owner[item.name];

  const extensions = owner[extensionName];
  if (Array.isArray(extensions)) {
    extensions.splice(index, 1);
    if (extensions.every((extension) => extension === null)) delete owner[extensionName];
  }
  return true;
}

function depthOf(item: PathItem): number {
  let depth = 0;
  for (let parent = item.parent; parent !== undefined; parent = parent.parent) depth += 1;
  return depth;
}

function isEmptyObject(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length === 0;
}

function isPresent(value: unknown): boolean {
  return value !== null && value !== undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
