import { isJsonNumberText, setDecimalText } from './decimal-text.js';
import { parseFhirJson, stringifyFhirJson } from './fhir-json.js';
import type { FhirFieldMapping, FhirMapping } from './fhir-mapping.js';
import { FhirMappingError, type FhirMappingErrorCode } from './fhir-mapping-error.js';
import { pathSlot, selectPath, writePath, type PathSlot } from './fhir-path.js';
import { orderElements } from './order-elements.js';
import { primitiveProblem } from './primitive-problem.js';
import { elementOf, elementsOf, type R4Element } from './r4-elements.js';

/** Options of `toFhirResource`. */
export interface ToFhirOptions {
  /**
   * Fields the caller may not see, which are left out. Some of them are required, because R4
   * requires the top element of the path, or an element on the path that is missing under an
   * element of the output. For those, the element the path ends at gets the data-absent-reason
   * extension with code `masked`, so that the resource stays valid.
   */
  readonly masked?: ReadonlySet<string>;
}

/** URL of the R4 extension that gives the reason a required value is absent. */
export const dataAbsentReasonUrl = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/**
 * Writes a record as a FHIR resource: `resourceType`, the `id` from the model's primary key, the
 * mapping's `fixed` elements, and each mapped field whose value is not null or undefined. Keys
 * come in R4 definition order, so the output is the same for the same record.
 *
 * Conversions:
 * - `date` (`YYYY-MM-DD`, or a partial date): written as is.
 * - `datetime` (a `Date`): written with `toISOString()`.
 * - `decimal` (a string of digits): a number whose digits `stringifyFhirJson` writes exactly.
 * - `enum`: through its value map.
 * - reference fields: `<Type>/<id>`.
 *
 * Throws `FhirMappingError` for a value that the element cannot contain, naming the field and
 * path and never the value.
 *
 * @example
 * const patient = toFhirResource(patientMapping, { id: 'p1', familyName: 'Chalmers' });
 * stringifyFhirJson(patient);
 * // {"resourceType":"Patient","id":"p1","name":[{"use":"official","family":"Chalmers"}]}
 */
export function toFhirResource(
  mapping: FhirMapping,
  record: Readonly<Record<string, unknown>>,
  options: ToFhirOptions = {},
): Record<string, unknown> {
  const resource: Record<string, unknown> = { resourceType: mapping.resource };
  const resourceId = idOf(mapping, record);
  resource['id'] = resourceId;
  mergeFixed(resource, mapping.fixed);

  const maskedFields: FhirFieldMapping[] = [];
  for (const field of mapping.fields) {
    if (options.masked?.has(field.field) === true) {
      maskedFields.push(field);
      continue;
    }
    const value = record[field.field];
    if (value === null || value === undefined) continue;
    writeField(resource, field, value, (code, problem) => {
      return new FhirMappingError({
        code,
        resourceType: mapping.resource,
        resourceId,
        path: field.path,
        field: field.field,
        problem,
      });
    });
  }

  // Masked fields come last, so that they see which elements the other fields built.
  for (const field of maskedFields) {
    if (needsDataAbsent(resource, mapping.resource, field)) writeDataAbsent(resource, field);
  }

  orderElements(resource, mapping.resource);
  return resource;
}

type ErrorOf = (code: FhirMappingErrorCode, problem: string) => FhirMappingError;

function idOf(mapping: FhirMapping, record: Readonly<Record<string, unknown>>): string {
  const value = record[mapping.idField];
  const fail = (code: FhirMappingErrorCode, problem: string): never => {
    throw new FhirMappingError({
      code,
      resourceType: mapping.resource,
      resourceId: undefined,
      path: 'id',
      field: mapping.idField,
      problem,
    });
  };

  if (value === null || value === undefined) fail('fhir.missing-value', 'the record has no id');
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  const problem = primitiveProblem('id', id);
  if (problem !== undefined) {
    fail('fhir.invalid-value', `the primary key cannot be a resource id: ${problem}`);
  }
  return id as string;
}

// `fixed` is written first, so that fields merge into its elements instead of replacing them.
function mergeFixed(
  target: Record<string, unknown>,
  fixed: Readonly<Record<string, unknown>>,
): void {
  for (const [key, value] of Object.entries(fixed)) {
    if (key === 'resourceType' || key === 'id') continue;
    const existing = target[key];
    if (isRecord(existing) && isRecord(value)) mergeFixed(existing, value);
    else target[key] = cloneJson(value);
  }
}

function writeField(
  resource: Record<string, unknown>,
  field: FhirFieldMapping,
  value: unknown,
  errorOf: ErrorOf,
): void {
  if (field.fieldType === 'decimal' && field.values === undefined) {
    const text = decimalTextOf(value, errorOf);
    const slot = pathSlot(resource, field.steps);
    setDecimalText(...decimalPlace(slot), text);
    return;
  }

  const converted = convertValue(field, value, errorOf);
  const problem = primitiveProblem(field.elementType, converted);
  if (problem !== undefined) throw errorOf('fhir.invalid-value', problem);
  writePath(resource, field.steps, converted);
}

function convertValue(field: FhirFieldMapping, value: unknown, errorOf: ErrorOf): unknown {
  if (field.reference !== undefined) {
    const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    const problem = primitiveProblem('id', id);
    if (problem !== undefined) {
      throw errorOf('fhir.invalid-value', `the referenced key cannot be a resource id: ${problem}`);
    }
    return `${field.reference}/${id as string}`;
  }

  if (field.values !== undefined) {
    const key = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    const code =
      key !== undefined && Object.hasOwn(field.values, key) ? field.values[key] : undefined;
    if (code === undefined) {
      const expected = Object.keys(field.values).join(', ');
      throw errorOf(
        'fhir.unmapped-value',
        `the value is not in the value map; expected one of ${expected}`,
      );
    }
    return code;
  }

  switch (field.fieldType) {
    case 'datetime':
      return dateTimeText(field.elementType, value, errorOf);
    case 'date':
      if (value instanceof Date) return dateTimeText('date', value, errorOf);
      return value;
    case 'json':
      return cloneJson(value);
    default:
      return value;
  }
}

function dateTimeText(elementType: string, value: unknown, errorOf: ErrorOf): unknown {
  if (typeof value === 'string') return value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw errorOf('fhir.invalid-value', 'expected a valid Date');
  }
  const text = value.toISOString();
  return elementType === 'date' ? text.slice(0, 10) : text;
}

function decimalTextOf(value: unknown, errorOf: ErrorOf): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && isJsonNumberText(value)) return value;
  throw errorOf('fhir.invalid-value', 'expected a decimal written as digits, such as 12.50');
}

function decimalPlace(slot: PathSlot): [object, string | number] {
  if (slot.index === undefined) return [slot.owner, slot.name];
  const existing = slot.owner[slot.name];
  const array = Array.isArray(existing) ? existing : [];
  slot.owner[slot.name] = array;
  return [array, slot.index];
}

// A masked field needs the data-absent-reason when R4 requires its top element
// (`Encounter.class`). It also needs it when an element on its path has min 1 and its parent
// exists without it, such as `Observation.component.code` once another field has built the
// component. A parent that nothing else builds is not built just for the extension, because it
// would lack its other required elements.
function needsDataAbsent(
  resource: Record<string, unknown>,
  resourceType: string,
  field: FhirFieldMapping,
): boolean {
  let type: string | undefined = resourceType;
  let top = true;
  for (const [index, step] of field.steps.entries()) {
    if (step.kind !== 'member') continue;
    const element: R4Element | undefined =
      type === undefined ? undefined : elementOf(type, step.name);
    if (element === undefined) return false;
    if (element.required) {
      if (top) return true;
      const parents = selectPath(resource, field.steps.slice(0, index));
      if (parents.some((parent) => lacksElement(parent, step.name))) return true;
    }
    top = false;
    type = element.type;
  }
  return false;
}

function lacksElement(parent: unknown, name: string): boolean {
  if (!isRecord(parent)) return false;
  const present = (value: unknown) =>
    value !== undefined && value !== null && (!Array.isArray(value) || value.length > 0);
  return !present(parent[name]) && !present(parent[`_${name}`]);
}

function writeDataAbsent(resource: Record<string, unknown>, field: FhirFieldMapping): void {
  const extension = { extension: [{ url: dataAbsentReasonUrl, valueCode: 'masked' }] };
  const slot = pathSlot(resource, field.steps);
  const complex = elementsOf(slot.type ?? field.elementType) !== undefined;
  if (complex) {
    writePath(resource, field.steps, extension);
    return;
  }

  // A primitive carries extensions in `_name`, an array aligned with the values when it repeats.
  const name = `_${slot.name}`;
  if (slot.index === undefined) {
    slot.owner[name] = extension;
    return;
  }
  const existing = slot.owner[name];
  const array: unknown[] = Array.isArray(existing) ? existing : [];
  while (array.length < slot.index) array.push(null);
  array[slot.index] = extension;
  slot.owner[name] = array;
}

// A deep copy that keeps recorded decimal texts.
function cloneJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return parseFhirJson(stringifyFhirJson(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
