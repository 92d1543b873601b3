// Lints the telehealth example with real ESLint and type information from the example's own
// tsconfig. The config files import the built plugin, so run `npx tsc -b
// packages/eslint-plugin-phi` (or `pnpm build`) before these tests.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const exampleRoot = fileURLToPath(new URL('../../../../examples/telehealth/', import.meta.url));
const exampleConfig = fileURLToPath(new URL('./eslint.config.js', import.meta.url));
const leakyFile = 'src/leaky/leaky-handlers.ts';

const sourceFiles = readdirSync(`${exampleRoot}src`, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `src/${name}`)
  .sort();
const cleanFiles = sourceFiles.filter((name) => !name.startsWith('src/leaky/'));

const expectedLeakyMessages = [
  {
    ruleId: 'phi/no-unencrypted-phi-write',
    line: 22,
    column: 10,
    message:
      'PHI field "mrn" (identifier kind medical_record_number) reaches the database through better-sqlite3 Statement.run without encryption; encrypt it with encryptPatient first',
  },
  {
    ruleId: 'phi/no-phi-in-logs',
    line: 28,
    column: 37,
    message:
      'PHI field "ssn" (identifier kind ssn) reaches a log through console.log; log record ids and field names, never values',
  },
  {
    ruleId: 'phi/no-phi-in-response',
    line: 34,
    column: 12,
    message:
      'PHI field "mrn" (identifier kind medical_record_number) reaches an HTTP response through express Response.json outside a generated role view; send the view that the repository returns for the role, or leave the field out',
  },
];

const results = new Map<string, ESLint.LintResult>();
let eslint: ESLint;

beforeAll(async () => {
  eslint = new ESLint({ overrideConfigFile: exampleConfig, cwd: exampleRoot });
  for (const result of await eslint.lintFiles(['src'])) {
    results.set(relative(exampleRoot, result.filePath), result);
  }
});

function resultOf(file: string): ESLint.LintResult {
  const result = results.get(file);
  if (result === undefined) throw new Error(`${file} was not linted`);
  return result;
}

describe('telehealth example lint', () => {
  it('lints every TypeScript file under src', () => {
    expect([...results.keys()].sort()).toEqual(sourceFiles);
  });

  it('covers the generated code', () => {
    const generated = cleanFiles.filter((name) => name.startsWith('src/generated/'));

    expect(generated.length).toBeGreaterThan(10);
  });

  it.each(cleanFiles)('reports nothing in %s', (file) => {
    expect(resultOf(file).messages).toEqual([]);
  });

  it('reports each planted leak once', () => {
    const messages = resultOf(leakyFile).messages.map(({ ruleId, line, column, message }) => ({
      ruleId,
      line,
      column,
      message,
    }));

    expect(messages).toEqual(expectedLeakyMessages);
  });

  it('reports the leaks as errors', () => {
    const severities = resultOf(leakyFile).messages.map((message) => message.severity);

    expect(severities).toEqual([2, 2, 2]);
  });

  it('suggests encrypting the written patient', async () => {
    const source = await readFile(`${exampleRoot}${leakyFile}`, 'utf8');
    const [write] = resultOf(leakyFile).messages;
    const suggestion = write?.suggestions?.[0];
    if (suggestion === undefined) throw new Error('the write report has no suggestion');

    const [start, end] = suggestion.fix.range;
    const fixed = source.slice(0, start) + suggestion.fix.text + source.slice(end);

    expect(suggestion.desc).toBe('encrypt the record with encryptPatient and cipher first');
    expect(fixed).toContain('.run(encryptPatient(patient, cipher));');
    expect(fixed).toContain("import { encryptPatient } from '../generated/models/patient.js';");
  });
});

describe('repository lint config', () => {
  it.each(['no-phi-in-logs', 'no-phi-in-response', 'no-unencrypted-phi-write'])(
    'turns phi/%s on for the example',
    async (name) => {
      const repositoryLint = new ESLint({ cwd: repositoryRoot });

      const config = (await repositoryLint.calculateConfigForFile(
        'examples/telehealth/src/smoke.ts',
      )) as { rules: Record<string, unknown[]> };

      expect(config.rules[`phi/${name}`]?.[0]).toBe(2);
    },
  );

  it('lints the example except src/leaky', async () => {
    const repositoryLint = new ESLint({ cwd: repositoryRoot });

    const lintResults = await repositoryLint.lintFiles(['examples/telehealth/src']);
    const linted = lintResults.map((result) => relative(exampleRoot, result.filePath)).sort();
    const messages = lintResults.flatMap((result) => result.messages);

    expect(linted).toEqual(cleanFiles);
    expect(messages).toEqual([]);
  });
});

describe('leaky file', () => {
  it('type-checks with the rest of the example', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

    const run = promisify(execFile)(process.execPath, [tsc, '-p', exampleRoot, '--noEmit']);

    await expect(run).resolves.toMatchObject({ stdout: '' });
  });
});

describe('SARIF output', () => {
  interface SarifLog {
    version: string;
    $schema: string;
    runs: SarifRun[];
  }
  interface SarifRun {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } };
    artifacts: { location: { uri: string } }[];
    results: SarifResult[];
  }
  interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: {
      physicalLocation: {
        artifactLocation: { uri: string; index: number };
        region: { startLine: number; startColumn: number };
      };
    }[];
  }

  let log: SarifLog;
  let run: SarifRun;

  beforeAll(async () => {
    const sarifPackage = '@microsoft/eslint-formatter-sarif';
    const formatterPath = createRequire(import.meta.url).resolve(sarifPackage);
    const formatter = await eslint.loadFormatter(formatterPath);
    const text = await formatter.format([resultOf(leakyFile)]);
    log = JSON.parse(text) as SarifLog;
    const [firstRun] = log.runs;
    if (firstRun === undefined) throw new Error('the SARIF log has no run');
    run = firstRun;
  });

  it('declares SARIF version 2.1.0', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  });

  it('has one run by ESLint', () => {
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('ESLint');
  });

  it('has one error result per leak', () => {
    const summary = run.results.map((result) => ({
      ruleId: result.ruleId,
      line: result.locations[0]?.physicalLocation.region.startLine,
      column: result.locations[0]?.physicalLocation.region.startColumn,
      message: result.message.text,
    }));

    expect(summary).toEqual(expectedLeakyMessages);
    expect(run.results.map((result) => result.level)).toEqual(['error', 'error', 'error']);
  });

  it('points each result at the leaky file', () => {
    const uris = run.results.map(
      (result) => result.locations[0]?.physicalLocation.artifactLocation.uri,
    );

    expect(new Set(uris)).toEqual(new Set([`file://${exampleRoot}${leakyFile}`]));
    expect(run.artifacts.map((artifact) => artifact.location.uri)).toEqual([uris[0]]);
  });

  it('indexes each result into the artifacts of the run', () => {
    for (const result of run.results) {
      const location = result.locations[0]?.physicalLocation.artifactLocation;

      expect(run.artifacts[location?.index ?? -1]?.location.uri).toBe(location?.uri);
    }
  });

  it('indexes each result into the rules of the run', () => {
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  it('links each rule to its docs page', () => {
    const links = run.tool.driver.rules.map((rule) => rule.helpUri);

    expect(links).toHaveLength(3);
    for (const link of links) expect(link).toMatch(/\/docs\/rules\/[a-z-]+\.md$/);
  });
});
