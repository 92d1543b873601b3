/** One entry of a mapping's `fields`, in either of its spellings. */
export interface RawFieldMapping {
  readonly field: string;
  readonly path: string;
  /** True for `{ path: ... }`, whose path sits one level deeper in the document. */
  readonly objectForm: boolean;
  readonly reference: string | undefined;
  readonly values: Readonly<Record<string, string>> | undefined;
  /** The code system written beside a `Coding.code`, for a field without one of its own. */
  readonly system: string | undefined;
}

/** One entry of `fhir.mappings`, keyed by model name. */
export interface RawMapping {
  readonly model: string;
  readonly resource: string;
  readonly fixed: Readonly<Record<string, unknown>>;
  readonly fields: readonly RawFieldMapping[];
}

/**
 * Reads the merged `fhir` section as plain data, keeping the spec order of mappings and fields.
 * The spec's JSON Schema has already reported shape errors, so entries of the wrong shape are
 * skipped here rather than reported twice.
 */
export function readFhirSection(section: unknown): RawMapping[] {
  const mappings = isRecord(section) ? section['mappings'] : undefined;
  if (!isRecord(mappings)) return [];

  const result: RawMapping[] = [];
  for (const [model, mapping] of Object.entries(mappings)) {
    if (!isRecord(mapping) || typeof mapping['resource'] !== 'string') continue;
    const fixed = isRecord(mapping['fixed']) ? mapping['fixed'] : {};
    const fields = isRecord(mapping['fields']) ? readFields(mapping['fields']) : [];
    result.push({ model, resource: mapping['resource'], fixed, fields });
  }
  return result;
}

function readFields(fields: Readonly<Record<string, unknown>>): RawFieldMapping[] {
  const result: RawFieldMapping[] = [];

  for (const [field, entry] of Object.entries(fields)) {
    if (typeof entry === 'string') {
      result.push({
        field,
        path: entry,
        objectForm: false,
        reference: undefined,
        values: undefined,
        system: undefined,
      });
      continue;
    }
    if (!isRecord(entry) || typeof entry['path'] !== 'string') continue;

    const reference = typeof entry['reference'] === 'string' ? entry['reference'] : undefined;
    const values = isRecord(entry['values']) ? stringValues(entry['values']) : undefined;
    const system = typeof entry['system'] === 'string' ? entry['system'] : undefined;
    result.push({ field, path: entry['path'], objectForm: true, reference, values, system });
  }

  return result;
}

function stringValues(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
