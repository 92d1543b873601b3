/**
 * Exact digits of FHIR decimals. A FHIR `decimal` keeps its precision in its text (`1.50` is
 * not `1.5`), but a JavaScript number loses it. So the digits are kept beside the number: each
 * object or array that contains such a number carries a record from key to text, under a
 * non-enumerable symbol key. The element itself stays a `number`, so the resource still has its
 * `fhir4` type.
 *
 * `JSON.stringify`, spreading and `structuredClone` ignore the record, and `stringifyFhirJson`
 * writes it back. A recorded text counts only while the element still contains the number that
 * the text denotes, so assigning a new number to the element drops the old digits.
 */

const decimalTexts = Symbol('hspec.decimalTexts');

type DecimalRecord = Map<string, string>;

// A JSON number, which is what R4's decimal grammar allows.
const jsonNumber = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * Returns the recorded text of the decimal at `container[key]`, or undefined when none was
 * recorded or the element no longer contains the number that the text denotes.
 */
export function decimalText(container: object, key: string | number): string | undefined {
  const record = recordOf(container);
  const text = record?.get(String(key));
  if (text === undefined) return undefined;

  const current = (container as Record<string, unknown>)[String(key)];
  return Object.is(current, Number(text)) ? text : undefined;
}

/**
 * Sets `container[key]` to the number that `text` denotes and records the text, so that
 * `stringifyFhirJson` writes `1.50` and not `1.5`. Throws a RangeError when the text is not a
 * JSON number.
 */
export function setDecimalText(container: object, key: string | number, text: string): void {
  if (!jsonNumber.test(text)) {
    throw new RangeError('decimal text must be a JSON number, such as 12.50 or -0.001');
  }

  (container as Record<string, unknown>)[String(key)] = Number(text);
  recordText(container, key, text);
}

/**
 * Records the text of a number that is already in place when its shortest form differs, and
 * otherwise deletes any text recorded earlier for the same key (a repeated JSON key).
 */
export function recordDecimalText(container: object, key: string | number, text: string): void {
  if (String(Number(text)) !== text) {
    recordText(container, key, text);
    return;
  }
  recordOf(container)?.delete(String(key));
}

/** Tells whether a text is a JSON number, which is the grammar of an R4 decimal. */
export function isJsonNumberText(text: string): boolean {
  return jsonNumber.test(text);
}

function recordText(container: object, key: string | number, text: string): void {
  let record = recordOf(container);
  if (record === undefined) {
    record = new Map();
    Object.defineProperty(container, decimalTexts, { value: record, enumerable: false });
  }
  record.set(String(key), text);
}

function recordOf(container: object): DecimalRecord | undefined {
  return (container as { [decimalTexts]?: DecimalRecord })[decimalTexts];
}
