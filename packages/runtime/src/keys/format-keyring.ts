import type { KeyMaterial } from './key-material.js';
import type { KeyringData } from './keyring-data.js';

/** Formats keyring data as the JSON of a keyring file, version 1, ending in a newline. */
export function formatKeyring(data: KeyringData): string {
  const document: Record<string, unknown> = {
    version: 1,
    activeKeyId: data.activeKeyId,
    keys: data.keys.map(formatKeyMaterial),
    blindIndexKey: formatKeyMaterial(data.blindIndexKey),
  };
  if (data.auditKey !== undefined) {
    document['auditKey'] = formatKeyMaterial(data.auditKey);
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

function formatKeyMaterial(material: KeyMaterial): Record<string, string> {
  const entry: Record<string, string> = { id: material.id };
  if (material.createdAt !== undefined) {
    entry['createdAt'] = material.createdAt;
  }
  entry['key'] = material.key.toString('base64');
  return entry;
}
