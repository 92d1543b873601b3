// Value grammars of the R4 (4.0.1) primitive types, from the regex of each type's definition
// (http://hl7.org/fhir/R4/datatypes.html#primitive).
const year = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const month = '(0[1-9]|1[0-2])';
const day = '(0[1-9]|[1-2][0-9]|3[0-1])';
const time = '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?';
const offset = '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';

const patterns: Readonly<Record<string, RegExp>> = {
  date: new RegExp(`^${year}(-${month}(-${day})?)?$`),
  dateTime: new RegExp(`^${year}(-${month}(-${day}(T${time}${offset})?)?)?$`),
  instant: new RegExp(`^${year}-${month}-${day}T${time}${offset}$`),
  time: new RegExp(`^${time}$`),
  code: /^[^\s]+(\s[^\s]+)*$/,
  id: /^[A-Za-z0-9\-.]{1,64}$/,
  oid: /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/,
  uuid: /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  uri: /^\S+$/,
  url: /^\S+$/,
  canonical: /^\S+$/,
  string: /^[ \r\n\t\S]+$/,
  markdown: /^[ \r\n\t\S]+$/,
  base64Binary: /^(\s*([0-9a-zA-Z+/=]){4}\s*)+$/,
};

const formats: Readonly<Record<string, string>> = {
  date: 'a date (YYYY, YYYY-MM or YYYY-MM-DD)',
  dateTime: 'a dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a time zone)',
  instant: 'an instant (YYYY-MM-DDThh:mm:ss with a time zone)',
  time: 'a time (hh:mm:ss)',
  code: 'a code (no leading, trailing or double whitespace)',
  id: 'an id (1 to 64 letters, digits, - and .)',
  oid: 'an oid (urn:oid:1.2.3)',
  uuid: 'a uuid (urn:uuid: and lowercase hex)',
  base64Binary: 'base64 text',
};

/**
 * Checks a JSON value against an R4 primitive type and returns what is wrong, in words that
 * never quote the value, or undefined when it is valid. Types that are not primitives pass.
 */
export function primitiveProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `expected a boolean, got ${jsonTypeOf(value)}`;
    case 'integer':
      return integerProblem(value, -2_147_483_648);
    case 'unsignedInt':
      return integerProblem(value, 0);
    case 'positiveInt':
      return integerProblem(value, 1);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `expected a decimal number, got ${jsonTypeOf(value)}`;
    default:
      return stringProblem(type, value);
  }
}

/** Names the JSON type of a value for a message (`a string`, `an array`), never the value. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

function integerProblem(value: unknown, minimum: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `expected an integer, got ${jsonTypeOf(value)}`;
  }
  if (value < minimum || value > 2_147_483_647) {
    return `expected an integer from ${minimum} to 2147483647`;
  }
  return undefined;
}

function stringProblem(type: string, value: unknown): string | undefined {
  const pattern = patterns[type];
  if (pattern === undefined) return undefined;
  if (typeof value !== 'string') return `expected a string, got ${jsonTypeOf(value)}`;
  if (pattern.test(value)) return calendarProblem(type, value);
  if (value === '') return 'FHIR does not allow an empty string; leave the value out instead';
  return `expected ${formats[type] ?? `a valid ${type}`}`;
}

// The grammar allows day 31 in every month, so a date such as February 30 needs the calendar.
function calendarProblem(type: string, value: string): string | undefined {
  if (type !== 'date' && type !== 'dateTime' && type !== 'instant') return undefined;
  if (value.length < 10) return undefined;
  const yearNumber = Number(value.slice(0, 4));
  const monthNumber = Number(value.slice(5, 7));
  const dayNumber = Number(value.slice(8, 10));
  const daysInMonth = new Date(Date.UTC(yearNumber, monthNumber, 0)).getUTCDate();
  // Date.UTC maps years 0 to 99 to 1900 to 1999; February is the only month that differs.
  const days = yearNumber < 100 && monthNumber === 2 ? februaryDays(yearNumber) : daysInMonth;
  return dayNumber <= days ? undefined : `expected ${formats[type]} that names a real day`;
}

function februaryDays(year: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}
