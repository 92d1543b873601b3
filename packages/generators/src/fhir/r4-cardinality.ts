import { elementsOf, type R4Element } from '@hspec/runtime';

/**
 * One element of an R4 resource, data type or backbone element, with its minimum cardinality,
 * as the HL7 FHIR R4 (4.0.1) StructureDefinitions define it (through the runtime's element
 * table, which is built from them).
 */
export interface R4ElementCardinality {
  /** The element name; a choice element has its base name (`value` for `value[x]`). */
  readonly name: string;
  readonly min: number;
  /** The element is a choice element (`value[x]`), written as `value` plus a type name. */
  readonly choice: boolean;
  /**
   * The owners of the element's children, one per allowed type: a type name (`Coding`), or the
   * element's path for a backbone element (`Encounter.participant`).
   */
  readonly owners: readonly string[];
}

const cache = new Map<string, readonly R4ElementCardinality[]>();

/**
 * Lists the elements of a resource, data type or backbone element path (`Encounter`, `Coding`,
 * `Encounter.participant`) in definition order, or an empty list for an unknown name. The
 * elements come from the runtime's R4 element table, with the types of a choice element folded
 * into one entry.
 */
export function cardinalityOf(owner: string): readonly R4ElementCardinality[] {
  let elements = cache.get(owner);
  if (elements === undefined) {
    elements = foldChoices(elementsOf(owner) ?? []);
    cache.set(owner, elements);
  }
  return elements;
}

/**
 * Finds the element that a member name selects under an owner: the element of that name, or
 * the choice element whose name it extends with a type (`valueQuantity`). Returns the element
 * and the owner of the member's own children.
 */
export function memberOf(
  owner: string,
  member: string,
): { readonly element: R4ElementCardinality; readonly owner: string | undefined } | undefined {
  for (const element of cardinalityOf(owner)) {
    if (!element.choice && element.name === member) {
      return { element, owner: element.owners[0] };
    }
    if (element.choice && member.startsWith(element.name)) {
      const suffix = member.slice(element.name.length);
      const type = element.owners.find((candidate) => upperFirst(candidate) === suffix);
      if (type !== undefined) return { element, owner: type };
    }
  }
  return undefined;
}

/** Tells whether a member name is the element itself or, for a choice element, one of its types. */
export function isMemberOf(element: R4ElementCardinality, member: string): boolean {
  if (!element.choice) return element.name === member;
  const suffix = member.slice(element.name.length);
  return member.startsWith(element.name) && element.owners.some((type) => upperFirst(type) === suffix);
}

function foldChoices(elements: readonly R4Element[]): R4ElementCardinality[] {
  const folded: R4ElementCardinality[] = [];
  const choices = new Map<string, { owners: string[] }>();
  for (const element of elements) {
    const min = element.required ? 1 : 0;
    if (element.choice === undefined) {
      folded.push({ name: element.name, min, choice: false, owners: [element.type] });
      continue;
    }
    const known = choices.get(element.choice);
    if (known !== undefined) {
      known.owners.push(element.type);
      continue;
    }
    const owners = [element.type];
    choices.set(element.choice, { owners });
    folded.push({ name: element.choice, min, choice: true, owners });
  }
  return folded;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
