import type { PhiKind, RestrictedZip3IR } from '../ir/spec-ir.js';
import { readSpecAsset } from './spec-assets.js';

/** One entry of specs/catalogs/identifier-kinds.json. */
export interface IdentifierKindEntry {
  readonly name: PhiKind;
  /** The item letter in 45 CFR 164.514(b)(2)(i), (A) to (R); null for free_text. */
  readonly letter: string | null;
  readonly description: string;
}

/** One entry of specs/catalogs/purpose-of-use.json. */
export interface PurposeOfUseEntry {
  readonly code: string;
  readonly display: string;
}

/** Code system of the purpose-of-use codes (HL7 v3 ActReason). */
export const purposeOfUseSystem = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/** Loads the Safe Harbor identifier kinds that `phi:` accepts. */
export function loadIdentifierKinds(): readonly IdentifierKindEntry[] {
  const catalog = readSpecAsset('catalogs/identifier-kinds.json') as {
    readonly kinds: readonly IdentifierKindEntry[];
  };
  return catalog.kinds;
}

/** Loads the HL7 v3 PurposeOfUse codes that grants and tests may name. */
export function loadPurposeOfUseCodes(): readonly PurposeOfUseEntry[] {
  const catalog = readSpecAsset('catalogs/purpose-of-use.json') as {
    readonly codes: readonly PurposeOfUseEntry[];
  };
  return catalog.codes;
}

/** Loads the restricted three-digit ZIP prefixes of specs/catalogs/restricted-zip3.json. */
export function loadRestrictedZip3(): RestrictedZip3IR {
  const catalog = readSpecAsset('catalogs/restricted-zip3.json') as RestrictedZip3IR;
  return { census: catalog.census, source: catalog.source, prefixes: [...catalog.prefixes].sort() };
}
