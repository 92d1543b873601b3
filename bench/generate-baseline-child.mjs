// The floor under any generator in the same run: parse the spec's YAML files with the same
// library and write the bytes that hspec generated into a new folder, 16 files at a time. Reads
// the generated files into memory first, untimed, and prints the time as JSON.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

import { parseAllDocuments } from '../packages/generators/node_modules/yaml/dist/index.js';

const [root, generated, target] = process.argv.slice(2);

async function filesUnder(folder) {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

const specPaths = [join(root, 'hspec.yaml'), ...(await filesUnder(join(root, 'specs')))];
const outputs = await Promise.all(
  (await filesUnder(generated)).map(async (path) => ({
    path: relative(generated, path),
    contents: await readFile(path, 'utf8'),
  })),
);

const started = performance.now();
for (const path of specPaths) parseAllDocuments(await readFile(path, 'utf8'), { version: '1.2' });
const parsed = performance.now();
for (const folder of new Set(outputs.map((file) => dirname(join(target, file.path))))) {
  await mkdir(folder, { recursive: true });
}
let next = 0;
const writeNext = async () => {
  while (next < outputs.length) {
    const file = outputs[next++];
    await writeFile(join(target, file.path), file.contents, 'utf8');
  }
};
await Promise.all(Array.from({ length: 16 }, writeNext));
const written = performance.now();

process.stdout.write(
  JSON.stringify({ totalMs: written - started, parseMs: parsed - started, writeMs: written - parsed }),
);
