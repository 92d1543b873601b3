// Lints the telehealth example, generated code included, with eslint-plugin-phi's recommended
// config and type information. `pnpm lint` builds the plugin first, because this file imports
// its dist. src/leaky/ contains deliberate PHI leaks, which the plugin's own tests lint and pin.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import phi from './packages/eslint-plugin-phi/dist/index.js';

// ESLint and typescript-eslint are installed in packages/eslint-plugin-phi only, so the parser
// resolves from there rather than from the repository root.
const requireFromPlugin = createRequire(
  new URL('./packages/eslint-plugin-phi/package.json', import.meta.url),
);
const { default: tseslint } = await import(
  pathToFileURL(requireFromPlugin.resolve('typescript-eslint')).href
);

export default [
  { name: 'hspec/ignores', ignores: ['examples/telehealth/src/leaky/**'] },
  {
    ...phi.configs.recommended,
    name: 'hspec/telehealth',
    files: ['examples/telehealth/src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
];
