import type { KeyMaterial } from './key-material.js';
import type { KeyringData } from './keyring-data.js';
import { isKeyId } from './is-key-id.js';

/** Length in bytes of every key: AES-256, the blind-index root key and the audit key alike. */
export const keyLength = 32;

/**
 * Lists what is wrong with keyring data: invalid or duplicate ids, keys that are not 32 bytes,
 * and an active key id that names no key. The audit key is optional. Problems name ids and
 * positions, never key bytes.
 */
export function findKeyringProblems(data: KeyringData): string[] {
  // Data from a custom provider written in JavaScript may not match the types at all.
  if (!Array.isArray(data.keys)) {
    return ['keys: expected an array of keys'];
  }
  if (typeof data.blindIndexKey !== 'object' || data.blindIndexKey === null) {
    return ['blindIndexKey: expected a key'];
  }

  const problems: string[] = [];
  const seenIds = new Set<string>();
  if (data.keys.length === 0) {
    problems.push('keys: at least one key is required');
  }
  data.keys.forEach((material, index) => {
    problems.push(...findKeyMaterialProblems(material, `keys[${index}]`));
    if (seenIds.has(material.id)) {
      problems.push(`keys[${index}].id: duplicate key id ${quoteId(material.id)}`);
    }
    seenIds.add(material.id);
  });

  problems.push(...findKeyMaterialProblems(data.blindIndexKey, 'blindIndexKey'));
  if (seenIds.has(data.blindIndexKey.id)) {
    problems.push(
      `blindIndexKey.id: ${quoteId(data.blindIndexKey.id)} is also the id of a field-encryption key; use a distinct id`,
    );
  }

  if (data.auditKey !== undefined) {
    problems.push(...findAuditKeyProblems(data.auditKey, seenIds, data.blindIndexKey.id));
  }

  if (typeof data.activeKeyId !== 'string' || !isKeyId(data.activeKeyId)) {
    problems.push('activeKeyId: invalid key id');
  } else if (!seenIds.has(data.activeKeyId)) {
    problems.push(`activeKeyId: no key has the id "${data.activeKeyId}"`);
  }
  return problems;
}

function findAuditKeyProblems(
  auditKey: KeyMaterial,
  fieldKeyIds: ReadonlySet<string>,
  blindIndexKeyId: string,
): string[] {
  if (typeof auditKey !== 'object' || auditKey === null) {
    return ['auditKey: expected a key'];
  }

  const problems = findKeyMaterialProblems(auditKey, 'auditKey');
  if (fieldKeyIds.has(auditKey.id) || auditKey.id === blindIndexKeyId) {
    problems.push(
      `auditKey.id: ${quoteId(auditKey.id)} is also the id of another key in the keyring; use a distinct id`,
    );
  }
  return problems;
}

function findKeyMaterialProblems(material: KeyMaterial, path: string): string[] {
  const problems: string[] = [];
  if (typeof material.id !== 'string' || !isKeyId(material.id)) {
    problems.push(
      `${path}.id: invalid key id; expected a letter or digit followed by up to 63 letters, digits, "_", "." or "-"`,
    );
  }
  if (!(material.key instanceof Uint8Array)) {
    problems.push(`${path}.key: expected a Buffer of ${keyLength} bytes`);
  } else if (material.key.length !== keyLength) {
    problems.push(`${path}.key: ${material.key.length} bytes long; expected ${keyLength} bytes`);
  }
  return problems;
}

/** Quotes a valid key id; an invalid one is not echoed, in case a secret was pasted there. */
function quoteId(id: string): string {
  return isKeyId(id) ? `"${id}"` : 'an invalid id';
}
