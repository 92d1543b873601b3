import { resourceTypes } from '../fhir/r4-elements.js';

let resourceTypeSet: ReadonlySet<string> | undefined;

/**
 * Tells whether a name is an R4 resource type such as `Patient`, as `isResourceType` does, with a
 * set lookup, because de-identification asks once per element and per reference.
 */
export function isR4ResourceType(name: string): boolean {
  resourceTypeSet ??= new Set(resourceTypes());
  return resourceTypeSet.has(name);
}
