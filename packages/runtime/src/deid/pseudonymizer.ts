import { randomFillSync } from 'node:crypto';

import type { LinkageStore } from './linkage-store.js';
import { UuidCodeTable, uuidBytes, uuidText } from './uuid-code-table.js';

/** Options of a Pseudonymizer. */
export interface PseudonymizerOptions {
  /**
   * Storage that keeps codes between runs. Without a store, every run draws new codes, so two
   * runs cannot be linked.
   */
  readonly store?: LinkageStore;
}

const base32Alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
/** 20 base32 characters carry 100 random bits. */
const codeLength = 20;
const poolSize = 4096;

/**
 * Random codes that stand for record ids. A code is drawn from node:crypto and never derived
 * from the id, so that it cannot be reversed (45 CFR 164.514(c) allows a re-identification code
 * only when it is not derived from information about the person). The same namespace and id
 * get the same code for the life of the Pseudonymizer, or of its linkage store.
 *
 * Memory grows with the distinct ids only. A lowercase UUID id, the form of most FHIR exports,
 * takes 45 to 90 bytes with its code in a packed table. An id in any other form takes a map
 * entry of its text and code, a few hundred bytes.
 *
 * @example
 * const pseudonyms = new Pseudonymizer();
 * pseudonyms.code('Patient', 'p-1') === pseudonyms.code('Patient', 'p-1'); // true
 */
export class Pseudonymizer {
  readonly #store: LinkageStore | undefined;
  readonly #codes = new Map<string, Map<string, string>>();
  readonly #uuidTables = new Map<string, UuidCodeTable>();
  readonly #key = new Uint8Array(16);
  readonly #value = new Uint8Array(16);
  readonly #pool = Buffer.alloc(poolSize);
  #poolOffset = poolSize;
  #size = 0;

  constructor(options: PseudonymizerOptions = {}) {
    this.#store = options.store;
  }

  /** Returns the code of an id in a namespace (a model or resource type): 20 base32 characters. */
  code(namespace: string, id: string): string {
    return this.#codeOf(namespace, id, 'code');
  }

  /**
   * Returns a random UUID that stands for an id in a namespace, for places whose syntax needs a
   * UUID, such as `urn:uuid:` references in a Bundle.
   */
  uuid(namespace: string, id: string): string {
    return this.#codeOf(namespace, id, 'uuid');
  }

  /** The number of distinct ids that have a code in memory. */
  get size(): number {
    return this.#size;
  }

  #codeOf(namespace: string, id: string, form: CodeForm): string {
    if (uuidBytes(id, this.#key)) {
      const code = this.#uuidCodeOf(namespace, form);
      if (code !== undefined) return code;
    }

    let codes = this.#codes.get(namespace);
    if (codes === undefined) {
      codes = new Map();
      this.#codes.set(namespace, codes);
    }
    const known = codes.get(id);
    if (known !== undefined) return known;

    let code = this.#store?.get(namespace, id);
    if (code === undefined) {
      this.#drawValue(form);
      code = textOf(this.#value, form);
      this.#store?.put(namespace, id, code);
    }
    codes.set(id, code);
    this.#size += 1;
    return code;
  }

  // Returns the code of the UUID in #key from the packed table. Returns undefined when the
  // linkage store has a code that the table cannot pack (one written in another form), which
  // the map then keeps.
  #uuidCodeOf(namespace: string, form: CodeForm): string | undefined {
    let table = this.#uuidTables.get(namespace);
    if (table === undefined) {
      table = new UuidCodeTable();
      this.#uuidTables.set(namespace, table);
    }
    if (table.get(this.#key, this.#value)) return textOf(this.#value, form);

    const store = this.#store;
    const id = store === undefined ? undefined : uuidText(this.#key);
    const stored = id === undefined ? undefined : store?.get(namespace, id);
    if (stored !== undefined) {
      if (!bytesOf(stored, form, this.#value)) return undefined;
    } else {
      this.#drawValue(form);
      if (id !== undefined) store?.put(namespace, id, textOf(this.#value, form));
    }
    table.add(this.#key, this.#value);
    this.#size += 1;
    return textOf(this.#value, form);
  }

  // Fills #value with 16 random bytes; a UUID gets the version 4 and variant bits.
  #drawValue(form: CodeForm): void {
    if (this.#poolOffset + 16 > poolSize) {
      randomFillSync(this.#pool);
      this.#poolOffset = 0;
    }
    this.#value.set(this.#pool.subarray(this.#poolOffset, this.#poolOffset + 16));
    this.#poolOffset += 16;
    if (form === 'uuid') {
      this.#value[6] = (this.#value[6]! & 0x0f) | 0x40;
      this.#value[8] = (this.#value[8]! & 0x3f) | 0x80;
    }
  }
}

type CodeForm = 'code' | 'uuid';

/** Formats 16 stored bytes as a UUID, or as 20 base32 characters from their first 100 bits. */
function textOf(value: Uint8Array, form: CodeForm): string {
  if (form === 'uuid') return uuidText(value);
  const characters = new Array<number>(codeLength);
  for (let index = 0; index < codeLength; index += 1) {
    const bit = index * 5;
    const pair = (value[bit >> 3]! << 8) | value[(bit >> 3) + 1]!;
    characters[index] = base32Alphabet.charCodeAt((pair >> (11 - (bit & 7))) & 31);
  }
  return String.fromCharCode(...characters);
}

/** Reads a code back into 16 bytes, so that `textOf` gives the same text; false for other text. */
function bytesOf(text: string, form: CodeForm, target: Uint8Array): boolean {
  if (form === 'uuid') return uuidBytes(text, target);
  if (text.length !== codeLength) return false;
  target.fill(0);
  for (let index = 0; index < codeLength; index += 1) {
    const digit = base32Alphabet.indexOf(text[index]!);
    if (digit < 0) return false;
    const bit = index * 5;
    const pair = digit << (11 - (bit & 7));
    const byte = bit >> 3;
    target[byte] = target[byte]! | (pair >> 8);
    target[byte + 1] = target[byte + 1]! | (pair & 0xff);
  }
  return true;
}
