import type { PathCondition, PathStep } from '../ir/spec-ir.js';
import { formatCondition } from './fhirpath.js';

/** Writer of an element: the field itself, one of its `where()` conditions, or its code system. */
export type ElementWriter =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'condition'; readonly field: string; readonly value: string }
  | { readonly kind: 'system'; readonly field: string; readonly value: string };

/** One primitive element that a field mapping writes, under a key that names that element. */
export interface ElementWrite {
  /**
   * The element in a canonical spelling: `first()` dropped, because building a repeating element
   * makes one item either way, and the conditions of each element sorted and merged into one
   * `where()`. Two writes with the same key write the same element.
   */
  readonly key: string;
  /** The resource element the write sits under (`name` for `name.given`). */
  readonly topElement: string;
  readonly writer: ElementWriter;
}

/** Two writes that cannot both be built, reported on the later field. */
export interface WriteConflict {
  readonly field: string;
  /** The earlier field in the conflict, when it is another field. */
  readonly otherField: string | undefined;
  readonly message: string;
}

interface Segment {
  readonly name: string;
  readonly conditions: string[];
}

/**
 * Lists what building one field's path writes: the field's own element, the elements that its
 * `where()` conditions set, and the `system` beside a `Coding.code` when `codingSystem` is given.
 */
export function elementWrites(
  field: string,
  steps: readonly PathStep[],
  codingSystem: string | undefined,
): ElementWrite[] {
  const segments = segmentsOf(steps);
  // The generator selects the coding by its system, so two fields that write codes of different
  // systems under one CodeableConcept write two codings, not one element.
  const coding = segments.at(-2);
  if (codingSystem !== undefined && coding !== undefined) {
    coding.conditions.push(canonicalCondition({ kind: 'equals', path: ['system'], value: codingSystem }));
  }
  const topElement = segments[0]?.name ?? '';
  const writes: ElementWrite[] = [];

  for (const [index, segment] of segments.entries()) {
    if (segment.conditions.length === 0) continue;
    const base = keyOf(segments.slice(0, index + 1));
    for (const condition of conditionsOf(steps, index)) {
      for (const leaf of conditionLeaves(base, condition)) {
        writes.push({ key: leaf.key, topElement, writer: { kind: 'condition', field, value: leaf.value } });
      }
    }
  }

  writes.push({ key: keyOf(segments), topElement, writer: { kind: 'field', field } });

  if (codingSystem !== undefined) {
    const key = `${keyOf(segments.slice(0, -1))}.system`;
    writes.push({ key, topElement, writer: { kind: 'system', field, value: codingSystem } });
  }

  return writes;
}

/**
 * Finds writes to one element by two writers, unless both write the same constant (two fields
 * under `name.where(use = 'official')` both set `use`), and writes under a reserved resource
 * element such as one that `fixed` sets. Reports at most one conflict per field.
 */
export function findConflicts(
  writes: readonly ElementWrite[],
  reserved: ReadonlyMap<string, string>,
): WriteConflict[] {
  const conflicts: WriteConflict[] = [];
  const reported = new Set<string>();
  const firstWrite = new Map<string, ElementWrite>();

  const add = (conflict: WriteConflict) => {
    if (reported.has(conflict.field)) return;
    reported.add(conflict.field);
    conflicts.push(conflict);
  };

  for (const write of writes) {
    const reason = reserved.get(write.topElement);
    if (reason !== undefined) {
      add({
        field: write.writer.field,
        otherField: undefined,
        message: `${writerName(write.writer)} writes ${write.key}, but "${write.topElement}" ${reason}`,
      });
      continue;
    }

    const earlier = firstWrite.get(write.key);
    if (earlier === undefined) {
      firstWrite.set(write.key, write);
    } else if (!sameConstant(earlier.writer, write.writer)) {
      add(conflictBetween(earlier, write));
    }
  }

  return conflicts;
}

function sameConstant(a: ElementWriter, b: ElementWriter): boolean {
  return a.kind !== 'field' && b.kind !== 'field' && a.value === b.value;
}

function conflictBetween(earlier: ElementWrite, later: ElementWrite): WriteConflict {
  const { writer } = later;
  const otherField = earlier.writer.field === writer.field ? undefined : earlier.writer.field;
  const both = `${writerName(writer)} and ${writerName(earlier.writer)} both write ${later.key}`;

  if (earlier.writer.kind !== 'field' && writer.kind !== 'field') {
    return {
      field: writer.field,
      otherField,
      message: `${both}, with different values ("${writer.value}" and "${earlier.writer.value}"); make them agree`,
    };
  }
  return {
    field: writer.field,
    otherField,
    message: `${both}; each element can hold one value, so map each field to an element of its own`,
  };
}

function writerName(writer: ElementWriter): string {
  if (writer.kind === 'field') return `field "${writer.field}"`;
  if (writer.kind === 'condition') return `the where() condition of field "${writer.field}"`;
  return `the code system of field "${writer.field}"`;
}

function segmentsOf(steps: readonly PathStep[]): Segment[] {
  const segments: Segment[] = [];
  for (const step of steps) {
    if (step.kind === 'member') segments.push({ name: step.name, conditions: [] });
    if (step.kind === 'where') segments.at(-1)?.conditions.push(...step.conditions.map(canonicalCondition));
  }
  return segments;
}

// The conditions of all `where()` steps that apply to the segment at `index`.
function conditionsOf(steps: readonly PathStep[], index: number): PathCondition[] {
  const conditions: PathCondition[] = [];
  let segment = -1;
  for (const step of steps) {
    if (step.kind === 'member') segment += 1;
    if (step.kind === 'where' && segment === index) conditions.push(...step.conditions);
  }
  return conditions;
}

function conditionLeaves(base: string, condition: PathCondition): { key: string; value: string }[] {
  const path = condition.path.join('.');
  if (condition.kind === 'equals') return [{ key: `${base}.${path}`, value: condition.value }];

  const element = `${base}.${path}.where(${canonicalConditions(condition.conditions)})`;
  return condition.conditions.flatMap((inner) => conditionLeaves(element, inner));
}

function keyOf(segments: readonly Segment[]): string {
  return segments
    .map((segment) => {
      const conditions = [...new Set(segment.conditions)].sort();
      return conditions.length === 0 ? segment.name : `${segment.name}.where(${conditions.join(' and ')})`;
    })
    .join('.');
}

function canonicalConditions(conditions: readonly PathCondition[]): string {
  return [...new Set(conditions.map(canonicalCondition))].sort().join(' and ');
}

function canonicalCondition(condition: PathCondition): string {
  if (condition.kind === 'equals') return formatCondition(condition);
  return `${condition.path.join('.')}.exists(${canonicalConditions(condition.conditions)})`;
}
