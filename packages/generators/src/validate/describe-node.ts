import type { SpecPath } from '../loader/spec-path.js';
import { formatPath } from '../loader/spec-path.js';

/**
 * Names the spec element at a path in words, for messages: `model "Patient"`,
 * `field "Patient.mrn"`, `a grant of role "nurse"`. Falls back to the dotted path.
 */
export function describeNode(path: SpecPath, rootName = 'the spec file'): string {
  const [section, name, child, childName] = path;
  if (path.length === 0) return rootName;

  if (section === 'models' && typeof name === 'string') {
    if (path.length === 2) return `model "${name}"`;
    if (child === 'fields' && path.length === 3) return `the fields of model "${name}"`;
    if (child === 'fields' && path.length === 4) return `field "${name}.${String(childName)}"`;
  }
  if (section === 'views' && typeof name === 'string' && path.length === 2) return `view "${name}"`;
  if (section === 'roles' && typeof name === 'string') {
    if (path.length === 2) return `role "${name}"`;
    if (child === 'grants' && path.length === 4) return `a grant of role "${name}"`;
    if (child === 'emergency' && path.length === 4) return `an emergency grant of role "${name}"`;
  }
  if (section === 'audit' && name === 'events' && path.length === 3) return 'an audit event';
  if (section === 'fhir' && name === 'mappings' && typeof child === 'string') {
    if (path.length === 3) return `the fhir mapping of model "${child}"`;
    if (path[3] === 'fields' && path.length === 5) {
      return `the fhir mapping of field "${child}.${String(path[4])}"`;
    }
  }
  if (section === 'tests' && path.length === 2) return 'a test';

  return `"${formatPath(path)}"`;
}
