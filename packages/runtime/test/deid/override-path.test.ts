import { describe, expect, it } from 'vitest';

import { OverridePath } from '../../src/deid/override-path.js';
import type { FhirPathCondition, FhirPathStep } from '../../src/fhir/fhir-mapping.js';
import { readPath, removePath, writePath } from '../../src/fhir/fhir-path.js';

const member = (name: string, repeats = false): FhirPathStep => ({ kind: 'member', name, repeats });
const first: FhirPathStep = { kind: 'first' };
const where = (...conditions: FhirPathCondition[]): FhirPathStep => ({ kind: 'where', conditions });
const equals = (path: string[], value: string): FhirPathCondition => ({
  kind: 'equals',
  path,
  value,
});

/** Runs fhir-path's removePath and writePath, which OverridePath.replace must match. */
function replaceByFhirPath(
  output: Record<string, unknown>,
  steps: readonly FhirPathStep[],
  replacement: unknown,
): void {
  removePath(output, steps);
  if (replacement !== undefined) writePath(output, steps, replacement);
}

/** Returns both results of a replacement as JSON text, which shows the order of keys too. */
function replaced(
  output: Record<string, unknown>,
  steps: readonly FhirPathStep[],
  replacement: unknown,
): { expected: string; actual: string } {
  const expected = structuredClone(output);
  replaceByFhirPath(expected, steps, replacement);
  const actual = structuredClone(output);
  new OverridePath(steps).replace(actual, replacement);
  return { expected: JSON.stringify(expected), actual: JSON.stringify(actual) };
}

describe('OverridePath', () => {
  const cases: {
    name: string;
    output: Record<string, unknown>;
    steps: FhirPathStep[];
    replacement: unknown;
    want: Record<string, unknown>;
  }[] = [
    {
      name: 'reference moves to the end',
      output: { subject: { reference: 'Patient/a' }, status: 'final' },
      steps: [member('subject'), member('reference')],
      replacement: 'Patient/b',
      want: { status: 'final', subject: { reference: 'Patient/b' } },
    },
    {
      name: 'removal prunes empty parents',
      output: { period: { start: '2020' }, status: 'final' },
      steps: [member('period'), member('start')],
      replacement: undefined,
      want: { status: 'final' },
    },
    {
      name: 'removal drops primitive extensions',
      output: { birthDate: '1970', _birthDate: { id: 'x' }, gender: 'female' },
      steps: [member('birthDate')],
      replacement: '1971',
      want: { gender: 'female', birthDate: '1971' },
    },
    {
      name: 'first item of a repeating element',
      output: { address: [{ state: 'MA', city: 'Boston' }, { state: 'NY' }] },
      steps: [member('address', true), first, member('state')],
      replacement: 'CA',
      want: { address: [{ city: 'Boston', state: 'CA' }, { state: 'NY' }] },
    },
    {
      name: 'emptied first item is spliced out',
      output: { address: [{ state: 'MA' }, { state: 'NY' }] },
      steps: [member('address', true), first, member('state')],
      replacement: 'CA',
      want: { address: [{ state: 'CA' }] },
    },
    {
      name: 'repeating element without first()',
      output: { code: { coding: [{ system: 's', code: 'a' }] } },
      steps: [member('code'), member('coding', true), member('code')],
      replacement: 'b',
      want: { code: { coding: [{ system: 's', code: 'b' }] } },
    },
    {
      name: 'every selected item is removed',
      output: { code: { coding: [{ code: 'a' }, { system: 's', code: 'b' }] } },
      steps: [member('code'), member('coding', true), member('code')],
      replacement: 'c',
      want: { code: { coding: [{ system: 's', code: 'c' }] } },
    },
    {
      name: 'where() writes its conditions',
      output: { status: 'active' },
      steps: [member('identifier', true), where(equals(['system'], 'npi')), member('value')],
      replacement: '123',
      want: { status: 'active', identifier: [{ system: 'npi', value: '123' }] },
    },
    {
      name: 'nothing selected and nothing written',
      output: { status: 'active', name: [{ family: 'F' }] },
      steps: [member('name', true), where(equals(['use'], 'official')), first, member('family')],
      replacement: undefined,
      want: { status: 'active', name: [{ family: 'F' }] },
    },
  ];

  for (const { name, output, steps, replacement, want } of cases) {
    it(`replace: ${name}`, () => {
      const { expected, actual } = replaced(output, steps, replacement);

      expect(actual).toBe(expected);
      expect(actual).toBe(JSON.stringify(want));
    });
  }

  it('firstValue stops at the first item that first() keeps', () => {
    const resource = { name: [{ use: 'old' }, { use: 'official', given: ['A', 'B'] }] };

    const firstName = new OverridePath([member('name', true), first, member('given', true)]);
    const anyName = new OverridePath([member('name', true), member('given', true)]);

    expect(firstName.firstValue(resource)).toBeUndefined();
    expect(anyName.firstValue(resource)).toBe('A');
  });

  it('firstValue needs exactly one item for an equals condition', () => {
    const resource = {
      name: [
        { use: ['official', 'official'], family: 'A' },
        { use: 'official', family: 'B' },
      ],
    };
    const steps = [member('name', true), where(equals(['use'], 'official')), member('family')];

    expect(readPath(resource, steps)[0]).toBe('B');
    expect(new OverridePath(steps).firstValue(resource)).toBe('B');
  });

  it('agrees with fhir-path on random resources and paths', () => {
    const random = seededRandom(20240601);
    for (let round = 0; round < 4000; round += 1) {
      const resource = randomObject(random, 0);
      const output = randomObject(random, 0);
      const steps = randomSteps(random);
      const replacement = random() < 0.3 ? undefined : randomValue(random, 2);
      const label = JSON.stringify({ resource, output, steps, replacement });

      const firstValue = new OverridePath(steps).firstValue(resource);
      expect(firstValue, label).toEqual(readPath(resource, steps)[0]);
      const { expected, actual } = replaced(output, steps, replacement);
      expect(actual, label).toBe(expected);
    }
  });
});

const names = ['a', 'b', 'c'];
const primitiveExtensions = [{ id: 'e' }, [{ id: 'e' }], [null, { id: 'e' }], [{ id: 'e' }, null]];

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomObject(random: () => number, depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const name of names) {
    if (random() < 0.4) continue;
    object[name] = randomValue(random, depth + 1);
    if (random() < 0.15) object[`_${name}`] = structuredClone(pick(random, primitiveExtensions));
  }
  return object;
}

function randomValue(random: () => number, depth: number): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.3) return pick(random, ['x', 'x', 'y', 1, null, true]);
  if (roll < 0.65) return randomObject(random, depth);
  const items: unknown[] = [];
  const length = Math.floor(random() * 3);
  for (let index = 0; index < length; index += 1) items.push(randomValue(random, depth + 1));
  return items;
}

function randomSteps(random: () => number): FhirPathStep[] {
  const steps: FhirPathStep[] = [];
  const length = 1 + Math.floor(random() * 3);
  for (let index = 0; index < length; index += 1) {
    steps.push(member(pick(random, names), random() < 0.5));
    if (random() < 0.3) steps.push(first);
    if (random() < 0.15) steps.push(where(randomCondition(random)));
  }
  return steps;
}

function randomCondition(random: () => number): FhirPathCondition {
  const path = [pick(random, names)];
  if (random() < 0.3) path.push(pick(random, names));
  if (random() < 0.7) return equals(path, pick(random, ['x', 'y']));
  return { kind: 'exists', path, conditions: [equals([pick(random, names)], 'x')] };
}
