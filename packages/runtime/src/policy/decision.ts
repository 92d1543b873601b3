import type { Scope } from './action.js';

/** Why a decision came out as it did; stable codes that audit records carry. */
export type DecisionReason =
  | 'granted'
  | 'granted-emergency'
  | 'unknown-role'
  | 'unknown-action'
  | 'unknown-model'
  | 'unknown-purpose'
  | 'purpose-required'
  | 'purpose-not-granted'
  | 'reason-required'
  | 'no-grant'
  | 'out-of-scope'
  | 'deidentified-only';

/** The outcome of an access check. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: DecisionReason;
  /** Fields the request may read or write, in model field order; empty when denied. */
  readonly fields: readonly string[];
  /** True when break-glass grants took part: the access is audited with its reason and alerts. */
  readonly emergency: boolean;
  /**
   * True when the role is de-identified: the caller must return only the Safe Harbor projection
   * (45 CFR 164.514(b)(2)) of `fields`, never the fields themselves. False on every denial.
   */
  readonly deidentified: boolean;
  /**
   * Without a record: the scopes whose rows the request may touch, for a query's WHERE clause.
   * With a record: the scopes that matched it.
   */
  readonly scopes: readonly Scope[];
}
