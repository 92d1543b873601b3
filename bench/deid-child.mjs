// Runs `hspec deid PROJECT --in INPUT --out OUTPUT` in this process through the built CLI and
// prints one JSON line with the time, the resource count and the peak memory of the process.
// Usage: node bench/deid-child.mjs PROJECT INPUT OUTPUT.
import { runCli } from '../packages/cli/dist/index.js';

const [project, input, output] = process.argv.slice(2);
const errors = [];
const err = {
  write(chunk) {
    errors.push(String(chunk));
    return true;
  },
};
const started = process.hrtime.bigint();
const code = await runCli(
  ['deid', project, '--in', input, '--out', output, '--as-of', '2024-01-01', '--json'],
  { out: err, err, env: process.env },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (code !== 0) {
  process.stderr.write(errors.join(''));
  process.exit(code);
}
const summary = JSON.parse(errors.join(''));
process.stdout.write(
  `${JSON.stringify({
    seconds,
    resources: Object.values(summary.resources).reduce((sum, count) => sum + count, 0),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
