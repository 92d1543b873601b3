import type { DeidModelRules } from './deid-rule.js';
import type { SafeHarbor } from './safe-harbor.js';

/**
 * Applies a model's de-identification rules to one record and returns the de-identified copy.
 * A field that the record lacks stays absent, null stays null, and a field that no rule names
 * is left out, so that a field added to the model later is never passed through unchecked.
 *
 * `birth-year` writes only the year (or null for 90 or older); generated code adds the
 * record's `ageOver89` flag with `harbor.ageOver89`.
 *
 * @example
 * deidentifyRecord(patientDeidRules, { id: 'p1', familyName: 'Doe', birthDate: '1950-03-04' }, harbor);
 * // { id: 'k3q...', birthDate: '1950' }
 */
export function deidentifyRecord(
  rules: DeidModelRules,
  record: Readonly<Record<string, unknown>>,
  harbor: SafeHarbor,
): Record<string, unknown> {
  const output: Record<string, unknown> = {};

  for (const rule of rules.fields) {
    if (!Object.hasOwn(record, rule.field) || rule.action === 'remove') continue;

    const value = record[rule.field];
    if (value === null || value === undefined) {
      output[rule.field] = value;
      continue;
    }

    switch (rule.action) {
      case 'keep':
        output[rule.field] = value;
        break;
      case 'year':
        output[rule.field] = harbor.year(dateValue(value));
        break;
      case 'birth-year':
        output[rule.field] = harbor.birthYear(dateValue(value));
        break;
      case 'zip3':
        output[rule.field] = harbor.zip3(typeof value === 'string' ? value : null);
        break;
      case 'pseudonym':
        output[rule.field] = harbor.pseudonym(rule.model ?? rules.model, String(value));
        break;
    }
  }
  return output;
}

function dateValue(value: unknown): string | Date | null {
  return typeof value === 'string' || value instanceof Date ? value : null;
}
