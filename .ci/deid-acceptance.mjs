// Acceptance run of `hspec deid` on reference FHIR R4 data. Every Synthea Bundle and the bulk
// NDJSON export are de-identified with a project's spec. The output must contain none of the
// names, identifiers, street lines, phone numbers, emails and full dates of the input, and no
// address may keep a city. City names are not searched as text, because a spec may keep
// organization names as plain fields, and those often contain one ("Boston Medical Center").
// Usage: node .ci/deid-acceptance.mjs PROJECT FHIR_DATA_FOLDER
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import {
  identifyingValues,
  valuesIn,
} from '../packages/runtime/test/deid/identifying-values.mjs';

const [project, data] = process.argv.slice(2);
const work = '.tmp/deid-acceptance';
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const hspec = (args) =>
  execFileSync(process.execPath, ['packages/cli/bin/hspec.js', 'deid', project, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });

const runs = [];
const bundles = join(data, 'synthea/bundles');
for (const name of readdirSync(bundles).filter((file) => file.endsWith('.json')).sort()) {
  runs.push({ inputs: [join(bundles, name)], format: 'bundle', out: join(work, name) });
}
const bulk = join(data, 'synthea/bulk-ndjson');
const ndjson = readdirSync(bulk)
  .filter((file) => file.endsWith('.ndjson') && file !== 'log.ndjson')
  .sort()
  .map((file) => join(bulk, file));
runs.push({ inputs: ndjson, format: 'ndjson', out: join(work, 'bulk.ndjson') });

let resources = 0;
let failures = 0;
for (const run of runs) {
  const args = [...run.inputs.flatMap((input) => ['--in', input]), '--format', run.format];
  const summary = JSON.parse(hspec([...args, '--out', run.out, '--json']));
  resources += Object.values(summary.resources).reduce((sum, count) => sum + count, 0);

  const values = new Set();
  for (const input of run.inputs) {
    const text = readFileSync(input, 'utf8');
    const documents =
      run.format === 'bundle'
        ? [JSON.parse(text)]
        : text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
    for (const document of documents) identifyingValues(document, values, { cities: false });
  }
  const output = readFileSync(run.out, 'utf8');
  const leaked = valuesIn(output, values);
  const cities = output.match(/"city":/g)?.length ?? 0;
  if (leaked.length > 0 || cities > 0) {
    failures += 1;
    // The data is synthetic, but the report names counts only, as a real run would.
    console.error(
      `deid acceptance: ${run.out} still holds ${leaked.length} identifying values and ${cities} cities`,
    );
  }
}

if (failures > 0) process.exit(1);
console.log(
  `deid acceptance: ${runs.length} runs, ${resources} resources, no identifying value of the input in the output`,
);
