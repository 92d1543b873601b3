import { suggest } from '../validate/did-you-mean.js';
import { checkElementValue } from './check-element-value.js';
import { quoteString, type LocatedCondition, type LocatedName, type LocatedStep } from './fhirpath.js';
import {
  ANY_RESOURCE_TYPE,
  elementNames,
  elementOf,
  r4Definitions,
  type R4Element,
} from './r4-elements.js';

/** A problem in a parsed path, at a 0-based offset in the path text. */
export interface PathProblem {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
}

/** The element a path ends at, found by walking the path through the R4 definitions. */
export interface ResolvedPath {
  readonly element: R4Element;
  /** The FHIR type that contains the element (`Coding` for `class.code`). */
  readonly parentType: string;
  /** The path's elements from the resource, without functions (`Patient.name.family`). */
  readonly display: string;
}

/** Result of `resolvePath`: the end element when the walk reached a primitive, and all problems. */
export interface PathResolution {
  readonly resolved: ResolvedPath | undefined;
  readonly problems: readonly PathProblem[];
}

// FHIR types whose values FHIRPath compares as strings, so `= 'text'` can match them.
const STRING_LIKE_TYPES = new Set([
  'string',
  'code',
  'id',
  'markdown',
  'uri',
  'url',
  'canonical',
  'oid',
  'uuid',
  'base64Binary',
]);

interface Position {
  readonly typeName: string;
  readonly display: string;
  readonly element: R4Element | undefined;
  readonly parentType: string;
}

interface WalkedMembers {
  readonly element: R4Element;
  readonly parentType: string;
  readonly display: string;
  /** Index in the condition path of the first element that repeats, if any. */
  readonly firstRepeating: number | undefined;
}

/**
 * Walks parsed steps through the R4 definitions of a resource: each member must be an element,
 * each `where()` condition must compare a string-like primitive or test `exists()` on a complex
 * element, and the path must end at a primitive element.
 */
export function resolvePath(resourceType: string, steps: readonly LocatedStep[]): PathResolution {
  const problems: PathProblem[] = [];
  let position: Position = {
    typeName: resourceType,
    display: resourceType,
    element: undefined,
    parentType: resourceType,
  };

  for (const [index, step] of steps.entries()) {
    if (step.kind === 'first') continue;

    if (step.kind === 'where') {
      if (position.element?.primitive === true) {
        problems.push({
          code: 'fhir.path-not-buildable',
          message: `where() needs an element with child elements to compare, but ${position.display} is a ${position.element.type}`,
          offset: step.offset,
        });
        return { resolved: undefined, problems };
      }
      checkConditions(position.typeName, position.display, step.conditions, problems);
      continue;
    }

    const next = enterMember(position, step, index === 0, resourceType, problems);
    if (next === undefined) return { resolved: undefined, problems };
    position = next;
  }

  const { element, display, parentType, typeName } = position;
  if (element === undefined) return { resolved: undefined, problems };
  if (!element.primitive) {
    problems.push({
      code: 'fhir.path-not-primitive',
      message: notPrimitiveMessage(display, typeName),
      offset: lastStepOffset(steps),
    });
    return { resolved: undefined, problems };
  }

  return { resolved: { element, parentType, display }, problems };
}

function enterMember(
  position: Position,
  step: LocatedName,
  isFirst: boolean,
  resourceType: string,
  problems: PathProblem[],
): Position | undefined {
  if (isFirst && step.name === resourceType && elementOf(resourceType, step.name) === undefined) {
    problems.push({
      code: 'fhir.unknown-element',
      message: `paths start inside the resource; drop the leading "${resourceType}."`,
      offset: step.offset,
    });
    return undefined;
  }

  const child = childElement(position, step, problems);
  if (child === undefined) return undefined;
  return {
    typeName: child.type,
    display: `${position.display}.${step.name}`,
    element: child,
    parentType: position.typeName,
  };
}

// Looks a name up under the current position and reports why it is not an element.
function childElement(
  position: Position,
  name: LocatedName,
  problems: PathProblem[],
): R4Element | undefined {
  const { typeName, display, element } = position;

  if (element?.primitive === true) {
    problems.push({
      code: 'fhir.unknown-element',
      message: `unknown element "${name.name}", because ${display} is a ${element.type} and has no child elements`,
      offset: name.offset,
    });
    return undefined;
  }
  if (typeName === ANY_RESOURCE_TYPE) {
    problems.push({
      code: 'fhir.unknown-element',
      message: `unknown element "${name.name}", because ${display} contains a whole resource of any type, which a mapping cannot reach into`,
      offset: name.offset,
    });
    return undefined;
  }

  const child = elementOf(typeName, name.name);
  if (child === undefined) {
    problems.push({
      code: 'fhir.unknown-element',
      message: unknownElementMessage(typeName, display, element, name.name),
      offset: name.offset,
    });
  }
  return child;
}

function unknownElementMessage(
  typeName: string,
  display: string,
  element: R4Element | undefined,
  name: string,
): string {
  const where = element === undefined ? display : `${display} (${typeLabel(typeName)})`;
  const choices = choiceElements(typeName, name);
  if (choices.length > 0) {
    const listed = choices.map((choice) => `"${choice}"`).join(', ');
    return `unknown element "${name}" in ${where}; "${name}[x]" is a choice element, so name its type: ${listed}`;
  }
  return suggest(`unknown element "${name}" in ${where}`, name, elementNames(typeName));
}

// The concrete names of a choice element (`value` gives `valueQuantity`, `valueString`, ...): an
// element name that starts with `name` and continues with a FHIR type name.
function choiceElements(typeName: string, name: string): string[] {
  const definitions = r4Definitions();
  return elementNames(typeName).filter((candidate) => {
    if (!candidate.startsWith(name)) return false;
    const suffix = candidate.slice(name.length);
    if (!/^[A-Z]/.test(suffix)) return false;
    const primitive = suffix[0]?.toLowerCase() + suffix.slice(1);
    return definitions[suffix] !== undefined || definitions[primitive] !== undefined;
  });
}

function checkConditions(
  typeName: string,
  display: string,
  conditions: readonly LocatedCondition[],
  problems: PathProblem[],
): void {
  for (const condition of conditions) {
    const walked = walkMembers(typeName, display, condition.path, problems);
    if (walked === undefined) continue;

    if (condition.kind === 'exists') {
      checkExists(walked, condition, problems);
    } else {
      checkEquals(walked, condition, problems);
    }
  }
}

function checkExists(
  walked: WalkedMembers,
  condition: Extract<LocatedCondition, { kind: 'exists' }>,
  problems: PathProblem[],
): void {
  const { element, display } = walked;
  if (element.primitive) {
    problems.push({
      code: 'fhir.path-not-buildable',
      message: `exists() with conditions needs an element with child elements, but ${display} is a ${element.type}; compare it with = instead`,
      offset: condition.offset,
    });
    return;
  }
  checkConditions(element.type, display, condition.conditions, problems);
}

function checkEquals(
  walked: WalkedMembers,
  condition: Extract<LocatedCondition, { kind: 'equals' }>,
  problems: PathProblem[],
): void {
  const { element, display, parentType, firstRepeating } = walked;
  const offset = condition.path[0]?.offset ?? condition.valueOffset;

  if (firstRepeating !== undefined) {
    problems.push({
      code: 'fhir.condition-repeats',
      message: repeatingConditionMessage(condition, firstRepeating),
      offset: condition.path[firstRepeating]?.offset ?? offset,
    });
    return;
  }
  if (!element.primitive) {
    problems.push({
      code: 'fhir.element-type',
      message: `a condition compares ${display} (${typeLabel(element.type)}) to a string literal; compare one of its primitive elements instead, or test it with exists()`,
      offset,
    });
    return;
  }
  if (!STRING_LIKE_TYPES.has(element.type)) {
    problems.push({
      code: 'fhir.element-type',
      message: `a condition compares ${display} (${element.type}) to a string literal, which never matches; conditions compare string, code, uri and other string-like elements`,
      offset,
    });
    return;
  }

  const problem = checkElementValue(parentType, element.name, condition.value, { item: true });
  if (problem !== undefined) {
    problems.push({
      code: problem.keyword === 'enum' ? 'fhir.unknown-code' : 'fhir.invalid-code',
      message: `condition value ${quoteString(condition.value)} for ${display} ${problem.message}`,
      offset: condition.valueOffset,
    });
  }
}

// FHIRPath's `=` is false when its left side has several items, so a condition that crosses
// a repeating element would skip resources that carry more than one of them.
function repeatingConditionMessage(
  condition: Extract<LocatedCondition, { kind: 'equals' }>,
  firstRepeating: number,
): string {
  const names = condition.path.map((part) => part.name);
  const head = names.slice(0, firstRepeating + 1).join('.');
  const rest = names.slice(firstRepeating + 1).join('.');
  const problem = `"${head}" repeats, and = is false when it has several items`;
  if (rest === '') return `${problem}; compare an element that does not repeat`;
  return `${problem}; write ${head}.exists(${rest} = ${quoteString(condition.value)}) instead`;
}

function walkMembers(
  typeName: string,
  display: string,
  path: readonly LocatedName[],
  problems: PathProblem[],
): WalkedMembers | undefined {
  let position: Position = { typeName, display, element: undefined, parentType: typeName };
  let firstRepeating: number | undefined;

  for (const [index, name] of path.entries()) {
    const next = enterMember(position, name, false, typeName, problems);
    if (next === undefined) return undefined;
    if (next.element?.repeats === true && firstRepeating === undefined) firstRepeating = index;
    position = next;
  }

  if (position.element === undefined) return undefined;
  return {
    element: position.element,
    parentType: position.parentType,
    display: position.display,
    firstRepeating,
  };
}

function notPrimitiveMessage(display: string, typeName: string): string {
  const primitives = elementNames(typeName)
    .filter((name) => name !== 'id' && elementOf(typeName, name)?.primitive === true)
    .slice(0, 4)
    .map((name) => `"${name}"`);
  const hint = primitives.length > 0 ? `, such as ${primitives.join(', ')}` : '';
  return `path ends at ${display} (${typeLabel(typeName)}), which is not a primitive element; continue the path to one of its primitive elements${hint}`;
}

function lastStepOffset(steps: readonly LocatedStep[]): number {
  for (let index = steps.length - 1; index >= 0; index--) {
    const step = steps[index];
    if (step !== undefined) return step.offset;
  }
  return 0;
}

// Backbone elements are named `Resource_Part` in the schema; FHIR calls their type BackboneElement.
function typeLabel(typeName: string): string {
  return typeName.includes('_') ? 'BackboneElement' : typeName;
}
