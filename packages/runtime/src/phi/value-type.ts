import type { DateTime } from './date-time.js';
import type { Decimal } from './decimal.js';
import type { IsoDate } from './iso-date.js';
import type { JsonValue } from './json-value.js';

/** The name of a type that an encrypted field can hold; the envelope records it. */
export type ValueType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'json';

/** The TypeScript type of the values of each `ValueType`. */
export interface ValueTypes {
  string: string;
  integer: number;
  decimal: Decimal;
  boolean: boolean;
  date: IsoDate;
  datetime: DateTime;
  json: JsonValue;
}
