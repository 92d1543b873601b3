import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { generatePolicyFile } from '../../../src/generate/policy/policy-file.js';
import { telehealthPolicySpec } from './support/telehealth-policy-spec.js';

// The built generator, which `tsc -b packages/generators` writes; the CLI tests use it too.
const builtPolicyFile = fileURLToPath(
  new URL('../../../dist/generate/policy/policy-file.js', import.meta.url),
);

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

describe('generated policy module determinism', () => {
  it('is the same twice', () => {
    expect(generatePolicyFile(telehealthPolicySpec())).toEqual(
      generatePolicyFile(telehealthPolicySpec()),
    );
  });

  it('ignores object key order in the IR', () => {
    expect(generatePolicyFile(reverseKeys(telehealthPolicySpec()))).toEqual(
      generatePolicyFile(telehealthPolicySpec()),
    );
  });

  it('is the same in another locale', () => {
    const script = [
      `import { generatePolicyFile } from ${JSON.stringify(builtPolicyFile)};`,
      "let input = '';",
      "process.stdin.on('data', (chunk) => { input += chunk; });",
      "process.stdin.on('end', () => {",
      '  process.stdout.write(generatePolicyFile(JSON.parse(input)).contents);',
      '});',
    ].join('\n');

    const printed = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      input: JSON.stringify(telehealthPolicySpec()),
      encoding: 'utf8',
      env: { ...process.env, TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    });

    expect(printed).toBe(generatePolicyFile(telehealthPolicySpec()).contents);
  });
});
