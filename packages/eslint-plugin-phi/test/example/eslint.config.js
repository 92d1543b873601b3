// Lints the whole telehealth example, src/leaky/ included, with the recommended config and type
// information. ESLint loads config files with Node's own import, which cannot read TypeScript,
// so this file takes the built plugin from dist: build the package before running the tests.
import { fileURLToPath } from 'node:url';

import tseslint from 'typescript-eslint';

import phi from '../../dist/index.js';

const exampleRoot = fileURLToPath(new URL('../../../../examples/telehealth/', import.meta.url));

export default [
  {
    ...phi.configs.recommended,
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: exampleRoot },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
];
