import { HspecRuntimeError } from '../errors/hspec-runtime-error.js';
import { Pseudonymizer } from './pseudonymizer.js';

/** Options of a SafeHarbor. */
export interface SafeHarborOptions {
  /**
   * Three-digit ZIP prefixes whose area held 20,000 people or fewer. The spec's
   * `deidentification.restrictedZip3` list, by default the 17 prefixes HHS published from
   * Census 2000 data.
   */
  readonly restrictedZip3: Iterable<string>;
  /** The date on which ages are computed; defaults to the time the SafeHarbor is created. */
  readonly asOf?: Date;
  /** Source of pseudonyms; defaults to a new in-memory Pseudonymizer. */
  readonly pseudonyms?: Pseudonymizer;
}

/** A calendar date as written, with missing parts as undefined. */
interface DateParts {
  readonly year: number;
  readonly month: number | undefined;
  readonly day: number | undefined;
}

/** A full calendar date. */
interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Age from which Safe Harbor aggregates people into one "90 or older" group. */
const aggregatedAge = 90;

// The date part of a FHIR date, dateTime or instant, or an ISO date: `YYYY`, `YYYY-MM` or
// `YYYY-MM-DD`, followed by anything (a time and zone, which are ignored).
const datePattern = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?![0-9])/;
const zipPattern = /^[0-9]{5}(?:-?[0-9]{4})?$/;

/**
 * The Safe Harbor transformations of 45 CFR 164.514(b)(2) that keep part of a value. They give
 * the year of a date unless it shows an age of 90 or more, the first three digits of a ZIP code,
 * and random pseudonyms for record ids.
 *
 * Dates given as text keep the year as written; a zone offset never moves a date into another
 * year. A `Date` object gives its UTC year.
 *
 * @example
 * const harbor = new SafeHarbor({ restrictedZip3: ['036', '059'], asOf: new Date('2025-01-01') });
 * harbor.year('2019-12-31T23:30:00-05:00'); // '2019'
 * harbor.birthYear('1930-06-01'); // null: 94 on the reference date
 * harbor.year('1930-06-01T10:00:00Z'); // null: anyone alive then is 94 or older
 * harbor.zip3('03601'); // '000'
 */
export class SafeHarbor {
  /** The date on which ages are computed. */
  readonly asOf: Date;
  readonly pseudonyms: Pseudonymizer;
  readonly #restrictedZip3: ReadonlySet<string>;
  /** `asOf` as UTC calendar parts, read for every date. */
  readonly #asOfParts: CalendarDate;

  constructor(options: SafeHarborOptions) {
    const prefixes = new Set<string>();
    for (const prefix of options.restrictedZip3) {
      if (!/^[0-9]{3}$/.test(prefix)) {
        throw new HspecRuntimeError(
          'deid.invalid-option',
          'restrictedZip3 must hold three-digit ZIP prefixes such as "036"',
        );
      }
      prefixes.add(prefix);
    }
    this.#restrictedZip3 = prefixes;

    const asOf = options.asOf ?? new Date();
    if (Number.isNaN(asOf.getTime())) {
      throw new HspecRuntimeError('deid.invalid-option', 'asOf must be a valid Date');
    }
    this.asOf = new Date(asOf.getTime());
    this.#asOfParts = {
      year: asOf.getUTCFullYear(),
      month: asOf.getUTCMonth() + 1,
      day: asOf.getUTCDate(),
    };
    this.pseudonyms = options.pseudonyms ?? new Pseudonymizer();
  }

  /**
   * Returns the year of a date or date-time (`'1970'`), or null when there is no valid one. It
   * also returns null when a person alive on the date would be 90 or older on `asOf`, because
   * Safe Harbor allows no year that shows an age over 89. A partial date counts as the oldest
   * date it allows. This removes the old dates of people who died long ago too.
   */
  year(value: string | Date | null | undefined): string | null {
    const parts = dateParts(value);
    if (parts === undefined || ageOn(parts, this.#asOfParts) >= aggregatedAge) return null;
    return String(parts.year).padStart(4, '0');
  }

  /**
   * Returns the year of a birth date, or null when the person is 90 or older on `asOf`. A
   * partial date counts as the oldest birth date it allows: `1935` as 1 January 1935. This is
   * the rule of `year`, which applies it to every date.
   */
  birthYear(value: string | Date | null | undefined): string | null {
    return this.year(value);
  }

  /** Tells whether a birth date makes the person 90 or older on `asOf`, counting partial dates conservatively. */
  ageOver89(value: string | Date | null | undefined): boolean {
    const parts = dateParts(value);
    if (parts === undefined) return false;
    return ageOn(parts, this.#asOfParts) >= aggregatedAge;
  }

  /**
   * Returns the first three digits of a ZIP code, or null for no value. It returns `000` when
   * the prefix is restricted or the value is not a 5-digit ZIP or a ZIP+4 (`12345-6789` or
   * `123456789`).
   */
  zip3(value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;

    const text = value.trim();
    if (!zipPattern.test(text)) return '000';
    const prefix = text.slice(0, 3);
    return this.#restrictedZip3.has(prefix) ? '000' : prefix;
  }

  /** Returns the random code that stands for a record id of a model in this run. */
  pseudonym(model: string, id: string): string {
    return this.pseudonyms.code(model, id);
  }
}

function dateParts(value: string | Date | null | undefined): DateParts | undefined {
  if (value === null || value === undefined) return undefined;

  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
  }

  const match = datePattern.exec(value.trim());
  if (match === null) return undefined;
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  return { year: Number(match[1]), month, day };
}

/** Age in whole years on a date; a missing month or day counts as the earliest one. */
function ageOn(birth: DateParts, asOf: CalendarDate): number {
  const month = birth.month ?? 1;
  const day = birth.day ?? 1;

  let age = asOf.year - birth.year;
  if (asOf.month < month || (asOf.month === month && asOf.day < day)) age -= 1;
  return age;
}
