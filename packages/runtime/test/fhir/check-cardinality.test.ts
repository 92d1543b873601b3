import { describe, expect, it } from 'vitest';
import { missingRequiredElements } from '../../src/fhir/check-cardinality.js';
import { dataAbsentReasonUrl } from '../../src/fhir/to-fhir.js';
import { clementeKreigerBundle, fixtureText, lizConnBundle } from './fhir-fixture.js';

const masked = { extension: [{ url: dataAbsentReasonUrl, valueCode: 'masked' }] };

describe('missingRequiredElements', () => {
  const cases: { name: string; resource: unknown; want: string[] }[] = [
    {
      name: 'a complete encounter',
      resource: { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' } },
      want: [],
    },
    {
      name: 'an encounter without status and class',
      resource: { resourceType: 'Encounter' },
      want: ['Encounter.status', 'Encounter.class'],
    },
    {
      name: 'a status that only carries a data-absent-reason',
      resource: { resourceType: 'Encounter', _status: masked, class: masked },
      want: [],
    },
    {
      name: 'a component without its code',
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'Blood pressure' },
        component: [{ code: { text: 'Systolic' } }, { valueQuantity: { value: 80 } }],
      },
      want: ['Observation.component[1].code'],
    },
    {
      name: 'an extension without url under a primitive',
      resource: {
        resourceType: 'Patient',
        birthDate: '1970',
        _birthDate: { extension: [{ valueDateTime: '1970-01-01T10:00:00Z' }] },
      },
      want: ['Patient._birthDate.extension[0].url'],
    },
    {
      name: 'a required choice element with one of its types',
      resource: {
        resourceType: 'Library',
        status: 'active',
        type: { text: 'logic' },
        useContext: [
          { code: { code: 'age' }, valueQuantity: { value: 65 } },
          { code: { code: 'focus' } },
        ],
      },
      want: ['Library.useContext[1].value[x]'],
    },
    {
      name: 'an empty array as absent',
      resource: {
        resourceType: 'Bundle',
        type: 'collection',
        link: [{ relation: 'self' }, {}],
        entry: [],
      },
      want: ['Bundle.link[0].url', 'Bundle.link[1].relation', 'Bundle.link[1].url'],
    },
    {
      name: 'a contained resource by its own type',
      resource: {
        resourceType: 'Patient',
        contained: [{ resourceType: 'Encounter', id: 'e1', status: 'finished' }, { id: 'x' }],
      },
      want: ['Patient.contained[0].class', 'Patient.contained[1].resourceType'],
    },
    {
      name: 'a bundle entry resource by its own type',
      resource: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Observation', code: { text: 'x' } } }],
      },
      want: ['Bundle.entry[0].resource.status'],
    },
    { name: 'a value without a resourceType', resource: { id: '1' }, want: ['resourceType'] },
    {
      name: 'an unknown resourceType',
      resource: { resourceType: 'Spaceship' },
      want: ['resourceType'],
    },
    { name: 'a value that is not an object', resource: 'Patient', want: ['resourceType'] },
  ];

  for (const { name, resource, want } of cases) {
    it(`reports ${name}`, () => {
      expect(missingRequiredElements(resource)).toEqual(want);
    });
  }

  it('finds nothing missing in the Synthea bundles and the HL7 examples', () => {
    const names = [
      lizConnBundle,
      clementeKreigerBundle,
      'Patient-example.json',
      'Patient-f001.json',
      'Patient-pat1.json',
      'Encounter-example.json',
      'Encounter-f001.json',
      'Encounter-home.json',
      'Observation-example.json',
      'Observation-blood-pressure.json',
      'Observation-bmi.json',
      'Bundle-bundle-references.json',
    ];
    for (const name of names) {
      expect({ name, missing: missingRequiredElements(JSON.parse(fixtureText(name))) }).toEqual({
        name,
        missing: [],
      });
    }
  });
});
