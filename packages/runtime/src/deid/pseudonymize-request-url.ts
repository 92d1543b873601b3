import { isResourceType } from '../fhir/r4-elements.js';
import type { Pseudonymizer } from './pseudonymizer.js';

/** A Bundle entry's `request.url` after pseudonymizeRequestUrl. */
export interface RequestUrlRewrite {
  readonly url: string;
  /** The url held search parameters, which were dropped. */
  readonly droppedQuery: boolean;
  /** The url named a resource id, which was replaced by its pseudonym. */
  readonly pseudonymizedId: boolean;
}

// An R4 id: letters, digits, `-` and `.`, 1 to 64 characters. Version ids have the same form.
const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;
const operationPattern = /^\$[A-Za-z0-9_-]+$/;
const schemePattern = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// Interactions on the whole system or a whole type, which stand where a type or an id would.
const interactionSegments = new Set(['_history', '_search', 'metadata']);

/**
 * Returns a Bundle entry's `request.url` with its resource id replaced by the code that the
 * resource's own id gets, or undefined for a url that is not an R4 RESTful path. The type,
 * `_history/<version>`, `_search`, compartment types and `$operation` segments stay, so a
 * versioned read stays a versioned read. The query is dropped, because search parameters
 * (`identifier=...`) may name the person, so a search or a conditional update keeps only
 * `Type`. An absolute url loses its base and becomes relative, as R4 writes request urls.
 *
 * @example
 * pseudonymizeRequestUrl('Patient/123/_history/2?_format=json', pseudonyms);
 * // { url: 'Patient/<code>/_history/2', droppedQuery: true, pseudonymizedId: true }
 */
export function pseudonymizeRequestUrl(
  url: string,
  pseudonyms: Pseudonymizer,
): RequestUrlRewrite | undefined {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const droppedQuery = queryStart >= 0 && queryStart < url.length - 1;

  const segments = restfulSegments(path);
  if (segments === undefined || !isRestfulPath(segments)) return undefined;

  const hasId = segments.length >= 2 && isResourceType(segments[0]!) && isIdSegment(segments[1]!);
  if (hasId) segments[1] = pseudonyms.code(segments[0]!, segments[1]!);
  return { url: segments.join('/'), droppedQuery, pseudonymizedId: hasId };
}

/**
 * Returns the segments of a url path relative to the server's base: a relative path as it is
 * (without a leading or trailing `/`), an absolute one from its first resource type,
 * operation or interaction. Returns undefined when nothing is left.
 */
function restfulSegments(path: string): string[] | undefined {
  let segments = path.split('/');
  if (schemePattern.test(path)) {
    const start = segments.findIndex(
      (segment, index) => index > 0 && (isResourceType(segment) || isSystemSegment(segment)),
    );
    if (start < 0) return undefined;
    segments = segments.slice(start);
  }

  if (segments[0] === '') segments.shift();
  if (segments.at(-1) === '') segments.pop();
  return segments.length === 0 ? undefined : segments;
}

/**
 * Tells whether segments form an R4 RESTful path: `$op`, `_history`, `_search` or `metadata`
 * on the system, or `Type` followed by one of those, or by `id` and then nothing, `$op`,
 * `_history`, `_history/vid`, `_history/vid/$op` or a compartment's type (`*` for all).
 */
function isRestfulPath(segments: readonly string[]): boolean {
  const [first, second, third, fourth, fifth] = segments;
  if (isSystemSegment(first!)) return segments.length === 1;
  if (!isResourceType(first!)) return false;
  if (second === undefined) return true;
  if (isSystemSegment(second) && second !== 'metadata') return segments.length === 2;
  if (!isIdSegment(second)) return false;
  if (third === undefined) return true;

  if (operationPattern.test(third) || third === '*' || isResourceType(third)) {
    return segments.length === 3;
  }
  if (third !== '_history') return false;
  if (fourth === undefined) return true;
  if (!idPattern.test(fourth)) return false;
  return fifth === undefined || (operationPattern.test(fifth) && segments.length === 5);
}

function isSystemSegment(segment: string): boolean {
  return interactionSegments.has(segment) || operationPattern.test(segment);
}

function isIdSegment(segment: string): boolean {
  return idPattern.test(segment) && !interactionSegments.has(segment);
}
