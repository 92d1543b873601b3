import { elementsOf, isResourceType } from './r4-elements.js';

/**
 * Sorts the keys of a resource and of every element in it into R4 definition order, in place.
 * `resourceType` comes first, then each element followed by its `_name` extension, then the
 * keys that the definitions do not know, in their old order. Objects keep their identity, so
 * recorded decimal texts stay attached.
 */
export function orderElements(node: Record<string, unknown>, type: string): void {
  const elements = elementsOf(type);
  if (elements === undefined) return;

  const keys = Object.keys(node);
  const ordered: string[] = [];
  if (Object.hasOwn(node, 'resourceType')) ordered.push('resourceType');
  for (const element of elements) {
    if (Object.hasOwn(node, element.name)) ordered.push(element.name);
    if (Object.hasOwn(node, `_${element.name}`)) ordered.push(`_${element.name}`);
  }
  const known = new Set(ordered);
  ordered.push(...keys.filter((key) => !known.has(key)));

  if (ordered.some((key, index) => keys[index] !== key)) {
    const values = ordered.map((key) => node[key]);
    for (const key of keys) delete node[key];
    ordered.forEach((key, index) => {
      // Defined, not assigned, so that an own `__proto__` key stays a plain key.
      const descriptor = {
        value: values[index],
        writable: true,
        enumerable: true,
        configurable: true,
      };
      Object.defineProperty(node, key, descriptor);
    });
  }

  for (const element of elements) {
    orderChildren(node[element.name], element.type);
    orderChildren(node[`_${element.name}`], 'Element');
  }
}

function orderChildren(value: unknown, type: string): void {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const record = item as Record<string, unknown>;
    const itemType = type === 'Resource' ? record['resourceType'] : type;
    if (typeof itemType !== 'string') continue;
    if (type === 'Resource' && !isResourceType(itemType)) continue;
    orderElements(record, itemType);
  }
}
