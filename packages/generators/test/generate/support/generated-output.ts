import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

import type { GeneratedFile } from '../../../src/generate/generate-files.js';

const generatorsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of the runtime entry point that generated code imports as `@hspec/runtime`. */
export const runtimeEntry = resolve(generatorsRoot, '../runtime/src/index.ts');

/** Absolute path of a scratch folder under `packages/generators/test/.tmp`, which git ignores. */
export function scratchFolder(name: string): string {
  return join(generatorsRoot, 'test/.tmp', name);
}

/**
 * Writes generated files into a fresh scratch folder, with a tsconfig as strict as the rules of
 * the generated code require, and returns the folder.
 */
export function writeGeneratedOutput(
  name: string,
  files: readonly GeneratedFile[],
  extraFiles: readonly GeneratedFile[] = [],
): string {
  const folder = scratchFolder(name);
  rmSync(folder, { recursive: true, force: true });
  for (const file of [...files, ...extraFiles]) {
    const path = join(folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }

  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noImplicitOverride: true,
      noFallthroughCasesInSwitch: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      paths: { '@hspec/runtime': [runtimeEntry] },
    },
    include: ['**/*.ts'],
  };
  writeFileSync(join(folder, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
  return folder;
}

/**
 * Type-checks a scratch folder with the TypeScript compiler API and returns the formatted
 * diagnostics of the files in it. Diagnostics inside the runtime sources are left out: they
 * belong to the runtime package and its own, less strict, tsconfig.
 */
export function typeCheck(folder: string): string[] {
  const configPath = join(folder, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, folder);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });

  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (path) => path,
    getCurrentDirectory: () => folder,
    getNewLine: () => '\n',
  };
  const inFolder = (diagnostic: ts.Diagnostic): boolean =>
    diagnostic.file === undefined || diagnostic.file.fileName.startsWith(folder);
  return ts
    .getPreEmitDiagnostics(program)
    .filter(inFolder)
    .map((diagnostic) => ts.formatDiagnostic(diagnostic, host).trim());
}
