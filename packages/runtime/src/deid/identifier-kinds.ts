import type { IdentifierKind } from '../phi/identifier-kind.js';

// Identifier type codes of HL7 v2 table 0203, by the Safe Harbor kind they fall under.
const typeCodeKinds: Readonly<Record<string, IdentifierKind>> = {
  SS: 'ssn',
  SSN: 'ssn',
  MR: 'medical_record_number',
  MRT: 'medical_record_number',
  PI: 'medical_record_number',
  PT: 'medical_record_number',
  MB: 'health_plan_number',
  SN: 'health_plan_number',
  MA: 'health_plan_number',
  MC: 'health_plan_number',
  NH: 'health_plan_number',
  NIIP: 'health_plan_number',
  AN: 'account_number',
  BA: 'account_number',
  BC: 'account_number',
  DL: 'license_number',
  LN: 'license_number',
  MD: 'license_number',
  DEA: 'license_number',
  NP: 'license_number',
  RN: 'license_number',
  UDI: 'device_id',
  SNO: 'device_id',
};

const systemKinds: Readonly<Record<string, IdentifierKind>> = {
  'http://hl7.org/fhir/sid/us-ssn': 'ssn',
  'http://hl7.org/fhir/sid/us-medicare': 'health_plan_number',
};

// Identifiers of these resources name a plan membership, an account or a device.
const resourceKinds: Readonly<Record<string, IdentifierKind>> = {
  Coverage: 'health_plan_number',
  Account: 'account_number',
  Device: 'device_id',
};

/**
 * Returns the Safe Harbor kind of an Identifier for the summary. The type code decides first,
 * then the system, then the resource it belongs to, and `other_id` is the fallback.
 */
export function identifierKindOf(identifier: unknown, resourceType: string): IdentifierKind {
  if (isRecord(identifier)) {
    for (const coding of codingsOf(identifier['type'])) {
      const kind = typeof coding['code'] === 'string' ? typeCodeKinds[coding['code']] : undefined;
      if (kind !== undefined) return kind;
    }
    const system = identifier['system'];
    if (typeof system === 'string' && systemKinds[system] !== undefined) return systemKinds[system];
  }
  return resourceKinds[resourceType] ?? 'other_id';
}

/** Returns the Safe Harbor kind of a ContactPoint by its `system`. */
export function contactPointKindOf(contactPoint: unknown): IdentifierKind {
  const system = isRecord(contactPoint) ? contactPoint['system'] : undefined;
  switch (system) {
    case 'fax':
      return 'fax';
    case 'email':
      return 'email';
    case 'url':
      return 'url';
    case 'phone':
    case 'sms':
    case 'pager':
      return 'phone';
    default:
      return 'other_id';
  }
}

/** Returns the codings of a CodeableConcept, or none. */
export function codingsOf(concept: unknown): readonly Record<string, unknown>[] {
  if (!isRecord(concept) || !Array.isArray(concept['coding'])) return [];
  return concept['coding'].filter(isRecord);
}

/** Tells whether a value is a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
