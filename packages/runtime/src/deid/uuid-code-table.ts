/**
 * A hash table from lowercase UUIDs to 16 random bytes, packed into typed arrays: 33 bytes a
 * slot, at most three quarters of the slots used, so about 45 to 90 bytes an id. A `Map` of
 * strings costs about 350 bytes for the same pair in Node 20, and most ids of real FHIR exports
 * are UUIDs, so this table is what keeps `hspec deid` within a few dozen bytes per distinct id.
 * Ids in other forms go to an ordinary map in the caller.
 */
export class UuidCodeTable {
  #capacity = 1024;
  #count = 0;
  #keys = new Uint8Array(this.#capacity * 16);
  #values = new Uint8Array(this.#capacity * 16);
  #used = new Uint8Array(this.#capacity);

  /** The number of UUIDs in the table. */
  get size(): number {
    return this.#count;
  }

  /** Copies the 16 bytes stored for a UUID into `target`; returns false when it has none. */
  get(uuid: Uint8Array, target: Uint8Array): boolean {
    const slot = this.#find(uuid);
    if (this.#used[slot] === 0) return false;
    target.set(this.#values.subarray(slot * 16, slot * 16 + 16));
    return true;
  }

  /** Stores 16 bytes for a UUID that the table does not hold yet. */
  add(uuid: Uint8Array, value: Uint8Array): void {
    if ((this.#count + 1) * 4 > this.#capacity * 3) this.#grow();
    const slot = this.#find(uuid);
    this.#used[slot] = 1;
    this.#keys.set(uuid, slot * 16);
    this.#values.set(value, slot * 16);
    this.#count += 1;
  }

  // Linear probing from an FNV-1a hash of the 16 bytes. Returns the slot of the key, or the
  // empty slot where it would go.
  #find(uuid: Uint8Array): number {
    let hash = 0x811c9dc5;
    for (let index = 0; index < 16; index += 1) {
      hash = Math.imul(hash ^ uuid[index]!, 0x01000193);
    }
    const mask = this.#capacity - 1;
    let slot = (hash >>> 0) & mask;
    while (this.#used[slot] === 1 && !this.#keyAt(slot, uuid)) slot = (slot + 1) & mask;
    return slot;
  }

  #keyAt(slot: number, uuid: Uint8Array): boolean {
    const offset = slot * 16;
    for (let index = 0; index < 16; index += 1) {
      if (this.#keys[offset + index] !== uuid[index]) return false;
    }
    return true;
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    const used = this.#used;
    const oldCapacity = this.#capacity;

    this.#capacity = oldCapacity * 2;
    this.#keys = new Uint8Array(this.#capacity * 16);
    this.#values = new Uint8Array(this.#capacity * 16);
    this.#used = new Uint8Array(this.#capacity);
    this.#count = 0;
    for (let slot = 0; slot < oldCapacity; slot += 1) {
      if (used[slot] === 0) continue;
      this.add(keys.subarray(slot * 16, slot * 16 + 16), values.subarray(slot * 16, slot * 16 + 16));
    }
  }
}

const hexDigits = '0123456789abcdef';
const lowercaseUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Writes the 16 bytes of a lowercase UUID into `target` and returns true, or returns false for
 * any other text. Upper-case UUIDs are other ids to FHIR, whose ids are case-sensitive, so they
 * are not folded in.
 */
export function uuidBytes(text: string, target: Uint8Array): boolean {
  if (text.length !== 36 || !lowercaseUuid.test(text)) return false;
  for (let byte = 0; byte < 16; byte += 1) {
    const position = bytePositions[byte]!;
    target[byte] = hexValue(text.charCodeAt(position)) * 16 + hexValue(text.charCodeAt(position + 1));
  }
  return true;
}

// Offset of the two hex digits of each byte in `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
const bytePositions = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

function hexValue(code: number): number {
  // '0' to '9' are 48 to 57, 'a' to 'f' are 97 to 102; the pattern has ruled out the rest.
  return code <= 57 ? code - 48 : code - 87;
}

/** Formats 16 bytes as a lowercase UUID. */
export function uuidText(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < 16; index += 1) {
    if (index === 4 || index === 6 || index === 8 || index === 10) text += '-';
    const byte = bytes[index]!;
    text += hexDigits[byte >> 4]! + hexDigits[byte & 15]!;
  }
  return text;
}
