import { elementsOf, isResourceType, type R4Element } from './r4-elements.js';

/**
 * Lists the R4 elements with min 1 that are missing anywhere in a resource, as paths such as
 * `Encounter.status` or `Observation.component[0].code`. A primitive counts as present when it
 * has a value or a `_name` extension (such as a data-absent-reason), and a choice element such as
 * `UsageContext.value[x]` when any of its types is present. Inline resources (`contained`,
 * `Bundle.entry.resource`) are checked by their own type. A value without an R4 `resourceType`
 * gives `['resourceType']`.
 *
 * Only cardinality is checked, not value formats, invariants or profiles.
 */
export function missingRequiredElements(resource: unknown): string[] {
  if (!isRecord(resource)) return ['resourceType'];
  const resourceType = resource['resourceType'];
  if (typeof resourceType !== 'string' || !isResourceType(resourceType)) return ['resourceType'];

  const missing: string[] = [];
  checkNode(resource, resourceType, resourceType, missing);
  return missing;
}

function checkNode(
  node: Record<string, unknown>,
  type: string,
  path: string,
  missing: string[],
): void {
  const elements = elementsOf(type);
  if (elements === undefined) return;

  const presentChoices = new Set<string>();
  for (const element of elements) {
    if (element.choice !== undefined && isPresent(node, element.name)) {
      presentChoices.add(element.choice);
    }
  }

  const reportedChoices = new Set<string>();
  for (const element of elements) {
    if (!element.required) continue;
    if (element.choice !== undefined) {
      if (presentChoices.has(element.choice) || reportedChoices.has(element.choice)) continue;
      reportedChoices.add(element.choice);
      missing.push(`${path}.${element.choice}[x]`);
    } else if (!isPresent(node, element.name)) {
      missing.push(`${path}.${element.name}`);
    }
  }

  for (const element of elements) {
    checkChildren(node[element.name], element, path, missing);
    // A primitive's `_name` is an Element, whose extensions need their `url`.
    const extension = { ...element, name: `_${element.name}`, type: 'Element' };
    checkChildren(node[extension.name], extension, path, missing);
  }
}

function checkChildren(value: unknown, element: R4Element, path: string, missing: string[]): void {
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, index) => {
    if (!isRecord(item)) return;
    const itemPath = Array.isArray(value)
      ? `${path}.${element.name}[${index}]`
      : `${path}.${element.name}`;
    if (element.type !== 'Resource') {
      checkNode(item, element.type, itemPath, missing);
      return;
    }
    // An inline resource is checked as its own type; one without a known type is reported.
    const resourceType = item['resourceType'];
    if (typeof resourceType === 'string' && isResourceType(resourceType)) {
      checkNode(item, resourceType, itemPath, missing);
    } else {
      missing.push(`${itemPath}.resourceType`);
    }
  });
}

function isPresent(node: Record<string, unknown>, name: string): boolean {
  return hasContent(node[name]) || hasContent(node[`_${name}`]);
}

// R4 JSON has no empty arrays and no nulls except to align primitive arrays with `_name`.
function hasContent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => item !== null && item !== undefined);
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
