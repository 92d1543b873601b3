import { describe, expect, it } from 'vitest';

import { generateFiles } from '../../src/generate/generate-files.js';
import { awkwardSpec } from './support/awkward-spec.js';
import { typeCheck, writeGeneratedOutput } from './support/generated-output.js';
import { syntheticSpec } from './support/synthetic-spec.js';
import { telehealthSpec } from './support/telehealth-spec.js';
import { awkwardTypeTests, telehealthTypeTests } from './support/type-tests.js';

const cases = [
  { name: 'telehealth-sqlite', spec: telehealthSpec('sqlite'), tests: [telehealthTypeTests] },
  { name: 'telehealth-postgres', spec: telehealthSpec('postgres'), tests: [telehealthTypeTests] },
  { name: 'awkward-sqlite', spec: awkwardSpec('sqlite'), tests: [awkwardTypeTests] },
  { name: 'awkward-postgres', spec: awkwardSpec('postgres'), tests: [] },
  { name: 'synthetic-sqlite', spec: syntheticSpec(12, 30), tests: [] },
];

describe('generated code under tsc --strict', () => {
  it.each(cases)('$name compiles without diagnostics', ({ name, spec, tests }) => {
    const folder = writeGeneratedOutput(`typecheck-${name}`, generateFiles(spec), tests);

    expect(typeCheck(folder)).toEqual([]);
  });

  it('reports a type test that stops failing', () => {
    const broken = {
      path: 'type-tests.ts',
      contents: "// @ts-expect-error\nexport const fine: string = 'text';\n",
    };
    const files = generateFiles(telehealthSpec());
    const folder = writeGeneratedOutput('typecheck-broken', files, [broken]);

    expect(typeCheck(folder).join('\n')).toContain('TS2578');
  });
});
