// The baseline of the de-identification benchmark: reads NDJSON line by line, parses each line
// and serializes it again into a file, with the same streams and back-pressure that `hspec deid`
// uses, and nothing else. Usage: node bench/deid-baseline.mjs INPUT OUTPUT. Prints one JSON line.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const [input, output] = process.argv.slice(2);
const started = process.hrtime.bigint();
const out = createWriteStream(output);
let resources = 0;
for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (line.length === 0) continue;
  const resource = JSON.parse(line);
  resources += 1;
  if (!out.write(`${JSON.stringify(resource)}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  `${JSON.stringify({ seconds, resources, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
