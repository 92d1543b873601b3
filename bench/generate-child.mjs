// Runs one generate (load, validate, generate, write) in a fresh process and prints its time and
// peak resident memory as JSON, so that each size is measured without the others' heap.
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

import { generateFiles, loadProject, writeOutput } from '../packages/generators/dist/index.js';

const [root] = process.argv.slice(2);
const started = performance.now();

const result = await loadProject(resolve(root, 'hspec.yaml'));
if (!result.ok) {
  process.stderr.write(`${JSON.stringify(result.issues.slice(0, 5))}\n`);
  process.exit(1);
}
const loaded = performance.now();
const files = generateFiles(result.ir);
const generated = performance.now();
const plan = await writeOutput(resolve(root, result.ir.project.out), files);
const written = performance.now();

process.stdout.write(
  JSON.stringify({
    totalMs: written - started,
    loadMs: loaded - started,
    generateMs: generated - loaded,
    writeMs: written - generated,
    files: files.length,
    changed: plan.added.length + plan.changed.length + plan.removed.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
