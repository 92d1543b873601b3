import { describe, expect, it } from 'vitest';

import { pseudonymizeRequestUrl } from '../../src/deid/pseudonymize-request-url.js';
import { Pseudonymizer } from '../../src/deid/pseudonymizer.js';

describe('pseudonymizeRequestUrl', () => {
  const pseudonyms = new Pseudonymizer();
  const patient = pseudonyms.code('Patient', '123');

  it.each([
    ['Patient', 'Patient', false, false],
    ['Patient/123', `Patient/${patient}`, false, true],
    ['Patient/123/_history/2', `Patient/${patient}/_history/2`, false, true],
    ['Patient/123/_history', `Patient/${patient}/_history`, false, true],
    ['Patient/123/$everything', `Patient/${patient}/$everything`, false, true],
    ['Patient/123/_history/2/$meta-add', `Patient/${patient}/_history/2/$meta-add`, false, true],
    ['Patient/123/Observation', `Patient/${patient}/Observation`, false, true],
    ['Patient/123/*', `Patient/${patient}/*`, false, true],
    ['Patient/123?_format=json', `Patient/${patient}`, true, true],
    ['Patient/123/_history/2?x=1', `Patient/${patient}/_history/2`, true, true],
    ['Patient?identifier=http://example.org/mrn|12345', 'Patient', true, false],
    ['Patient?', 'Patient', false, false],
    ['Patient/$validate', 'Patient/$validate', false, false],
    ['Patient/_search', 'Patient/_search', false, false],
    ['Patient/_history', 'Patient/_history', false, false],
    ['CodeSystem/$lookup?system=http://loinc.org&code=8302-2', 'CodeSystem/$lookup', true, false],
    ['ValueSet/$lookup', 'ValueSet/$lookup', false, false],
    ['$process-message', '$process-message', false, false],
    ['_history', '_history', false, false],
    ['metadata', 'metadata', false, false],
    ['/Patient/123', `Patient/${patient}`, false, true],
    ['https://fhir.example.org/r4/Patient/123/_history/2', `Patient/${patient}/_history/2`, false, true],
  ])('rewrites %s', (url, expected, droppedQuery, pseudonymizedId) => {
    expect(pseudonymizeRequestUrl(url, pseudonyms)).toEqual({ url: expected, droppedQuery, pseudonymizedId });
  });

  it.each([
    '',
    '?_format=json',
    'Patients/123',
    'Patient/123/unknown',
    'Patient/123/_history/2/extra',
    'Patient/a b',
    'urn:uuid:6a2fb3c6-4d33-4a35-9d41-7a1dbf19a1e0',
    'https://fhir.example.org/r4',
  ])('rejects %s', (url) => {
    expect(pseudonymizeRequestUrl(url, pseudonyms)).toBeUndefined();
  });
});
