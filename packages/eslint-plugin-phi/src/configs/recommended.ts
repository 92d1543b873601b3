import type { TSESLint } from '@typescript-eslint/utils';

/**
 * Builds the recommended flat config: it registers `plugin` under the `phi` prefix and reports
 * every rule as an error. The rules read types, so the config that applies it must also set the
 * typescript-eslint parser with `parserOptions.projectService`.
 */
export function recommendedConfig(
  plugin: TSESLint.FlatConfig.Plugin,
): TSESLint.FlatConfig.Config {
  return {
    name: 'phi/recommended',
    plugins: { phi: plugin },
    rules: {
      'phi/no-unencrypted-phi-write': 'error',
      'phi/no-phi-in-logs': 'error',
      'phi/no-phi-in-response': 'error',
    },
  };
}
