/**
 * One of the 18 kinds of identifier that Safe Harbor de-identification removes
 * (45 CFR 164.514(b)(2)(i)(A) to (R)).
 */
export type IdentifierKind =
  | 'name'
  | 'geographic'
  | 'date'
  | 'phone'
  | 'fax'
  | 'email'
  | 'ssn'
  | 'medical_record_number'
  | 'health_plan_number'
  | 'account_number'
  | 'license_number'
  | 'vehicle_id'
  | 'device_id'
  | 'url'
  | 'ip_address'
  | 'biometric'
  | 'photo'
  | 'other_id';

/**
 * The 18 Safe Harbor identifier kinds, in the order in which 45 CFR 164.514(b)(2)(i) lists them
 * as items (A) to (R).
 */
export const identifierKinds: readonly IdentifierKind[] = Object.freeze([
  'name',
  'geographic',
  'date',
  'phone',
  'fax',
  'email',
  'ssn',
  'medical_record_number',
  'health_plan_number',
  'account_number',
  'license_number',
  'vehicle_id',
  'device_id',
  'url',
  'ip_address',
  'biometric',
  'photo',
  'other_id',
]);
