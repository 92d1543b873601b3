import { r4ElementTable } from './r4-element-table.js';

/** One element of an R4 resource, data type or backbone element, as the element table lists it. */
export interface R4Element {
  readonly name: string;
  /**
   * FHIR type of the element: a primitive (`string`, `dateTime`), a data type (`HumanName`), a
   * backbone element named by its path (`Patient.contact`) or `Resource` for inline resources.
   */
  readonly type: string;
  /** The element repeats (max `*`), so it is a JSON array. */
  readonly repeats: boolean;
  /** The element has min 1. For a choice element, one of its types must be present. */
  readonly required: boolean;
  /** For one type of a choice element such as `valueQuantity`, the base name `value`. */
  readonly choice: string | undefined;
}

const parsed = new Map<string, readonly R4Element[]>();
let resourceTypeList: readonly string[] | undefined;
let resourceTypeSet: ReadonlySet<string> | undefined;

/** Returns an element of an R4 type by name, following aliases such as `SimpleQuantity`. */
export function elementOf(type: string, name: string): R4Element | undefined {
  return elementsOf(type)?.find((element) => element.name === name);
}

/**
 * Returns the elements of an R4 resource, data type or backbone element in definition order, or
 * undefined for a primitive or unknown type.
 */
export function elementsOf(type: string): readonly R4Element[] | undefined {
  const cached = parsed.get(type);
  if (cached !== undefined) return cached;

  const entry = Object.hasOwn(r4ElementTable, type) ? r4ElementTable[type] : undefined;
  if (entry === undefined) return undefined;
  if (entry.startsWith('=')) return elementsOf(entry.slice(1));

  const elements = parseEntry(entry);
  parsed.set(type, elements);
  return elements;
}

/** Tells whether a name is an R4 resource type such as `Patient` (not `Resource` itself). */
export function isResourceType(name: string): boolean {
  resourceTypeSet ??= new Set(resourceTypes());
  return resourceTypeSet.has(name);
}

/** Returns every R4 resource type, sorted by name. */
export function resourceTypes(): readonly string[] {
  if (resourceTypeList !== undefined) return resourceTypeList;

  // A type derives from Resource when it has Resource's `meta` and `implicitRules`. Backbone
  // elements have a dot in their name, and data types lack those elements.
  resourceTypeList = Object.keys(r4ElementTable)
    .filter((name) => !name.includes('.'))
    .filter((name) => name !== 'Resource' && name !== 'DomainResource')
    .filter((name) => {
      const names = new Set(
        (r4ElementTable[name] ?? '').split(' ').map((item) => item.split(':')[0]),
      );
      return names.has('meta') && names.has('implicitRules');
    })
    .sort();
  return resourceTypeList;
}

function parseEntry(entry: string): R4Element[] {
  return entry.split(' ').map((item): R4Element => {
    const colon = item.indexOf(':');
    const name = item.slice(0, colon);
    let type = item.slice(colon + 1);
    const caret = type.indexOf('^');
    const choice = caret < 0 ? undefined : type.slice(caret + 1);
    if (caret >= 0) type = type.slice(0, caret);
    const required = type.endsWith('!');
    if (required) type = type.slice(0, -1);
    const repeats = type.endsWith('*');
    if (repeats) type = type.slice(0, -1);
    return { name, type, repeats, required, choice };
  });
}
