import fc from 'fast-check';

import {
  actions,
  type AccessRequest,
  type Action,
  type CompiledGrant,
  type CompiledPolicy,
  type CompiledRole,
  type RecordLinks,
} from '../../src/index.js';

/** Purpose-of-use codes of the random policies, sorted as compiled policies list them. */
export const purposeCodes = ['BTG', 'HPAYMT', 'PATRQT', 'TREAT'];

/** Role names that random policies use; requests also name roles outside this list. */
export const roleNames = ['nurse', 'physician', 'front_desk', 'billing'];

const modelNames = ['Patient', 'Encounter', 'Note'];
const fieldPool = ['organizationId', 'patientId', 'mrn', 'givenName', 'ssn', 'note', 'start'];

const modelShapeArbitrary = fc
  .subarray(fieldPool, { minLength: 0 })
  .map((fields) => ({ primaryKey: 'id', fields: ['id', ...fields] }));

function grantArbitrary(modelFields: readonly string[]): fc.Arbitrary<CompiledGrant> {
  return fc.record({
    scope: fc.constantFrom('self' as const, 'organization' as const, 'all' as const),
    purposes: fc.option(fc.subarray(purposeCodes, { minLength: 1 }), { nil: null }),
    fields: fc.subarray([...modelFields]),
    emergency: fc.boolean(),
  });
}

function roleArbitrary(models: CompiledPolicy['models']): fc.Arbitrary<CompiledRole> {
  const byModel = Object.entries(models).map(([name, model]) => {
    const byAction = fc.dictionary(
      fc.constantFrom(...actions),
      fc.array(grantArbitrary(model.fields), { minLength: 1, maxLength: 3 }),
      { minKeys: 2, maxKeys: 5 },
    );
    return [name, byAction] as const;
  });
  return fc.record({
    // One role in five is de-identified.
    deidentified: fc.integer({ min: 0, max: 4 }).map((draw) => draw === 0),
    grants: fc.record(Object.fromEntries(byModel), { requiredKeys: [] }),
  });
}

/** A random compiled policy: models with random fields, roles with random grants. */
export const policyArbitrary: fc.Arbitrary<CompiledPolicy> = fc
  .record({
    purposeOfUse: fc.constantFrom('required' as const, 'optional' as const),
    models: fc.record(
      Object.fromEntries(modelNames.map((name) => [name, modelShapeArbitrary])),
      { requiredKeys: modelNames },
    ),
  })
  .chain(({ purposeOfUse, models }) =>
    fc
      .record(Object.fromEntries(roleNames.map((name) => [name, roleArbitrary(models)])), {
        requiredKeys: roleNames.slice(0, 3),
      })
      .map((roles): CompiledPolicy => ({ purposeOfUse, purposes: purposeCodes, roles, models })),
  );

/** Draws from `usual` nine times in ten and from `unusual` otherwise. */
function rarely<T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: unusual, weight: 1 });
}

const idArbitrary = (prefix: string) =>
  rarely(fc.constantFrom(`${prefix}-1`, `${prefix}-2`), fc.constantFrom('', undefined));

/** A random request, sometimes with an unknown role or purpose, or a blank break-glass reason. */
export const requestArbitrary: fc.Arbitrary<AccessRequest> = fc.record({
  subject: fc.record({
    userId: fc.constant('u-1'),
    role: rarely(
      fc.constantFrom(...roleNames),
      fc.constantFrom('janitor', 'constructor', '__proto__'),
    ),
    patientId: idArbitrary('p'),
    organizationId: idArbitrary('o'),
  }),
  purposeOfUse: rarely(
    fc.constantFrom(...purposeCodes, 'BTG'),
    fc.constantFrom('UNKNOWN', undefined),
  ),
  reason: fc.oneof(
    { arbitrary: fc.constant('patient unconscious'), weight: 3 },
    { arbitrary: fc.constantFrom(undefined, '', '   '), weight: 1 },
  ),
});

/** One of the five actions, or now and then a string outside them. */
export const actionArbitrary: fc.Arbitrary<Action> = rarely(
  fc.constantFrom(...actions),
  fc.constant('view' as Action),
);

/** A model the policy may have, or a name it never has. */
export const modelNameArbitrary: fc.Arbitrary<string> = rarely(
  fc.constantFrom(...modelNames),
  fc.constantFrom('Invoice', 'toString'),
);

/** Record links, or none for a query. */
export const recordArbitrary: fc.Arbitrary<RecordLinks | undefined> = fc.option(
  fc.record({
    patientId: fc.constantFrom('p-1', 'p-2', null),
    organizationId: fc.constantFrom('o-1', 'o-2', null),
  }),
  { nil: undefined },
);
