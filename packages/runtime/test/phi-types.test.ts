import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  identifierKinds,
  type BlindIndex,
  type Envelope,
  type FieldCipher,
  type FieldContext,
  type IdentifierKind,
  type Phi,
  type PhiKind,
  type Sensitive,
  type ValueTypes,
} from '../src/index.js';

describe('identifierKinds', () => {
  it('lists the 18 Safe Harbor kinds in regulation order', () => {
    expect(identifierKinds).toEqual([
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
  });

  it('cannot be changed at runtime', () => {
    expect(Object.isFrozen(identifierKinds)).toBe(true);
  });
});

describe('brand types', () => {
  it('a PHI value is still usable as its plain type', () => {
    expectTypeOf<Phi<string, 'ssn'>>().toExtend<string>();
    expectTypeOf<Sensitive<number>>().toExtend<number>();
    expectTypeOf<Envelope>().toExtend<string>();
    expectTypeOf<BlindIndex>().toExtend<string>();
  });

  it('a plain value is not a PHI value, envelope or index', () => {
    expectTypeOf<string>().not.toExtend<Phi<string, 'ssn'>>();
    expectTypeOf<string>().not.toExtend<Envelope>();
    expectTypeOf<string>().not.toExtend<BlindIndex>();
    expectTypeOf<Envelope>().not.toExtend<BlindIndex>();
  });

  it('kinds of PHI do not mix', () => {
    expectTypeOf<Phi<string, 'ssn'>>().not.toExtend<Phi<string, 'name'>>();
  });

  it('free text is a PHI kind but not an identifier kind', () => {
    expectTypeOf<'free_text'>().toExtend<PhiKind>();
    expectTypeOf<'free_text'>().not.toExtend<IdentifierKind>();
  });

  it('cipher methods follow the value type', () => {
    // This function is compiled but never called, so only tsc checks these assertions.
    function checkTypes(cipher: FieldCipher, context: FieldContext, ssn: Phi<string, 'ssn'>): void {
      expectTypeOf(cipher.encrypt('string', ssn, context)).toEqualTypeOf<Envelope>();
      expectTypeOf(cipher.encryptNullable('date', null, context)).toEqualTypeOf<Envelope | null>();
      expectTypeOf(cipher.decrypt('datetime', '', context)).toEqualTypeOf<Date>();
      expectTypeOf(cipher.decryptNullable('integer', null, context)).toEqualTypeOf<number | null>();
      expectTypeOf(cipher.blindIndexNullable(ssn, context)).toEqualTypeOf<BlindIndex | null>();
      // @ts-expect-error an integer field does not take a string
      cipher.encrypt('integer', '42', context);
      // @ts-expect-error a datetime field takes a Date, not an ISO string
      cipher.encrypt('datetime', '2026-12-04T10:00:00Z', context);
    }

    expect(typeof checkTypes).toBe('function');
  });

  it('value types map to their TypeScript types', () => {
    expectTypeOf<ValueTypes['datetime']>().toEqualTypeOf<Date>();
    expectTypeOf<ValueTypes['integer']>().toEqualTypeOf<number>();
  });
});
