import { isResourceType } from './r4-elements.js';

/** A resource that a reference points to, by type and id. */
export interface ResolvedReference {
  readonly resourceType: string;
  readonly id: string;
}

/** One entry of a Bundle that contains a resource. */
export interface BundleIndexEntry {
  readonly fullUrl: string | undefined;
  readonly resource: Record<string, unknown>;
}

// R4 `id`: 1 to 64 letters, digits, '-' and '.'.
const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The entries of a Bundle, indexed so that references between them resolve: `Patient/123`,
 * `http://example.org/fhir/Patient/123/_history/2`, and the `urn:uuid:` and `urn:oid:` full
 * URLs of transaction Bundles such as Synthea's.
 *
 * @example
 * const index = BundleIndex.of(bundle);
 * index.resolve('Patient/23'); // { resourceType: 'Patient', id: '23' }
 * index.resolve('urn:uuid:ee9f8dd8-72d2-4769-8020-89e504b1504b'); // the entry's type and id
 */
export class BundleIndex {
  private readonly byFullUrl = new Map<string, ResolvedReference>();

  private constructor(private readonly indexed: readonly BundleIndexEntry[]) {
    for (const entry of indexed) {
      if (entry.fullUrl === undefined) continue;
      const target = targetOf(entry);
      // The first entry with a full URL wins, as a reader of the Bundle would find it.
      if (target !== undefined && !this.byFullUrl.has(entry.fullUrl)) {
        this.byFullUrl.set(entry.fullUrl, target);
      }
    }
  }

  /**
   * Indexes the entries of a Bundle that hold a resource. A value that is not a Bundle gives an
   * empty index, so only `Type/id` and absolute references resolve.
   */
  static of(bundle: unknown): BundleIndex {
    const entries: BundleIndexEntry[] = [];
    const list = isRecord(bundle) && Array.isArray(bundle['entry']) ? bundle['entry'] : [];
    for (const entry of list) {
      if (!isRecord(entry) || !isRecord(entry['resource'])) continue;
      const fullUrl = typeof entry['fullUrl'] === 'string' ? entry['fullUrl'] : undefined;
      entries.push({ fullUrl, resource: entry['resource'] });
    }
    return new BundleIndex(entries);
  }

  /**
   * Returns the type and id that a reference points to, or undefined when it cannot be resolved.
   * That is the case for a `urn:` that no entry has as its full URL, for a contained (`#id`) or
   * conditional (`Type?…`) reference, and for a type that is not an R4 resource type.
   *
   * `Type/id` and absolute URLs resolve by their last two segments after dropping
   * `/_history/<version>`, whether or not the Bundle contains that resource. A `urn:uuid:` or
   * `urn:oid:` resolves to the type and id of the entry whose full URL it is, and to the uuid or
   * oid itself when that resource has no id.
   */
  resolve(reference: string): ResolvedReference | undefined {
    if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
      return this.byFullUrl.get(reference);
    }
    if (reference.startsWith('#') || reference.includes('?')) return undefined;

    const absolute = /^https?:\/\//.test(reference);
    const segments = reference.split('/');
    if (segments.length >= 4 && segments.at(-2) === '_history') segments.splice(-2, 2);
    if (!absolute && segments.length !== 2) return undefined;
    if (absolute && segments.length < 5) return undefined;

    const [resourceType, id] = segments.slice(-2);
    if (resourceType === undefined || id === undefined) return undefined;
    if (!isResourceType(resourceType) || !idPattern.test(id)) return undefined;
    return { resourceType, id };
  }

  /** Returns the entries that hold a resource, in Bundle order. */
  entries(): readonly BundleIndexEntry[] {
    return this.indexed;
  }
}

function targetOf(entry: BundleIndexEntry): ResolvedReference | undefined {
  const { fullUrl, resource } = entry;
  const resourceType = resource['resourceType'];
  if (fullUrl === undefined || typeof resourceType !== 'string') return undefined;

  if (typeof resource['id'] === 'string') return { resourceType, id: resource['id'] };
  const urn = /^urn:(?:uuid|oid):(.+)$/.exec(fullUrl);
  return urn?.[1] === undefined ? undefined : { resourceType, id: urn[1] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
