import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

import { scratchFolder } from './generated-output.js';

const generatorsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const sourceFolders = ['src', 'test/generate/support'];
// Support files that need the test runner or a database are not needed by the fixtures.
const skippedSources = new Set(
  ['generated-output.ts', 'transpile-generator.ts', 'test-cipher.ts', 'sqlite-rows.ts'].map(
    (name) => `test/generate/support/${name}`,
  ),
);

/**
 * Transpiles the generator and the fixture builders to JavaScript in a scratch folder, keeping
 * the folder layout, so that a plain `node` process can run them without the test runner. The
 * bare imports (`yaml`, `handlebars`) resolve from `packages/generators/node_modules`.
 * Returns the folder that mirrors `packages/generators`.
 */
export function transpileGenerator(name: string): string {
  const output = scratchFolder(name);
  for (const folder of sourceFolders) {
    const entries = readdirSync(join(generatorsRoot, folder), {
      recursive: true,
      withFileTypes: true,
    });
    for (const entry of entries) {
      const relativeFolder = entry.parentPath.slice(generatorsRoot.length + 1);
      const path = `${relativeFolder}/${entry.name}`;
      if (!entry.isFile() || !entry.name.endsWith('.ts') || skippedSources.has(path)) {
        continue;
      }
      const source = readFileSync(join(generatorsRoot, path), 'utf8');
      const result = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: path,
      });
      const target = join(output, path.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, result.outputText);
    }
  }
  // The validator reads the JSON Schemas and catalogs from a specs/ folder beside src/.
  cpSync(resolve(generatorsRoot, '../../specs'), join(output, 'specs'), { recursive: true });
  writeFileSync(join(output, 'package.json'), '{ "type": "module" }\n');
  return output;
}
