import type { FieldIR } from '../ir/spec-ir.js';
import { sentence } from './doc-comment.js';

/**
 * Writes the one-sentence doc comment of a field in the decrypted record: the spec
 * `description` where there is one, followed by how the field is protected, so a PHI field
 * always states its identifier kind. Returns undefined for a plain field with nothing to add
 * to its name.
 */
export function fieldDoc(field: FieldIR): string | undefined {
  const protection = describeProtection(field);
  if (field.description !== undefined && field.description.trim() !== '') {
    if (protection === undefined) {
      return sentence(field.description);
    }
    return `${field.description.trim().replace(/\.$/, '')} (${protection}).`;
  }

  const subject = describeRole(field);
  if (subject === undefined) {
    return protection === undefined ? undefined : `${upperFirst(protection)}.`;
  }
  return protection === undefined ? `${subject}.` : `${subject}, ${protection}.`;
}

function describeProtection(field: FieldIR): string | undefined {
  let protection: string | undefined;
  if (field.phi === 'free_text') {
    protection = 'free text that may contain PHI, encrypted at rest';
  } else if (field.phi !== undefined) {
    protection = `PHI of identifier kind ${field.phi}, encrypted at rest`;
  } else if (field.sensitive) {
    protection = 'sensitive clinical data, encrypted at rest';
  }

  if (field.lookup === 'exact') {
    const lookup = 'searchable by exact match through a blind index';
    return protection === undefined ? lookup : `${protection} and ${lookup}`;
  }
  return protection;
}

function describeRole(field: FieldIR): string | undefined {
  if (field.primaryKey) {
    return 'Primary key';
  }
  if (field.references !== undefined) {
    return `Primary key of the referenced ${field.references}`;
  }
  if (field.system !== undefined) {
    return `Code from ${field.system}`;
  }
  return undefined;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
