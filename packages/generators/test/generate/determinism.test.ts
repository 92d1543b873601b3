import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generateFiles } from '../../src/generate/generate-files.js';
import type { SpecIR } from '../../src/ir/spec-ir.js';
import { awkwardSpec } from './support/awkward-spec.js';
import { syntheticSpec } from './support/synthetic-spec.js';
import { telehealthSpec } from './support/telehealth-spec.js';
import { transpileGenerator } from './support/transpile-generator.js';

/** Copies a value with the keys of every object in reverse order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => reverseKeys(item)) as T;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, reverseKeys(item)])) as T;
}

const specs: readonly { readonly name: string; readonly build: () => SpecIR }[] = [
  { name: 'telehealth', build: () => telehealthSpec('sqlite') },
  { name: 'telehealth-postgres', build: () => telehealthSpec('postgres') },
  { name: 'awkward', build: () => awkwardSpec('postgres') },
  { name: 'synthetic', build: () => syntheticSpec(30, 20) },
];

describe('generateFiles determinism', () => {
  it.each(specs)('gives $name the same files twice', ({ build }) => {
    expect(generateFiles(build())).toEqual(generateFiles(build()));
  });

  it.each(specs)('ignores object key order in the $name IR', ({ build }) => {
    expect(generateFiles(reverseKeys(build()))).toEqual(generateFiles(build()));
  });

  it('gives the same bytes in a separate Node process', () => {
    const output = transpileGenerator('determinism-child');
    const script = join(output, 'print-files.mjs');
    writeFileSync(
      script,
      [
        "import { generateFiles } from './src/generate/generate-files.js';",
        "import { awkwardSpec } from './test/generate/support/awkward-spec.js';",
        "import { syntheticSpec } from './test/generate/support/synthetic-spec.js';",
        "import { telehealthSpec } from './test/generate/support/telehealth-spec.js';",
        'const specs = [',
        "  telehealthSpec('sqlite'),",
        "  telehealthSpec('postgres'),",
        "  awkwardSpec('postgres'),",
        '  syntheticSpec(30, 20),',
        '];',
        'process.stdout.write(JSON.stringify(specs.map((spec) => generateFiles(spec))));',
        '',
      ].join('\n'),
    );

    const printed = execFileSync(process.execPath, [script], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    });

    expect(JSON.parse(printed)).toEqual(specs.map(({ build }) => generateFiles(build())));
  });
});
