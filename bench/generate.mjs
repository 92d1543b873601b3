import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { writeSyntheticProject } from './synthetic-spec.mjs';

const execFileAsync = promisify(execFile);
const child = new URL('./generate-child.mjs', import.meta.url).pathname;

async function generateIn(root) {
  const { stdout } = await execFileAsync(process.execPath, [child, root], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

/** Median of three fresh-process runs, each into a new output folder. */
async function measure(models, fields) {
  const runs = [];
  let noop;
  for (let attempt = 0; attempt < 3; attempt++) {
    const root = await mkdtemp(join(tmpdir(), 'hspec-bench-'));
    try {
      await writeSyntheticProject(root, models, fields);
      runs.push(await generateIn(root));
      if (attempt === 0) noop = await generateIn(root);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  runs.sort((a, b) => a.totalMs - b.totalMs);
  return { median: runs[1], noop };
}

/** Generate time and peak memory for synthetic specs of 10, 100 and 1,000 models. */
export default async function run() {
  const fields = 20;
  const results = [];
  const sizes = [10, 100, 1000];
  const measured = new Map();

  for (const models of sizes) measured.set(models, await measure(models, fields));

  const perModel10 = measured.get(10).median.totalMs / 10;
  for (const models of sizes) {
    const { median, noop } = measured.get(models);
    results.push({
      name: `generate ${models} models x ${fields} fields (load, validate, generate, write)`,
      value: Math.round(median.totalMs),
      unit: 'ms',
      detail: `load ${Math.round(median.loadMs)} ms, generate ${Math.round(median.generateMs)} ms, write ${Math.round(median.writeMs)} ms, ${median.files} files, peak RSS ${Math.round(median.maxRssMb)} MB`,
      ratio: median.totalMs / models / perModel10,
      ratioLabel: 'time per model vs 10 models',
      target: models === 1000 ? '< 5000 ms' : undefined,
    });
    results.push({
      name: `no-op regenerate ${models} models (nothing changed on disk)`,
      value: Math.round(noop.totalMs),
      unit: 'ms',
      detail: `${noop.changed} files changed, peak RSS ${Math.round(noop.maxRssMb)} MB`,
      baseline: { name: 'first generate', value: Math.round(median.totalMs) },
      ratio: noop.totalMs / median.totalMs,
    });
  }
  return results;
}
