import { describe, expect, it } from 'vitest';

import { contactDetailKindOf } from '../../src/deid/contact-details.js';

describe('contactDetailKindOf', () => {
  it.each([
    ['john.smith@example.com', 'email'],
    ['mailto:john@example.com', 'email'],
    ['MAILTO:john@example.com', 'email'],
    ['contact john@example.org today', 'email'],
    ['tel:+1-555-123-4567', 'phone'],
    ['sms:5551234567', 'phone'],
    ['callto:jsmith', 'phone'],
    ['fax:+15551234567', 'fax'],
    ['555-123-4567', 'phone'],
    ['555.123.4567', 'phone'],
    ['(555) 123-4567', 'phone'],
    ['(555)123-4567', 'phone'],
    ['+1 555 123 4567', 'phone'],
    ['1-555-123-4567', 'phone'],
    ['+44 20 7946 0958', 'phone'],
    ['555-1234', 'phone'],
    ['call 555-551-9745 after 5', 'phone'],
    ['10.0.0.7', 'ip_address'],
    ['192.168.1.254', 'ip_address'],
    ['http://10.1.2.3/fhir', 'ip_address'],
  ])('finds %s as %s', (text, kind) => {
    expect(contactDetailKindOf(text)).toBe(kind);
  });

  it.each([
    // SNOMED CT and RxNorm: digits only.
    '44054006',
    '271737000',
    '1049221',
    '313782',
    // LOINC, LOINC answers and parts.
    '8302-2',
    '55284-4',
    '4548-4',
    'LA6576-8',
    'LP12345-6',
    // ICD-10-CM and CPT.
    'E11.9',
    'S72.001A',
    'Z00.00',
    '99213',
    // NDC in its 4-4-2, 5-3-2 and 5-4-1 forms, and as 11 digits.
    '0002-3227-30',
    '12345-678-90',
    '12345-6789-0',
    '00002-3227-30',
    // UCUM units.
    'mm[Hg]',
    'kg/m2',
    '10*3/uL',
    'mL/min/{1.73_m2}',
    '[lb_av]',
    // Systems, OIDs, versions and dates.
    'http://snomed.info/sct',
    'http://loinc.org',
    'http://hl7.org/fhir/sid/icd-10-cm',
    'http://www.nlm.nih.gov/research/umls/rxnorm',
    'http://hotel.example.org:8080/fhir',
    'urn:oid:2.16.840.1.113883.6.238',
    'urn:oid:1.3.6.1.4.1.12345',
    'urn:ietf:bcp:47',
    'urn:uuid:123e4567-e89b-12d3-a456-426614174000',
    'http://snomed.info/sct/731000124108/version/20210301',
    '4.0.1',
    '2019-03-04T10:15:00-05:00',
    // Coding displays.
    'Body mass index (BMI) [Ratio]',
    'Acetaminophen 325 MG / HYDROcodone Bitartrate 7.5 MG Oral Tablet',
    'Hemoglobin A1c/Hemoglobin.total in Blood',
  ])('keeps %s', (text) => {
    expect(contactDetailKindOf(text)).toBeUndefined();
  });
});
