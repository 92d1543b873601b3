import { describe, expect, it } from 'vitest';
import { BundleIndex } from '../../src/fhir/bundle-index.js';
import { fixtureText, lizConnBundle } from './fhir-fixture.js';

const references = BundleIndex.of(JSON.parse(fixtureText('Bundle-bundle-references.json')));

describe('BundleIndex.resolve', () => {
  const cases = [
    { reference: 'Patient/23', want: { resourceType: 'Patient', id: '23' } },
    {
      reference: 'http://example.org/fhir/Patient/23',
      want: { resourceType: 'Patient', id: '23' },
    },
    {
      reference: 'https://example.org/fhir-2/Patient/1',
      want: { resourceType: 'Patient', id: '1' },
    },
    { reference: 'Patient/45/_history/2', want: { resourceType: 'Patient', id: '45' } },
    {
      reference: 'http://example.org/fhir/Patient/45/_history/2',
      want: { resourceType: 'Patient', id: '45' },
    },
    {
      // The entry's Patient has no id, so the uuid stands for it.
      reference: 'urn:uuid:04121321-4af5-424c-a0e1-ed3aab1c349d',
      want: { resourceType: 'Patient', id: '04121321-4af5-424c-a0e1-ed3aab1c349d' },
    },
    { reference: 'Patient/99', want: { resourceType: 'Patient', id: '99' } },
    { reference: 'urn:uuid:00000000-0000-0000-0000-000000000000', want: undefined },
    { reference: '#contained-1', want: undefined },
    { reference: 'Patient?identifier=http://example.org/ids|1234567', want: undefined },
    { reference: 'Patients/23', want: undefined },
    { reference: 'Patient/has space', want: undefined },
    { reference: 'Patient/', want: undefined },
    { reference: 'Patient', want: undefined },
    { reference: 'a/Patient/23', want: undefined },
    { reference: 'http://example.org', want: undefined },
  ];

  for (const { reference, want } of cases) {
    it(`resolves ${reference}`, () => {
      expect(references.resolve(reference)).toEqual(want);
    });
  }

  it('resolves every urn:uuid: reference of a Synthea bundle to its entry', () => {
    const bundle = JSON.parse(fixtureText(lizConnBundle)) as {
      entry: { fullUrl: string; resource: { resourceType: string; id: string } }[];
    };
    const index = BundleIndex.of(bundle);
    const text = fixtureText(lizConnBundle);
    const urns = new Set(
      [...text.matchAll(/"reference": "(urn:uuid:[^"]+)"/g)].map((match) => match[1]),
    );

    expect(urns.size).toBeGreaterThan(5);
    for (const urn of urns) {
      const entry = bundle.entry.find((candidate) => candidate.fullUrl === urn);
      const want =
        entry === undefined
          ? undefined
          : { resourceType: entry.resource.resourceType, id: entry.resource.id };
      expect(index.resolve(urn!)).toEqual(want);
    }
  });

  it('resolves urn:oid: full URLs', () => {
    const index = BundleIndex.of({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:oid:1.2.3.4', resource: { resourceType: 'Organization' } },
        { fullUrl: 'urn:oid:1.2.3.5', resource: { resourceType: 'Organization', id: 'org5' } },
      ],
    });
    expect(index.resolve('urn:oid:1.2.3.4')).toEqual({
      resourceType: 'Organization',
      id: '1.2.3.4',
    });
    expect(index.resolve('urn:oid:1.2.3.5')).toEqual({ resourceType: 'Organization', id: 'org5' });
  });
});

describe('BundleIndex.entries', () => {
  it('lists the entries that hold a resource, in order', () => {
    const entries = references.entries();
    expect(entries).toHaveLength(11);
    expect(entries[0]?.fullUrl).toBe('http://example.org/fhir/Patient/23');
    expect(entries[1]?.resource['resourceType']).toBe('Patient');
  });

  it('skips entries without a resource and values that are not a Bundle', () => {
    const index = BundleIndex.of({
      resourceType: 'Bundle',
      entry: [
        { request: { method: 'DELETE', url: 'Patient/1' } },
        null,
        { resource: { resourceType: 'Patient' } },
      ],
    });
    expect(index.entries()).toEqual([
      { fullUrl: undefined, resource: { resourceType: 'Patient' } },
    ]);
    expect(BundleIndex.of('not a bundle').entries()).toEqual([]);
    expect(BundleIndex.of(undefined).resolve('Patient/1')).toEqual({
      resourceType: 'Patient',
      id: '1',
    });
  });
});
