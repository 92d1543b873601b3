import type { Writable } from 'node:stream';

/** The output streams of the CLI: results to `out`, problems to `err`. */
export interface CliStreams {
  readonly out: Writable & { readonly isTTY?: boolean };
  readonly err: Writable & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

type Colour = 'red' | 'green' | 'yellow' | 'dim' | 'bold';

const codes: Readonly<Record<Colour, readonly [number, number]>> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/**
 * The one place the CLI prints through: results go to stdout, problems to stderr, colour only
 * on a terminal and never when NO_COLOR is set, and nothing at all in `--json` mode except the
 * JSON document itself.
 */
export class Writer {
  readonly json: boolean;
  readonly #streams: CliStreams;
  readonly #colourOut: boolean;
  readonly #colourErr: boolean;

  constructor(streams: CliStreams, options: { readonly json: boolean }) {
    this.#streams = streams;
    this.json = options.json;

    const allowed = streams.env['NO_COLOR'] === undefined || streams.env['NO_COLOR'] === '';
    this.#colourOut = allowed && streams.out.isTTY === true;
    this.#colourErr = allowed && streams.err.isTTY === true;
  }

  /** Writes a result line to stdout (skipped in JSON mode). */
  line(text: string): void {
    if (!this.json) this.#streams.out.write(`${text}\n`);
  }

  /** Writes a problem line to stderr (skipped in JSON mode, where problems are in the document). */
  problem(text: string): void {
    if (!this.json) this.#streams.err.write(`${text}\n`);
  }

  /** Writes the machine-readable result in JSON mode. */
  document(value: unknown): void {
    if (this.json) this.#streams.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Writes a usage or internal error to stderr, in JSON mode as well. */
  fatal(text: string): void {
    this.#streams.err.write(`${this.paintErr('red', 'error')} ${neutralizeControls(text)}\n`);
  }

  /** Colours text for stdout when colour is allowed there. */
  paint(colour: Colour, text: string): string {
    return this.#colourOut ? wrap(colour, text) : text;
  }

  /** Colours text for stderr when colour is allowed there. */
  paintErr(colour: Colour, text: string): string {
    return this.#colourErr ? wrap(colour, text) : text;
  }
}

/**
 * Replaces control characters from spec text with `\u001b`-style escapes, so that a spec cannot
 * drive the terminal. The writer adds its own colour codes after this runs.
 */
export function neutralizeControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, escapeControl);
}

function escapeControl(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function wrap(colour: Colour, text: string): string {
  const [open, close] = codes[colour];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
