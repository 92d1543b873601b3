// `hspec deid` throughput and memory on NDJSON built from Synthea bundles, against a plain stream
// that only parses and re-serializes each line (bench/deid-baseline.mjs), in the same run.
//
// The input is every resource of the Synthea bundles in the test fixtures, one per line, repeated
// until it passes 200 MB. Two inputs are measured. The first repeats the resources unchanged, so
// the number of distinct ids stays that of the fixtures. The second gives every repetition new
// ids, so the map of replaced ids grows with the input. Peak memory of the first shows what
// streaming costs, and the difference between the two, divided by the added ids, is the cost of
// one id. Each measurement runs in a fresh process, alternating hspec and the baseline. Run
// `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const targetBytes = 200 * 1024 * 1024;
const rounds = 3;
const root = fileURLToPath(new URL('..', import.meta.url));
const fixtureFolders = ['packages/runtime/test/fixtures/fhir-deid', 'packages/runtime/test/fixtures/fhir'];

/** Measures throughput and memory and returns the results. */
export default async function run() {
  const folder = await mkdtemp(join(tmpdir(), 'hspec-bench-deid-'));
  try {
    const lines = await fixtureLines();
    const same = join(folder, 'same-ids.ndjson');
    const fresh = join(folder, 'new-ids.ndjson');
    const sameInfo = await writeInput(same, lines, false);
    const freshInfo = await writeInput(fresh, lines, true);
    const output = join(folder, 'out.ndjson');

    const hspecRuns = [];
    const baselineRuns = [];
    for (let round = 0; round < rounds; round += 1) {
      hspecRuns.push(runHspec(same, output));
      baselineRuns.push(runBaseline(same, output));
    }
    const hspec = median(hspecRuns);
    const baseline = median(baselineRuns);
    const freshRun = runHspec(fresh, output);
    const baselineFresh = runBaseline(fresh, output);

    const mb = sameInfo.bytes / 1e6;
    const rate = (result) => Math.round(result.resources / result.seconds);
    const addedIds = freshInfo.distinctIds - sameInfo.distinctIds;
    const perId = (freshRun.maxRssBytes - hspec.maxRssBytes) / addedIds;
    return [
      {
        name: `hspec deid, ${Math.round(mb)} MB NDJSON (${sameInfo.resources.toLocaleString('en-US')} resources)`,
        value: rate(hspec),
        unit: 'resources/s',
        baseline: { name: 'JSON.parse + JSON.stringify per line', value: rate(baseline) },
        ratio: hspec.seconds / baseline.seconds,
        ratioLabel: 'time',
        target: 'at most 2x the baseline time',
        detail: `median of ${rounds} fresh processes each; ${(sameInfo.bytes / hspec.seconds / 1e6).toFixed(1)} MB/s against ${(sameInfo.bytes / baseline.seconds / 1e6).toFixed(1)} MB/s`,
      },
      {
        name: 'peak memory, ids repeat',
        value: Math.round(hspec.maxRssBytes / 2 ** 20),
        unit: 'MiB',
        baseline: { name: 'baseline peak', value: Math.round(baseline.maxRssBytes / 2 ** 20) },
        ratio: hspec.maxRssBytes / baseline.maxRssBytes,
        target: 'flat in input size',
        detail: `${sameInfo.distinctIds.toLocaleString('en-US')} distinct ids in ${Math.round(mb)} MB`,
      },
      {
        name: 'peak memory, every id new',
        value: Math.round(freshRun.maxRssBytes / 2 ** 20),
        unit: 'MiB',
        baseline: { name: 'baseline peak', value: Math.round(baselineFresh.maxRssBytes / 2 ** 20) },
        ratio: freshRun.maxRssBytes / baselineFresh.maxRssBytes,
        target: 'grows only with distinct ids',
        detail: `${freshInfo.distinctIds.toLocaleString('en-US')} distinct ids; about ${Math.round(perId)} bytes per added id; ${rate(freshRun).toLocaleString('en-US')} resources/s`,
      },
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Every resource of the fixture bundles and NDJSON files, one JSON text each. */
async function fixtureLines() {
  const lines = [];
  for (const relative of fixtureFolders) {
    const folder = join(root, relative);
    const names = await readdir(folder).catch(() => []);
    for (const name of names.sort()) {
      const text = await readFile(join(folder, name), 'utf8');
      if (name.endsWith('.ndjson')) {
        lines.push(...text.split('\n').filter((line) => line.trim().length > 0));
      } else if (name.endsWith('.json')) {
        const data = JSON.parse(text);
        if (data.resourceType === 'Bundle') {
          for (const entry of data.entry ?? []) {
            if (entry.resource !== undefined) lines.push(JSON.stringify(entry.resource));
          }
        } else if (typeof data.resourceType === 'string') {
          lines.push(JSON.stringify(data));
        }
      }
    }
  }
  if (lines.length === 0) throw new Error('no FHIR fixtures found under packages/runtime/test/fixtures');
  return lines;
}

const uuidPattern = /\b[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;

/**
 * Writes the lines again and again until the file passes the target size. With `newIds`, each
 * repetition rewrites the first eight hex digits of every UUID, so its ids and references are
 * new but still match each other.
 */
async function writeInput(path, lines, newIds) {
  const out = createWriteStream(path);
  let bytes = 0;
  let resources = 0;
  let repetition = 0;
  const ids = new Set();
  for (const line of lines) for (const match of line.matchAll(uuidPattern)) ids.add(match[0]);
  const perRepetition = ids.size;
  while (bytes < targetBytes) {
    const prefix = repetition.toString(16).padStart(8, '0');
    for (const line of lines) {
      const text = newIds ? line.replace(uuidPattern, (_, rest) => `${prefix}${rest}`) : line;
      bytes += Buffer.byteLength(text) + 1;
      resources += 1;
      if (!out.write(`${text}\n`)) await once(out, 'drain');
    }
    repetition += 1;
  }
  out.end();
  await once(out, 'finish');
  const size = (await stat(path)).size;
  // Ids that are not UUIDs (plain resource ids of examples) repeat in every copy.
  return { bytes: size, resources, distinctIds: newIds ? perRepetition * repetition : perRepetition };
}

function runHspec(input, output) {
  const started = process.hrtime.bigint();
  const stdout = execFileSync(
    process.execPath,
    [
      join(root, 'bench/deid-child.mjs'),
      join(root, 'examples/telehealth'),
      input,
      output,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  return { ...result, wallSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function runBaseline(input, output) {
  const stdout = execFileSync(process.execPath, [join(root, 'bench/deid-baseline.mjs'), input, output], {
    encoding: 'utf8',
  });
  return JSON.parse(stdout.trim());
}

function median(runs) {
  const sorted = [...runs].sort((left, right) => left.seconds - right.seconds);
  return sorted[Math.floor(sorted.length / 2)];
}
