import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { TSESLint } from '@typescript-eslint/utils';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import plugin, { rules } from '../../src/index.js';

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { name: string; version: string };

const ruleNames = ['no-phi-in-logs', 'no-phi-in-response', 'no-unencrypted-phi-write'];

/** Lints `code` as a file named untyped.ts, with `config` and no type information. */
async function lintWithoutTypes(config: ESLint.Options['overrideConfig'], code: string) {
  const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: config });
  return eslint.lintText(code, { filePath: 'untyped.ts' });
}

describe('plugin object', () => {
  it('names the npm package in meta', () => {
    expect(plugin.meta.name).toBe(packageJson.name);
  });

  it('reads its version from package.json', () => {
    expect(plugin.meta.version).toBe(packageJson.version);
  });

  it('exports the three rules', () => {
    expect(Object.keys(rules).sort()).toEqual(ruleNames);
  });

  it('carries the rules on the plugin object', () => {
    expect(Reflect.get(plugin, 'rules')).toBe(rules);
  });

  it.each(ruleNames)('links rule %s to its docs page', (name) => {
    const url = rules[name as keyof typeof rules].meta.docs?.url;

    expect(url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
  });

  it.each(ruleNames)('marks rule %s as needing type information', (name) => {
    const { docs } = rules[name as keyof typeof rules].meta;

    expect(docs?.requiresTypeChecking).toBe(true);
  });
});

describe('configs.recommended', () => {
  const { recommended } = plugin.configs;
  // The public type gives only the shape that ESLint's config types accept.
  const { plugins, languageOptions, files } = recommended as TSESLint.FlatConfig.Config;

  it('registers the plugin object itself under phi', () => {
    expect(plugins?.['phi']).toBe(plugin);
  });

  it.each(ruleNames)('turns phi/%s on as an error', (name) => {
    expect(recommended.rules).toHaveProperty(`phi/${name}`, 'error');
  });

  it('turns on no rule outside the plugin', () => {
    expect(Object.keys(recommended.rules ?? {}).sort()).toEqual(
      ruleNames.map((name) => `phi/${name}`),
    );
  });

  it('leaves the parser and files to the user', () => {
    expect(languageOptions).toBeUndefined();
    expect(files).toBeUndefined();
  });

  it('accepts the plugin registered twice', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        { ...recommended, files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        { files: ['**/*.ts'], plugins: { phi: plugin }, rules: { 'phi/no-phi-in-logs': 'warn' } },
      ],
    });

    const config = (await eslint.calculateConfigForFile('src/app.ts')) as {
      rules: Record<string, unknown[]>;
    };

    expect(config.rules['phi/no-phi-in-logs']?.[0]).toBe(1);
    expect(config.rules['phi/no-phi-in-response']?.[0]).toBe(2);
    expect(config.rules['phi/no-unencrypted-phi-write']?.[0]).toBe(2);
  });

  it('rejects linting without type information', async () => {
    const config = [
      { ...recommended, files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ];

    await expect(lintWithoutTypes(config, 'console.log("ready");\n')).rejects.toThrow(
      /requires type information/,
    );
  });
});

describe('plugin types', () => {
  it('fit ESLint and typescript-eslint configs', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const fixture = fileURLToPath(new URL('./fixtures/typed-configs.ts', import.meta.url));
    const options = ['--noEmit', '--strict', '--skipLibCheck', '--types', 'node'];
    const moduleOptions = ['--module', 'nodenext', '--moduleResolution', 'nodenext'];

    const run = promisify(execFile)(process.execPath, [tsc, ...options, ...moduleOptions, fixture]);

    await expect(run).resolves.toMatchObject({ stdout: '' });
  });
});
