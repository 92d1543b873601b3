import type { FieldIR } from '../ir/spec-ir.js';
import type { ImportList } from './import-list.js';
import { quoteString, unionType } from './typescript-syntax.js';

/** Import specifier of the runtime package that generated code builds on. */
export const runtimeModule = '@hspec/runtime';

/**
 * Returns the type of a field's plain value, as union members: `string` for string, text, uuid
 * and code, the literal values of an enum, and the runtime aliases for decimal, date, datetime
 * and json.
 */
export function plainTypeMembers(field: FieldIR, imports: ImportList): string[] {
  switch (field.type) {
    case 'string':
    case 'text':
    case 'uuid':
    case 'code':
      return ['string'];
    case 'enum':
      return (field.values ?? []).map(quoteString);
    case 'integer':
      return ['number'];
    case 'boolean':
      return ['boolean'];
    case 'decimal':
      return [imports.type(runtimeModule, 'Decimal')];
    case 'date':
      return [imports.type(runtimeModule, 'IsoDate')];
    case 'datetime':
      return [imports.type(runtimeModule, 'DateTime')];
    case 'json':
      return [imports.type(runtimeModule, 'JsonValue')];
  }
}

/**
 * Returns the type of a field in the decrypted record: branded `Phi<T, kind>` for PHI,
 * `Sensitive<T>` for sensitive clinical data, plain otherwise, and `| null` when the field is
 * optional.
 */
export function recordTypeMembers(field: FieldIR, imports: ImportList): string[] {
  const plain = unionType(plainTypeMembers(field, imports));
  let members: string[];
  if (field.phi !== undefined) {
    members = [`${imports.type(runtimeModule, 'Phi')}<${plain}, ${quoteString(field.phi)}>`];
  } else if (field.sensitive) {
    members = [`${imports.type(runtimeModule, 'Sensitive')}<${plain}>`];
  } else {
    members = plainTypeMembers(field, imports);
  }
  return field.optional ? [...members, 'null'] : members;
}

/**
 * Returns the type of a field in the write input: the plain type, so that a branded value read
 * from a record is assignable. An optional field also takes `null` and `undefined`, so callers
 * can pass a possibly missing value even under `exactOptionalPropertyTypes`.
 */
export function inputTypeMembers(field: FieldIR, imports: ImportList): string[] {
  const plain = plainTypeMembers(field, imports);
  return field.optional ? [...plain, 'null', 'undefined'] : plain;
}
