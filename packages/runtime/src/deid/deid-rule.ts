import type { PhiKind } from '../phi/phi-kind.js';

/**
 * What Safe Harbor de-identification does with one model field, decided by the generator from
 * the field's identifier kind, type and FHIR mapping.
 *
 * - `keep`: not an identifier (plain or `sensitive` clinical data); the value is kept.
 * - `remove`: an identifier or free text; the field is absent from the output.
 * - `year`: a date or date-time; only its year is kept (`'1970'`).
 * - `birth-year`: a birth date, whose year is kept. When the age it gives on the run's reference
 *   date is 90 or more, it is null instead and the record falls in the 90-or-older group.
 * - `zip3`: a ZIP code; its first three digits are kept, or `000` for a restricted prefix.
 * - `pseudonym`: a primary key or a reference to one; replaced by a random code that is the same
 *   for the same record within one run (or one linkage store).
 */
export type DeidAction = 'keep' | 'remove' | 'year' | 'birth-year' | 'zip3' | 'pseudonym';

export interface DeidFieldRule {
  readonly field: string;
  readonly action: DeidAction;
  /** The identifier kind behind a `remove`, `year`, `birth-year` or `zip3`. */
  readonly kind: PhiKind | undefined;
  /** For `pseudonym`: the model whose primary key the value is (the model itself for its key). */
  readonly model: string | undefined;
}

/** The de-identification rules of one model. */
export interface DeidModelRules {
  readonly model: string;
  readonly fields: readonly DeidFieldRule[];
}
