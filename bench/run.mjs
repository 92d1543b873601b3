// Runs every benchmark, prints the results and rewrites docs/benchmarks.md with them, the machine
// and the command. Usage: `pnpm bench` (builds first), or `node bench/run.mjs crypto` for one.
import { cpus, totalmem, type } from 'node:os';
import { writeFile } from 'node:fs/promises';

const all = ['crypto', 'generate', 'policy', 'repository', 'audit', 'lint', 'deid'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;

const sections = [];
for (const name of chosen) {
  process.stderr.write(`running ${name} benchmark\n`);
  const module = await import(`./${name}.mjs`);
  const results = await module.default();
  sections.push({ name, results });
  for (const result of results) process.stderr.write(`  ${formatLine(result)}\n`);
}

if (chosen.length === all.length) {
  await writeFile(new URL('../docs/benchmarks.md', import.meta.url), render(sections));
  process.stderr.write('wrote docs/benchmarks.md\n');
}

function formatLine(result) {
  const ratio = result.ratio === undefined ? '' : ` (ratio ${result.ratio.toFixed(2)})`;
  return `${result.name}: ${result.value} ${result.unit}${ratio}`;
}

function render(sections) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    'Produced by `pnpm bench` (which runs `node bench/run.mjs` after a build). Each ratio compares',
    'hspec with a baseline measured in the same run on the same machine, so the ratios carry over',
    'between machines better than the absolute numbers do.',
    '',
    `- machine: ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${type()}`,
    `- Node.js ${process.version}`,
    `- date: ${new Date().toISOString().slice(0, 10)}`,
    '',
  ];

  for (const section of sections) {
    lines.push(`## ${section.name}`, '', '| measurement | value | baseline | ratio | target | detail |');
    lines.push('| --- | ---: | --- | ---: | --- | --- |');
    for (const r of section.results) {
      const baseline = r.baseline ? `${r.baseline.name}: ${r.baseline.value} ${r.unit}` : '';
      const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x${r.ratioLabel ? ` (${r.ratioLabel})` : ''}`;
      lines.push(
        `| ${r.name} | ${r.value} ${r.unit} | ${baseline} | ${ratio} | ${r.target ?? ''} | ${r.detail ?? ''} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
