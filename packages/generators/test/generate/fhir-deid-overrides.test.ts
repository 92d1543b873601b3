import { describe, expect, it } from 'vitest';

import { FhirDeidentifier, Pseudonymizer, SafeHarbor } from '@hspec/runtime';
import { fhirDeidOverrides } from '../../src/generate/deid/fhir-deid-overrides.js';
import { irOfFiles } from './support/fhir-specs.js';

const badgeSystem = 'urn:example:device-badges';

/** A device reading whose badge serial, a device identifier, sits at a Coding's code. */
const specFiles = {
  'specs/models.yaml': `models:
  Reading:
    fields:
      id: { type: uuid, primaryKey: true }
      badge: { type: string, phi: device_id }
      test: { type: code, system: 'http://loinc.org' }
`,
  'specs/fhir.yaml': `fhir:
  version: R4
  mappings:
    Reading:
      resource: Observation
      fixed: { status: final }
      fields:
        test: code.coding.code
        badge: { path: valueCodeableConcept.coding.code, system: '${badgeSystem}' }
`,
};

const observation = {
  resourceType: 'Observation',
  id: '4a1c2b3d-0000-4000-8000-000000000001',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  valueCodeableConcept: {
    coding: [
      { code: 'DEV-123-NOSYSTEM' },
      { system: badgeSystem, code: 'DEV-456-SERIAL' },
      { system: 'urn:other', code: 'DEV-789-SERIAL' },
    ],
  },
};

async function deidentified(): Promise<string> {
  const overrides = fhirDeidOverrides(await irOfFiles(specFiles));
  const harbor = new SafeHarbor({
    restrictedZip3: new Set(),
    asOf: new Date('2026-01-01T00:00:00Z'),
    pseudonyms: new Pseudonymizer(),
  });
  return JSON.stringify(new FhirDeidentifier({ harbor, overrides }).resource(observation));
}

describe('fhirDeidOverrides', () => {
  it('removes a PHI code under every code system', async () => {
    const text = await deidentified();

    for (const serial of ['DEV-123-NOSYSTEM', 'DEV-456-SERIAL', 'DEV-789-SERIAL']) {
      expect(text).not.toContain(serial);
    }
  });

  it('keeps the plain code of its own system', async () => {
    expect(await deidentified()).toContain('8867-4');
  });

  it('removes a conditional PHI path without its conditions first', async () => {
    const overrides = fhirDeidOverrides(await irOfFiles(specFiles));
    const badge = overrides.filter((override) => override.rule.field === 'badge');

    expect(badge.map((override) => override.rule.action)).toEqual(['remove', 'remove']);
    expect(badge[0]?.steps.some((step) => step.kind === 'where')).toBe(false);
    expect(badge[1]?.steps.some((step) => step.kind === 'where')).toBe(true);
  });
});
