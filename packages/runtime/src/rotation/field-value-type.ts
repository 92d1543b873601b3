import type { ValueType } from '../phi/value-type.js';

/** The field types of the spec, as generated model tables and the spec IR name them. */
export type SpecFieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'uuid'
  | 'enum'
  | 'code'
  | 'json';

const valueTypes: Readonly<Record<SpecFieldType, ValueType>> = {
  string: 'string',
  text: 'string',
  uuid: 'string',
  code: 'string',
  enum: 'string',
  integer: 'integer',
  decimal: 'decimal',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  json: 'json',
};

/**
 * Returns the `FieldCipher` value type that generated code encrypts a field of this spec type
 * as, or undefined for a name that is not a spec field type.
 */
export function fieldValueType(type: string): ValueType | undefined {
  return Object.hasOwn(valueTypes, type) ? valueTypes[type as SpecFieldType] : undefined;
}
