import { fileURLToPath } from 'node:url';

import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The fixtures folder. Its tsconfig.json includes file.ts, which each case's code replaces. */
export const fixturesFolder = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Creates a RuleTester that lints with type information from the fixtures' program. */
export function createRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: fixturesFolder },
    },
  });
}
