import { isResourceType } from '../fhir/r4-elements.js';
import type { Pseudonymizer } from './pseudonymizer.js';

// An R4 id: letters, digits, `-` and `.`, 1 to 64 characters.
const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Returns a reference with its id replaced by the run's pseudonym, or undefined when the
 * reference cannot be kept (a conditional reference with a search, or an unknown form).
 *
 * - `Type/id`, also absolute or with `/_history/<version>`: `Type/<code>`, relative, with the
 *   code that the resource's own id gets.
 * - `urn:uuid:<uuid>` and `urn:oid:<oid>`: `urn:uuid:<random uuid>`, the same one that the
 *   entry's `fullUrl` gets.
 * - `#id` (a contained resource): unchanged, because contained ids are local to the resource.
 */
export function pseudonymizeReference(reference: string, pseudonyms: Pseudonymizer): string | undefined {
  if (reference.startsWith('#')) return reference;

  const urn = /^urn:(uuid|oid):(.+)$/i.exec(reference);
  if (urn !== null) {
    const scheme = urn[1]!.toLowerCase();
    const value = scheme === 'uuid' ? urn[2]!.toLowerCase() : urn[2]!;
    return `urn:uuid:${pseudonyms.uuid(`urn:${scheme}`, value)}`;
  }

  const target = typeAndId(reference);
  if (target === undefined) return undefined;
  return `${target.type}/${pseudonyms.code(target.type, target.id)}`;
}

/**
 * Returns a Bundle entry's `fullUrl` pseudonymized: a urn as a reference to it would be, and an
 * absolute `<base>/Type/id` as `urn:uuid:<random uuid>`, because a fullUrl must stay absolute
 * and the server's address is left out.
 */
export function pseudonymizeFullUrl(fullUrl: string, pseudonyms: Pseudonymizer): string | undefined {
  if (/^urn:(uuid|oid):/i.test(fullUrl)) return pseudonymizeReference(fullUrl, pseudonyms);

  const target = typeAndId(fullUrl);
  if (target === undefined) return undefined;
  return `urn:uuid:${pseudonyms.uuid(`fullUrl:${target.type}`, target.id)}`;
}

function typeAndId(reference: string): { type: string; id: string } | undefined {
  if (reference.includes('?')) return undefined;

  let segments = reference.split('/');
  if (segments.length >= 4 && segments[segments.length - 2] === '_history') {
    segments = segments.slice(0, -2);
  }
  if (segments.length < 2) return undefined;

  const type = segments[segments.length - 2]!;
  const id = segments[segments.length - 1]!;
  if (!isResourceType(type) || !idPattern.test(id)) return undefined;
  return { type, id };
}
