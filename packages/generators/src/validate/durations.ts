import type { DurationSeconds, RetentionIR } from '../ir/spec-ir.js';

const secondsPerUnit: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Days per retention unit, rounded up (a year is 366 days, a month 31) to never prune early. */
const maxDaysPerUnit: Readonly<Record<RetentionIR['unit'], number>> = { y: 366, m: 31, d: 1 };

/** Parses a duration such as `15m`, `12h` or `90d` to seconds; undefined when malformed. */
export function parseDuration(text: string): DurationSeconds | undefined {
  const match = /^([0-9]+)(s|m|h|d)$/.exec(text);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = secondsPerUnit[match[2] ?? ''];
  if (unit === undefined || !Number.isSafeInteger(amount * unit)) return undefined;
  return amount * unit;
}

/** Parses a retention such as `6y`, `72m` or `2192d`; undefined when malformed. */
export function parseRetention(text: string): RetentionIR | undefined {
  const match = /^([0-9]+)(y|m|d)$/.exec(text);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] as RetentionIR['unit'];
  const days = amount * maxDaysPerUnit[unit];
  if (!Number.isSafeInteger(days)) return undefined;
  return { amount, unit, days };
}

/**
 * Tells whether a retention keeps records for the six years of 45 CFR 164.316(b)(2), counted
 * in calendar terms: 6y, 72m, or 2192 days (six years of 365.25 days).
 */
export function meetsSixYears(retention: RetentionIR): boolean {
  if (retention.unit === 'y') return retention.amount >= 6;
  if (retention.unit === 'm') return retention.amount >= 72;
  return retention.amount >= 2192;
}
