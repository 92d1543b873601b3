/**
 * Edit distance between two strings: insertions, deletions, substitutions and swaps of two
 * adjacent characters each count as one edit (optimal string alignment), so that `tabel` is
 * one edit from `table`.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);

  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let distance = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);

      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) distance = Math.min(distance, (beforePrevious[j - 2] ?? 0) + 1);
      current[j] = distance;
    }
    beforePrevious = previous;
    previous = current;
  }

  return previous[b.length] ?? 0;
}

/**
 * Returns the closest candidate to a misspelled name, or undefined when none is close enough
 * (at most a third of the name's length in edits, case differences counting as one edit).
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;

  for (const candidate of [...candidates].sort()) {
    const exactCase = editDistance(name, candidate);
    const folded = editDistance(name.toLowerCase(), candidate.toLowerCase()) + 1;
    const distance = Math.min(exactCase, folded);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }

  return bestDistance <= limit ? best : undefined;
}

/** Appends `; did you mean "X"?` or a list of the valid names to a message. */
export function suggest(message: string, name: string, candidates: readonly string[]): string {
  const match = closestMatch(name, candidates);
  if (match !== undefined) return `${message}; did you mean "${match}"?`;
  if (candidates.length === 0) return message;
  if (candidates.length > 12) return `${message}; expected one of ${candidates.length} known names`;
  return `${message}; expected one of ${candidates.map((c) => `"${c}"`).join(', ')}`;
}
