import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readLastLine } from './read-last-line.js';

/** One line of a JSON Lines file. */
export interface JsonlLine {
  readonly text: string;
  /** Line number, from 1. */
  readonly number: number;
  /** False for a last line that does not end in a newline: a write was cut off there. */
  readonly complete: boolean;
}

/** Reads a JSON Lines file line by line, streaming; yields nothing when the file does not exist. */
export async function* readJsonlLines(path: string): AsyncGenerator<JsonlLine> {
  const tail = await readLastLine(path);
  if (!tail.exists || tail.size === 0) {
    return;
  }

  // Only the stream's first `size` bytes are read, so an append racing with the read cannot
  // end the read in the middle of a line.
  const input = createReadStream(path, { encoding: 'utf8', start: 0, end: tail.size - 1 });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let previous: string | undefined;
  let number = 0;
  try {
    for await (const text of lines) {
      if (previous !== undefined) {
        yield { text: previous, number, complete: true };
      }
      previous = text;
      number += 1;
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (previous !== undefined) {
    yield { text: previous, number, complete: !tail.torn };
  }
}
