import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPath, removePath, writePath } from '../../src/fhir/fhir-path.js';
import type { FhirPathStep } from '../../src/index.js';
import {
  actCode,
  equals,
  exists,
  first,
  fixtureText,
  labResultMapping,
  member,
  patientMapping,
  v2IdentifierType,
  visitMapping,
  where,
} from './fhir-fixture.js';

const official = where(equals('use', 'official'));
const mrn = where(exists('type.coding', equals('system', v2IdentifierType), equals('code', 'MR')));

function chalmers(): Record<string, unknown> {
  return JSON.parse(fixtureText('Patient-example.json')) as Record<string, unknown>;
}

describe('readPath', () => {
  const cases: { name: string; steps: FhirPathStep[]; want: unknown[] }[] = [
    {
      name: 'the first given name of the official name',
      steps: [member('name', true), official, first, member('given', true), first],
      want: ['Peter'],
    },
    {
      name: 'every given name, flattened',
      steps: [member('name', true), member('given', true)],
      want: ['Peter', 'James', 'Jim', 'Peter', 'James'],
    },
    {
      name: 'the first of the flattened given names',
      steps: [member('name', true), member('given', true), first],
      want: ['Peter'],
    },
    {
      name: 'the given names of the first name',
      steps: [member('name', true), first, member('given', true)],
      want: ['Peter', 'James'],
    },
    {
      name: 'every phone number',
      steps: [member('telecom', true), where(equals('system', 'phone')), member('value')],
      want: ['(03) 5555 6473', '(03) 3410 5613', '(03) 5555 8834'],
    },
    {
      name: 'the first phone number',
      steps: [member('telecom', true), where(equals('system', 'phone')), first, member('value')],
      want: ['(03) 5555 6473'],
    },
    {
      name: 'the MRN through exists()',
      steps: [member('identifier', true), mrn, member('value')],
      want: ['12345'],
    },
    {
      name: 'nothing for an identifier type the patient lacks',
      steps: [
        member('identifier', true),
        where(exists('type.coding', equals('code', 'SS'))),
        member('value'),
      ],
      want: [],
    },
    {
      name: 'a name whose only given name is the literal',
      steps: [member('name', true), where(equals('given', 'Jim')), member('use')],
      want: ['usual'],
    },
    {
      // FHIRPath's = compares whole collections, so two given names never equal one literal.
      name: 'no name with two given names for a one-item literal',
      steps: [member('name', true), where(equals('given', 'Peter')), member('use')],
      want: [],
    },
    {
      name: 'the birth date, not its extension',
      steps: [member('birthDate')],
      want: ['1974-12-25'],
    },
    {
      name: 'the postal code of the first address',
      steps: [member('address', true), first, member('postalCode')],
      want: ['3999'],
    },
    {
      name: 'a complex element',
      steps: [member('managingOrganization')],
      want: [{ reference: 'Organization/1' }],
    },
    {
      name: 'nothing for an absent element',
      steps: [member('deceasedDateTime')],
      want: [],
    },
    {
      name: 'nothing below a primitive',
      steps: [member('gender'), member('value')],
      want: [],
    },
  ];

  for (const { name, steps, want } of cases) {
    it(`reads ${name}`, () => {
      expect(readPath(chalmers(), steps)).toEqual(want);
    });
  }

  it('skips nulls that align a primitive array with its extensions', () => {
    const name = { given: [null, 'Ann'], _given: [{ id: 'g0' }, null] };
    expect(readPath(name, [member('given', true)])).toEqual(['Ann']);
  });

  it('reads from a collection', () => {
    const names = [{ family: 'A' }, { family: 'B' }];
    expect(readPath(names, [member('family')])).toEqual(['A', 'B']);
    expect(readPath(null, [member('family')])).toEqual([]);
  });
});

describe('writePath', () => {
  it('builds one name from two paths that share a prefix', () => {
    const patient: Record<string, unknown> = { resourceType: 'Patient' };
    writePath(
      patient,
      [member('name', true), official, first, member('given', true), first],
      'Ann',
    );
    writePath(patient, [member('name', true), official, first, member('family')], 'Lee');

    expect(patient).toEqual({
      resourceType: 'Patient',
      name: [{ use: 'official', given: ['Ann'], family: 'Lee' }],
    });
  });

  it('reuses the existing item that meets where()', () => {
    const patient = chalmers();
    writePath(patient, [member('name', true), official, first, member('family')], 'Windsor');

    const names = patient['name'] as Record<string, unknown>[];
    expect(names).toHaveLength(3);
    expect(names[0]).toEqual({ use: 'official', family: 'Windsor', given: ['Peter', 'James'] });
  });

  it('adds an item for each set of where() conditions', () => {
    const patient: Record<string, unknown> = { resourceType: 'Patient' };
    const phone = [
      member('telecom', true),
      where(equals('system', 'phone')),
      first,
      member('value'),
    ];
    const email = [
      member('telecom', true),
      where(equals('system', 'email')),
      first,
      member('value'),
    ];
    writePath(patient, phone, '555-0100');
    writePath(patient, email, 'ann@example.org');
    writePath(patient, phone, '555-0199');

    expect(patient['telecom']).toEqual([
      { system: 'phone', value: '555-0199' },
      { system: 'email', value: 'ann@example.org' },
    ]);
  });

  it('writes exists() conditions as nested elements', () => {
    const patient: Record<string, unknown> = { resourceType: 'Patient' };
    writePath(patient, [member('identifier', true), mrn, member('value')], 'MRN-1');

    expect(patient['identifier']).toEqual([
      { type: { coding: [{ system: v2IdentifierType, code: 'MR' }] }, value: 'MRN-1' },
    ]);
    expect(readPath(patient, [member('identifier', true), mrn, member('value')])).toEqual([
      'MRN-1',
    ]);
  });

  it('writes where() on a single element into that element', () => {
    const encounter: Record<string, unknown> = { resourceType: 'Encounter' };
    writePath(
      encounter,
      [member('class'), where(equals('system', actCode)), member('code')],
      'AMB',
    );
    expect(encounter['class']).toEqual({ system: actCode, code: 'AMB' });
  });

  it('replaces the first item of a repeating primitive', () => {
    const name: Record<string, unknown> = { given: ['Peter', 'James'] };
    writePath(name, [member('given', true), first], 'Pete');
    expect(name['given']).toEqual(['Pete', 'James']);
  });

  it('writes a whole repeating element', () => {
    const patient: Record<string, unknown> = {
      resourceType: 'Patient',
      contact: [{ gender: 'male' }],
    };
    const contacts = [{ gender: 'female' }, { gender: 'other' }];
    writePath(patient, [member('contact', true)], contacts);
    expect(patient['contact']).toEqual(contacts);

    writePath(patient, [member('contact', true)], { gender: 'unknown' });
    expect(patient['contact']).toEqual([{ gender: 'unknown' }]);
  });

  it('writes the conditions into a complex value under where()', () => {
    const patient: Record<string, unknown> = { resourceType: 'Patient' };
    const value = { value: 'X1' };
    writePath(patient, [member('identifier', true), where(equals('system', 'urn:x'))], value);
    expect(patient['identifier']).toEqual([{ value: 'X1', system: 'urn:x' }]);
    expect(value).toEqual({ value: 'X1' });
  });

  it('rejects a path that does not start with an element', () => {
    expect(() => writePath({}, [first, member('name', true)], 'x')).toThrow(TypeError);
    expect(() => writePath({}, [], 'x')).toThrow(TypeError);
  });

  const mappings = [patientMapping, visitMapping, labResultMapping];
  const stringFields = mappings.flatMap((mapping) =>
    mapping.fields
      .filter((field) => field.fieldType !== 'json')
      .map((field) => ({ resource: mapping.resource, field })),
  );

  it('reads back every value it writes, in any order', () => {
    const resources = [...new Set(stringFields.map((entry) => entry.resource))];
    const writes = fc.constantFrom(...resources).chain((resource) => {
      const fields = stringFields.filter((entry) => entry.resource === resource);
      return fc.tuple(
        fc.constant(resource),
        fc.shuffledSubarray(fields, { minLength: 1 }),
        fc.array(fc.string({ minLength: 1 }), {
          minLength: fields.length,
          maxLength: fields.length,
        }),
      );
    });

    fc.assert(
      fc.property(writes, ([resourceType, fields, values]) => {
        const resource: Record<string, unknown> = { resourceType };
        fields.forEach(({ field }, index) => writePath(resource, field.steps, values[index]));
        fields.forEach(({ field }, index) => {
          expect(readPath(resource, field.steps)).toEqual([values[index]]);
        });
      }),
    );
  });
});

describe('removePath', () => {
  it('removes the selected given names and keeps the rest of the name', () => {
    const patient = chalmers();
    const removed = removePath(patient, [member('name', true), official, member('given', true)]);

    expect(removed).toBe(2);
    expect((patient['name'] as unknown[])[0]).toEqual({ use: 'official', family: 'Chalmers' });
  });

  it('removes every phone entry', () => {
    const patient = chalmers();
    expect(removePath(patient, [member('telecom', true), where(equals('system', 'phone'))])).toBe(
      3,
    );
    expect(patient['telecom']).toEqual([{ use: 'home' }]);
  });

  it('removes a primitive with its extension', () => {
    const patient = chalmers();
    expect(removePath(patient, [member('birthDate')])).toBe(1);
    expect(patient).not.toHaveProperty('birthDate');
    expect(patient).not.toHaveProperty('_birthDate');
  });

  it('removes parents left empty', () => {
    const patient: Record<string, unknown> = {
      resourceType: 'Patient',
      identifier: [{ value: 'A' }, { system: 'urn:x', value: 'B' }],
    };
    expect(removePath(patient, [member('identifier', true), member('value')])).toBe(2);
    expect(patient['identifier']).toEqual([{ system: 'urn:x' }]);

    expect(removePath(patient, [member('identifier', true), member('system')])).toBe(1);
    expect(patient).toEqual({ resourceType: 'Patient' });
  });

  it('keeps a primitive array aligned with its extensions', () => {
    const extension = { extension: [{ url: 'urn:x', valueString: 'y' }] };
    const patient: Record<string, unknown> = {
      resourceType: 'Patient',
      name: [{ given: ['A', 'B', 'C'], _given: [null, extension, null] }],
    };
    expect(removePath(patient, [member('name', true), member('given', true), first])).toBe(1);
    expect(patient['name']).toEqual([{ given: ['B', 'C'], _given: [extension, null] }]);

    expect(removePath(patient, [member('name', true), member('given', true)])).toBe(2);
    expect(patient).toEqual({ resourceType: 'Patient' });
  });

  it('removes nothing when the path selects nothing', () => {
    const patient = chalmers();
    expect(removePath(patient, [member('deceasedDateTime')])).toBe(0);
    expect(patient).toEqual(chalmers());
  });
});
