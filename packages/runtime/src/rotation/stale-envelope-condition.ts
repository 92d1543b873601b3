import { envelopeLayout } from '../crypto/envelope-layout.js';
import { quoteIdentifier } from './quote-identifier.js';

/** A SQL condition with its positional parameters. */
export interface SqlCondition {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * Builds the condition that matches rows in which any of the columns contains a value that is not
 * an envelope under the active key. It compares a `substr` prefix instead of using `LIKE`,
 * because `_` in a key id is a `LIKE` wildcard and SQLite's `LIKE` ignores ASCII case.
 */
export function staleEnvelopeCondition(
  columns: readonly string[],
  activeKeyId: string,
): SqlCondition {
  const prefix = `${envelopeLayout.prefix}${activeKeyId}:`;
  const tests = columns.map((column) => {
    const name = quoteIdentifier(column);
    return `(${name} IS NOT NULL AND substr(${name}, 1, ?) <> ?)`;
  });

  return {
    sql: `(${tests.join(' OR ')})`,
    parameters: columns.flatMap(() => [prefix.length, prefix]),
  };
}
