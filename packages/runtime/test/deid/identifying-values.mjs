// Collects identifying values from FHIR JSON and finds them in de-identified output. Shared by
// the de-identification tests and the CI acceptance run on the reference FHIR data, so both scan
// by the same rules.

/**
 * Collects every identifying value of FHIR JSON by element shape, whatever the resource type:
 * HumanName parts, Identifier values, Address lines and cities, ContactPoint values, and every
 * date or date-time with a month.
 *
 * `cities: false` leaves city names out, for output in which a spec keeps organization names
 * that contain one ("Boston Medical Center"); the caller then checks for `city` elements.
 *
 * @param {unknown} node
 * @param {Set<string>} [found]
 * @param {{ cities?: boolean }} [options]
 * @returns {Set<string>}
 */
export function identifyingValues(node, found = new Set(), options = {}) {
  if (Array.isArray(node)) {
    for (const item of node) identifyingValues(item, found, options);
    return found;
  }
  if (typeof node === 'string') {
    if (/^[0-9]{4}-[0-9]{2}/.test(node)) found.add(node);
    return found;
  }
  if (typeof node !== 'object' || node === null) return found;

  const record = /** @type {Record<string, unknown>} */ (node);
  const looksLikeName = 'family' in record || ('given' in record && Array.isArray(record['given']));
  if (looksLikeName) {
    for (const key of ['family', 'given', 'prefix', 'suffix', 'text']) addStrings(record[key], found);
  }
  if ('value' in record && ('system' in record || 'type' in record) && typeof record['value'] === 'string') {
    found.add(record['value']);
  }
  if ('line' in record || 'city' in record) {
    addStrings(record['line'], found);
    if (options.cities !== false) addStrings(record['city'], found);
  }
  for (const value of Object.values(record)) identifyingValues(value, found, options);
  return found;
}

/**
 * @param {unknown} value
 * @param {Set<string>} found
 */
function addStrings(value, found) {
  if (typeof value === 'string') found.add(value);
  if (Array.isArray(value)) for (const item of value) addStrings(item, found);
}

/** A UUID, the form of the random codes that stand for ids in references and fullUrls. */
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A 20-character base32 code, the form of the other random codes. */
const base32CodePattern = /(?<![a-z2-7])[a-z2-7]{20}(?![a-z2-7])/g;

/**
 * Returns the values that occur in serialized JSON: as a substring, or for values shorter than
 * four characters (such as a 3-digit NPI) as an element `"value":"590"`, because codes hold
 * such short texts by chance (CVX vaccine code "140").
 *
 * Random codes contain short digit runs by chance too: the de-identified output of a Synthea
 * Bundle had a given birth year inside one of its UUIDs in 5 of 200 runs. So a value that is
 * not itself a UUID is looked for in the text with every UUID and base32 code taken out. A UUID
 * value, such as an original id or MRN, is looked for in the whole text.
 *
 * @param {string} text
 * @param {Iterable<string>} values
 * @returns {string[]}
 */
export function valuesIn(text, values) {
  const withoutCodes = text.replace(uuidPattern, '<uuid>').replace(base32CodePattern, '<code>');
  return [...values].filter((value) => {
    if (value.length < 4) return text.includes(`"value":${JSON.stringify(value)}`);
    const isUuid = new RegExp(`^${uuidPattern.source}$`, 'i').test(value);
    return (isUuid ? text : withoutCodes).includes(value);
  });
}
