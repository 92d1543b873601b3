import type { PathCondition, PathStep } from '../ir/spec-ir.js';
import type { FhirReporter, SectionPath } from './fhir-reporter.js';
import { cardinalityOf, isMemberOf, memberOf, type R4ElementCardinality } from './r4-cardinality.js';

/** A mapped field, reduced to what the required-element check reads. */
export interface RequiredElementField {
  readonly name: string;
  /** The model field may be null, so the elements it writes may be absent. */
  readonly optional: boolean;
  readonly steps: readonly PathStep[];
}

/** The parts of one mapping that the required-element check reads. */
export interface RequiredElementMapping {
  readonly resource: string;
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly fields: readonly RequiredElementField[];
  /** Place of the mapping in the section: `['mappings', modelName]`. */
  readonly at: SectionPath;
}

/** One element that building the mapping's paths creates, shared by paths with the same prefix. */
interface BuiltElement {
  /** The element's path from the resource, without conditions (`Patient.link`). */
  readonly display: string;
  /** The owner of the element's children in the R4 definitions, or undefined when R4 lacks it. */
  readonly owner: string | undefined;
  /** The fields whose presence builds the element, in spec order. */
  readonly builders: string[];
  /** For each child member name, the fields whose presence writes that child. */
  readonly writers: Map<string, Set<string>>;
  /** The child elements by member name and conditions. */
  readonly children: Map<string, BuiltElement>;
}

interface Segment {
  readonly name: string;
  readonly key: string;
  readonly conditions: readonly PathCondition[];
}

const ERROR_CODE = 'fhir.required-element';

/**
 * Checks that every output of a mapping contains the R4 elements of minimum cardinality 1.
 * `fixed` or a required field must write those of the resource. Those of an element that the
 * field paths build (an `Observation.component` needs its `code`) must be written whenever the
 * element is built. Elements inside `fixed` values are checked as well.
 */
export function checkRequiredElements(reporter: FhirReporter, mapping: RequiredElementMapping): void {
  const root = newElement(mapping.resource, mapping.resource);
  for (const field of mapping.fields) addField(root, field.name, field.steps);

  const required = new Set(mapping.fields.filter((field) => !field.optional).map((field) => field.name));
  checkResource(reporter, mapping, root, required);
  for (const child of root.children.values()) checkBuilt(reporter, mapping.at, child, required);

  for (const [name, value] of Object.entries(mapping.fixed)) {
    const member = memberOf(mapping.resource, name);
    if (member?.owner === undefined) continue;
    const display = `${mapping.resource}.${name}`;
    checkFixedValue(reporter, [...mapping.at, 'fixed', name], value, member.owner, display);
  }
}

function checkResource(
  reporter: FhirReporter,
  mapping: RequiredElementMapping,
  root: BuiltElement,
  required: ReadonlySet<string>,
): void {
  const fixedNames = Object.keys(mapping.fixed);
  for (const element of requiredElements(mapping.resource)) {
    if (fixedNames.some((name) => isMemberOf(element, name))) continue;

    const writers = writersOf(root, element);
    if (writers.some((writer) => required.has(writer))) continue;

    const name = elementLabel(element);
    const display = `${mapping.resource}.${name}`;
    const message =
      writers.length === 0
        ? `element ${display} is required by FHIR R4, but no field and no fixed value writes it; map a required field to it or add "${name}" under fixed`
        : `element ${display} is required by FHIR R4, but only optional fields write it (${quoted(writers)}); make one of them required or add "${name}" under fixed`;
    reporter.report({ code: ERROR_CODE, message, at: [...mapping.at, 'resource'] });
  }
}

// An element that a field builds must hold its required children whenever that field is
// present: a required field writes the child, or every field that builds the element does.
function checkBuilt(
  reporter: FhirReporter,
  at: SectionPath,
  built: BuiltElement,
  required: ReadonlySet<string>,
): void {
  if (built.owner !== undefined) {
    for (const element of requiredElements(built.owner)) {
      const writers = writersOf(built, element);
      if (writers.some((writer) => required.has(writer))) continue;

      const without = built.builders.filter((builder) => !writers.includes(builder));
      const first = without[0];
      if (first === undefined) continue;

      const display = `${built.display}.${elementLabel(element)}`;
      const reason =
        writers.length === 0
          ? 'no field writes it'
          : `${without.length === 1 ? 'field' : 'fields'} ${quoted(without)} can build ${built.display} without it, because only optional fields write it (${quoted(writers)})`;
      reporter.report({
        code: ERROR_CODE,
        message: `element ${display} is required by FHIR R4 in each ${built.display}, but ${reason}; map a required field to it, or write it with a where() condition in the path of field "${first}"`,
        at: [...at, 'fields', first],
      });
    }
  }
  for (const child of built.children.values()) checkBuilt(reporter, at, child, required);
}

function checkFixedValue(
  reporter: FhirReporter,
  at: SectionPath,
  value: unknown,
  owner: string,
  display: string,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkFixedValue(reporter, at, item, owner, `${display}[${index}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;

  const names = Object.keys(value);
  for (const element of requiredElements(owner)) {
    // A primitive may carry only extensions, under its name with a leading underscore.
    const present = names.some((name) => isMemberOf(element, name.replace(/^_/, '')));
    if (present) continue;
    reporter.report({
      code: ERROR_CODE,
      message: `fixed value of ${display} has no element "${elementLabel(element)}", which FHIR R4 requires; add it`,
      at,
    });
  }

  for (const [name, child] of Object.entries(value)) {
    const member = memberOf(owner, name);
    if (member?.owner !== undefined) checkFixedValue(reporter, at, child, member.owner, `${display}.${name}`);
  }
}

function addField(root: BuiltElement, field: string, steps: readonly PathStep[]): void {
  let element = root;
  for (const segment of segmentsOf(steps)) {
    element = enter(element, segment.name, segment.key, field);
    for (const condition of segment.conditions) addCondition(element, condition, field);
  }
}

// A where() condition writes the elements it compares, so it builds them like a path does.
function addCondition(element: BuiltElement, condition: PathCondition, field: string): void {
  let target = element;
  for (const name of condition.path) target = enter(target, name, name, field);
  if (condition.kind === 'exists') {
    for (const inner of condition.conditions) addCondition(target, inner, field);
  }
}

function enter(parent: BuiltElement, name: string, key: string, field: string): BuiltElement {
  const writers = parent.writers.get(name) ?? new Set<string>();
  writers.add(field);
  parent.writers.set(name, writers);

  let child = parent.children.get(key);
  if (child === undefined) {
    const owner = parent.owner === undefined ? undefined : memberOf(parent.owner, name)?.owner;
    child = newElement(`${parent.display}.${name}`, owner);
    parent.children.set(key, child);
  }
  if (!child.builders.includes(field)) child.builders.push(field);
  return child;
}

function newElement(display: string, owner: string | undefined): BuiltElement {
  return { display, owner, builders: [], writers: new Map(), children: new Map() };
}

// Groups `where()` steps with the member before them. `first()` selects the item that a
// repeating element builds anyway, so paths with and without it build the same element.
function segmentsOf(steps: readonly PathStep[]): Segment[] {
  const segments: { name: string; conditions: PathCondition[] }[] = [];
  for (const step of steps) {
    if (step.kind === 'member') segments.push({ name: step.name, conditions: [] });
    if (step.kind === 'where') segments.at(-1)?.conditions.push(...step.conditions);
  }
  return segments.map(({ name, conditions }) => {
    const canonical = conditions.map((condition) => JSON.stringify(condition)).sort();
    return { name, key: `${name}${JSON.stringify(canonical)}`, conditions };
  });
}

function requiredElements(owner: string): R4ElementCardinality[] {
  return cardinalityOf(owner).filter((element) => element.min >= 1);
}

function writersOf(built: BuiltElement, element: R4ElementCardinality): string[] {
  const writers = new Set<string>();
  for (const [name, fields] of built.writers) {
    if (isMemberOf(element, name)) for (const field of fields) writers.add(field);
  }
  return [...writers];
}

function elementLabel(element: R4ElementCardinality): string {
  return element.choice ? `${element.name}[x]` : element.name;
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
