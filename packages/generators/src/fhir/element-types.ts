import type { FieldType } from '../ir/spec-ir.js';

/**
 * The FHIR primitive types that can hold each field type in both directions. A type is listed
 * only when every value of the field has a FHIR spelling that reads back to the same value:
 *
 * - `string` also goes to `code`, `id`, `uri`, `url` and `canonical`, whose formats are narrower.
 *   An `id` is 1 to 64 of `A-Za-z0-9-.`, and a `code` has no leading, trailing or double spaces.
 *   A value outside that format fails R4 validation on the way out. `oid` and `uuid` are left
 *   out because they need a `urn:oid:` or `urn:uuid:` prefix that a plain string lacks.
 * - `text` is free text that may span lines, which only `string` and `markdown` hold.
 * - `uuid` fits `string`, `id` (36 characters of hex and `-`) and `uri` (a relative reference).
 * - `code` and `enum` go to `code` or `string`; a value map turns enum values into codes.
 * - `integer` goes to the integer types; `positiveInt` (at least 1) and `unsignedInt` (at least 0)
 *   reject smaller values on the way out.
 * - `date` also fits `dateTime`, which may carry a date alone; a `dateTime` that carries a time
 *   does not fit a date field on the way in.
 * - `datetime` goes to `dateTime` or `instant`, which carry a time with a time zone offset.
 * - `json` holds arbitrary structure, which no primitive element holds.
 */
export const ELEMENT_TYPES_BY_FIELD_TYPE: Readonly<Record<FieldType, readonly string[]>> = {
  string: ['string', 'markdown', 'code', 'id', 'uri', 'url', 'canonical'],
  text: ['string', 'markdown'],
  uuid: ['string', 'id', 'uri'],
  code: ['code', 'string'],
  enum: ['code', 'string'],
  integer: ['integer', 'positiveInt', 'unsignedInt'],
  decimal: ['decimal'],
  boolean: ['boolean'],
  date: ['date', 'dateTime'],
  datetime: ['dateTime', 'instant'],
  json: [],
};

/** Tells whether an element of a FHIR primitive type can hold a field of a spec field type. */
export function canHoldFieldType(elementType: string, fieldType: FieldType): boolean {
  return ELEMENT_TYPES_BY_FIELD_TYPE[fieldType].includes(elementType);
}
