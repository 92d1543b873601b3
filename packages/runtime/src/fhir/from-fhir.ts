import { BundleIndex } from './bundle-index.js';
import { decimalText } from './decimal-text.js';
import { parseFhirJson, stringifyFhirJson } from './fhir-json.js';
import type { FhirFieldMapping, FhirMapping } from './fhir-mapping.js';
import { FhirMappingError, type FhirMappingErrorCode } from './fhir-mapping-error.js';
import { selectPath, type PathItem } from './fhir-path.js';
import { jsonTypeOf, primitiveProblem } from './primitive-problem.js';
import { isResourceType } from './r4-elements.js';

/** Options of `fromFhirResource`. */
export interface FromFhirOptions {
  /** The Bundle the resource came from, so that `urn:uuid:` references resolve. */
  readonly bundle?: BundleIndex;
}

const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;
const partialDateTime = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const withoutBundle = BundleIndex.of(undefined);

/**
 * Reads a FHIR resource into a record: the primary key from `id` and each mapped field from the
 * first item its path selects. Optional fields whose element is absent are null. Extensions,
 * `fixed` elements and elements the mapping does not name are ignored, so real data with
 * several names or addresses reads as long as the path selects one.
 *
 * Conversions undo those of `toFhirResource`:
 * - `date`: kept as written, including a partial date (`1970`, `1970-05`). From a dateTime
 *   element, the date part is taken.
 * - `datetime`: a `Date`.
 * - `decimal`: its digits as written in the JSON when `parseFhirJson` read it, else the
 *   shortest digits of the number, without an exponent.
 * - `enum`: back through the value map.
 * - reference fields: the id of `<Type>/<id>`, of an absolute URL, or of a Bundle entry's
 *   `urn:uuid:`.
 *
 * Throws `FhirMappingError`: `fhir.wrong-resource-type`, `fhir.missing-value` for a required
 * field without a value, `fhir.unmapped-value` for a code outside the value map,
 * `fhir.invalid-value` for a wrong JSON type or format, and `fhir.unresolved-reference`. The
 * message names the resource id and the path, never the value.
 */
export function fromFhirResource(
  mapping: FhirMapping,
  resource: unknown,
  options: FromFhirOptions = {},
): Record<string, unknown> {
  const resourceType = isRecord(resource) ? resource['resourceType'] : undefined;
  if (!isRecord(resource) || resourceType !== mapping.resource) {
    throw new FhirMappingError({
      code: 'fhir.wrong-resource-type',
      resourceType: mapping.resource,
      resourceId: undefined,
      path: 'resourceType',
      field: undefined,
      problem: `expected resourceType ${mapping.resource}, got ${describeResource(resourceType)}`,
    });
  }

  const rawId = resource['id'];
  const resourceId = typeof rawId === 'string' && idPattern.test(rawId) ? rawId : undefined;
  const errorOf = (
    field: FhirFieldMapping | undefined,
    code: FhirMappingErrorCode,
    problem: string,
  ) =>
    new FhirMappingError({
      code,
      resourceType: mapping.resource,
      resourceId,
      path: field?.path ?? 'id',
      field: field?.field ?? mapping.idField,
      problem,
    });

  const record: Record<string, unknown> = {};
  const id = resourceId ?? idFromBundle(resource, options.bundle);
  if (id === undefined) {
    const problem =
      rawId === undefined
        ? 'the resource has no id and no urn:uuid: entry in the Bundle'
        : 'the id is not a valid R4 id';
    throw errorOf(
      undefined,
      rawId === undefined ? 'fhir.missing-value' : 'fhir.invalid-value',
      problem,
    );
  }
  record[mapping.idField] = id;

  const bundle = options.bundle ?? withoutBundle;
  for (const field of mapping.fields) {
    record[field.field] = readField(resource, field, bundle, (code, problem) =>
      errorOf(field, code, problem),
    );
  }
  return record;
}

type ErrorOf = (code: FhirMappingErrorCode, problem: string) => FhirMappingError;

function readField(
  resource: Record<string, unknown>,
  field: FhirFieldMapping,
  bundle: BundleIndex,
  errorOf: ErrorOf,
): unknown {
  const items = selectPath(resource, field.steps);
  const first = items[0];
  if (first === undefined) {
    if (field.optional) return null;
    const system = codingSystemOf(field);
    const only =
      system === undefined ? '' : `; the path reads only an element with system ${system}`;
    throw errorOf(
      'fhir.missing-value',
      `the field is required but the resource has no value there${only}`,
    );
  }

  if (field.fieldType === 'json') {
    const values = readsWholeElement(field) ? items.map((item) => item.value) : first.value;
    return cloneJson(values);
  }
  return convertValue(field, first, bundle, errorOf);
}

// The system that a path selects its element by, such as the code system of a coding.
function codingSystemOf(field: FhirFieldMapping): string | undefined {
  for (const step of field.steps) {
    if (step.kind !== 'where') continue;
    for (const condition of step.conditions) {
      if (condition.kind === 'equals' && condition.path.join('.') === 'system') return condition.value;
    }
  }
  return undefined;
}

// A json field whose path ends at a repeating element, with no first() or where() after it,
// reads the whole array, as toFhirResource writes it.
function readsWholeElement(field: FhirFieldMapping): boolean {
  const last = field.steps.at(-1);
  return last?.kind === 'member' && last.repeats;
}

function convertValue(
  field: FhirFieldMapping,
  item: PathItem,
  bundle: BundleIndex,
  errorOf: ErrorOf,
): unknown {
  const { value } = item;
  if (field.reference !== undefined) return referencedId(field.reference, value, bundle, errorOf);

  if (field.values !== undefined) {
    if (typeof value !== 'string') {
      throw errorOf('fhir.invalid-value', `expected a code, got ${jsonTypeOf(value)}`);
    }
    const entry = Object.entries(field.values).find(([, code]) => code === value);
    if (entry === undefined) {
      const codes = Object.values(field.values).join(', ');
      throw errorOf(
        'fhir.unmapped-value',
        `the code is not in the value map; expected one of ${codes}`,
      );
    }
    return entry[0];
  }

  const problem = primitiveProblem(field.elementType, value);
  if (problem !== undefined) throw errorOf('fhir.invalid-value', problem);

  switch (field.fieldType) {
    case 'decimal':
      return decimalOf(item, errorOf);
    case 'date':
      return dateOf(value, errorOf);
    case 'datetime':
      return dateTimeOf(value, errorOf);
    case 'integer':
      return expectType(value, 'number', errorOf);
    case 'boolean':
      return expectType(value, 'boolean', errorOf);
    default:
      return expectString(value, errorOf);
  }
}

function referencedId(
  target: string,
  value: unknown,
  bundle: BundleIndex,
  errorOf: ErrorOf,
): string {
  if (typeof value !== 'string') {
    throw errorOf('fhir.invalid-value', `expected a reference string, got ${jsonTypeOf(value)}`);
  }
  const resolved = bundle.resolve(value);
  if (resolved === undefined || resolved.resourceType !== target) {
    const expectedForm = value.startsWith('urn:')
      ? 'a urn: that an entry of the Bundle has as its fullUrl'
      : `${target}/<id>`;
    throw errorOf(
      'fhir.unresolved-reference',
      `expected a reference to ${target}, written as ${expectedForm}`,
    );
  }
  return resolved.id;
}

function decimalOf(item: PathItem, errorOf: ErrorOf): string {
  const { value, owner, name, index } = item;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw errorOf('fhir.invalid-value', `expected a decimal number, got ${jsonTypeOf(value)}`);
  }
  const container = index === undefined ? owner : owner?.[name];
  const text =
    typeof container === 'object' && container !== null
      ? decimalText(container, index ?? name)
      : undefined;
  return text ?? plainDigits(value);
}

// The shortest digits of a number without an exponent: 1e21 is written 1000000000000000000000.
function plainDigits(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;

  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// A date field keeps a partial date as written. From a dateTime it takes the date as written,
// in the time zone of the resource, not converted to UTC.
function dateOf(value: unknown, errorOf: ErrorOf): string {
  const text = expectString(value, errorOf);
  return text.includes('T') ? text.slice(0, text.indexOf('T')) : text;
}

// A dateTime with a time has a time zone in R4, so it is one instant. A partial dateTime
// (`2015`, `2015-02`, `2015-02-07`) becomes the start of that period in UTC.
function dateTimeOf(value: unknown, errorOf: ErrorOf): Date {
  const text = expectString(value, errorOf);
  const partial = partialDateTime.exec(text);
  const time =
    partial === null
      ? Date.parse(text)
      : Date.UTC(Number(partial[1]), Number(partial[2] ?? '1') - 1, Number(partial[3] ?? '1'));
  if (Number.isNaN(time)) {
    throw errorOf('fhir.invalid-value', 'expected a dateTime that names a real instant');
  }
  const date = new Date(time);
  if (partial !== null) date.setUTCFullYear(Number(partial[1]));
  return date;
}

function expectType(value: unknown, type: 'number' | 'boolean', errorOf: ErrorOf): unknown {
  if (typeof value === type) return value;
  throw errorOf('fhir.invalid-value', `expected a ${type}, got ${jsonTypeOf(value)}`);
}

function expectString(value: unknown, errorOf: ErrorOf): string {
  if (typeof value === 'string') return value;
  throw errorOf('fhir.invalid-value', `expected a string, got ${jsonTypeOf(value)}`);
}

function idFromBundle(
  resource: Record<string, unknown>,
  bundle: BundleIndex | undefined,
): string | undefined {
  const entry = bundle?.entries().find((candidate) => candidate.resource === resource);
  const urn = entry?.fullUrl === undefined ? undefined : /^urn:uuid:(.+)$/.exec(entry.fullUrl);
  return urn?.[1];
}

function describeResource(resourceType: unknown): string {
  if (typeof resourceType !== 'string') return 'a value without a resourceType';
  // Only an R4 type is named, so that no text from the input reaches the message.
  return isResourceType(resourceType) ? resourceType : 'a type that is not an R4 resource type';
}

function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return parseFhirJson(stringifyFhirJson(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
