// The public surface of eslint-plugin-phi: the plugin object, its rules and its flat configs.
import { createRequire } from 'node:module';

import type { TSESLint } from '@typescript-eslint/utils';

import { recommendedConfig } from './configs/recommended.js';
import { rules } from './rules/index.js';

/**
 * A flat config of the plugin, typed by shape only: ESLint's `defineConfig` rejects
 * typescript-eslint's `FlatConfig.Config`, and both libraries accept this shape.
 */
export interface PhiConfig {
  readonly name?: string;
  readonly rules?: object;
}

/**
 * The type of the plugin object, by shape only for the reason PhiConfig gives. The runtime
 * object also has `rules`, and the `rules` named export gives them with their full types.
 */
export interface PhiPlugin {
  readonly meta: { readonly name: string; readonly version: string };
  readonly configs: { readonly recommended: PhiConfig };
}

// src/ and dist/ are both one folder below package.json, so this path works from either.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const base = {
  meta: { name: 'eslint-plugin-phi', version },
  rules,
} satisfies TSESLint.FlatConfig.Plugin;

// ESLint compares plugins by object identity, and a config that registers a different object
// under `phi` fails with "Cannot redefine plugin". So the recommended config registers `base`,
// which Object.assign turns into the exported plugin itself.
const plugin = Object.assign(base, {
  configs: { recommended: recommendedConfig(base) },
}) satisfies TSESLint.FlatConfig.Plugin;

const exported: PhiPlugin = plugin;

export { rules };
export default exported;
