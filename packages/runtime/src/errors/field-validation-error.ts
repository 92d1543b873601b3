import { HspecRuntimeError } from './hspec-runtime-error.js';

/** The spec rule that a rejected write breaks. */
export type FieldRule = 'required' | 'pattern' | 'type' | 'enum';

/** Details of a rejected write: which field of which model broke which rule. */
export interface FieldValidationErrorDetails {
  readonly model: string;
  readonly field: string;
  readonly rule: FieldRule;
  /**
   * Description of the valid values, such as `one of female, male, other, unknown`. It comes
   * from the spec and must never quote the rejected value.
   */
  readonly expected?: string | undefined;
}

const ruleMessages: Readonly<Record<FieldRule, string>> = {
  required: 'value is required',
  pattern: 'value does not match the pattern of the spec',
  type: 'value has the wrong type',
  enum: 'value is not one of the allowed values',
};

/**
 * Raised by generated code when a write breaks the spec (a missing required field, a pattern,
 * type or enum mismatch), before the value is encrypted. The message names the model, field and
 * rule, never the value.
 *
 * @example
 * ```ts
 * if (!/^[0-9]{3}-[0-9]{2}-[0-9]{4}$/.test(input.ssn)) {
 *   throw new FieldValidationError({ model: 'Patient', field: 'ssn', rule: 'pattern' });
 * }
 * ```
 */
export class FieldValidationError extends HspecRuntimeError {
  declare readonly code: 'field.invalid';
  readonly model: string;
  readonly field: string;
  readonly rule: FieldRule;
  readonly expected: string | undefined;

  constructor(details: FieldValidationErrorDetails);
  constructor(model: string, field: string, rule: FieldRule, expected?: string);
  constructor(
    detailsOrModel: FieldValidationErrorDetails | string,
    field?: string,
    rule?: FieldRule,
    expected?: string,
  ) {
    // The positional overload requires field and rule, so the casts only narrow the types.
    const details: FieldValidationErrorDetails =
      typeof detailsOrModel === 'string'
        ? { model: detailsOrModel, field: field as string, rule: rule as FieldRule, expected }
        : detailsOrModel;
    const suffix = details.expected === undefined ? '' : `; expected ${details.expected}`;
    super(
      'field.invalid',
      `${details.model}.${details.field}: ${ruleMessages[details.rule]} (rule "${details.rule}")${suffix}`,
    );
    this.model = details.model;
    this.field = details.field;
    this.rule = details.rule;
    this.expected = details.expected;
  }
}
