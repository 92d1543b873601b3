// Typed lint cost of eslint-plugin-phi on a synthetic 300-file TypeScript project. Every setup
// parses with type information; they differ only in their rules:
//
// - core: the core rule no-debugger, which never calls the type checker
// - core+phi: core plus the three PHI rules
// - typed: core plus @typescript-eslint/no-unsafe-argument, a rule that gets the type of every
//   call argument from the checker, as typed lint configs commonly do
// - typed+phi: typed plus the three PHI rules
//
// core+phi against core includes TypeScript's type checking, which any type-aware rule starts.
// typed+phi against typed leaves that out and shows what the PHI rules add to a typed setup.
// Each lint runs in a fresh Node process, because typescript-eslint keeps its TypeScript project
// service for the life of a process and a later lint in the same process would start warm. Run
// `pnpm build` first. This module prints nothing and returns its results from `run()`.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const pluginRoot = join(repositoryRoot, 'packages/eslint-plugin-phi');

const fileCount = 300;
// Every tenth file also logs an SSN and sends a whole Member, so the rules report on them.
const leakEvery = 10;
const rounds = 5;
const target = '<= 1.15x';
const setups = ['core', 'core+phi', 'typed', 'typed+phi'];

/** Lints the synthetic project in every setup and compares the PHI rules with two baselines. */
export default async function run() {
  const root = await mkdtemp(join(tmpdir(), 'hspec-bench-lint-'));
  try {
    await writeSyntheticProject(root);

    // Rounds alternate the setups, so that a slower stretch of the machine hits all of them.
    const lints = new Map(setups.map((setup) => [setup, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const setup of setups) lints.get(setup).push(await lintInChild(root, setup));
    }
    for (const setup of setups) checkReports(setup, lints.get(setup)[0]);

    const time = (setup) => median(lints.get(setup).map((lint) => lint.milliseconds));
    const reports = reportSummary(lints.get('core+phi')[0]);
    const detail = `median of ${rounds} fresh processes each, ${reports}`;
    return [
      {
        name: `typed lint of ${fileCount} files, the three PHI rules on`,
        value: Math.round(time('core+phi')),
        unit: 'ms',
        baseline: {
          name: 'the same typed lint with only no-debugger, which starts no type checking',
          value: Math.round(time('core')),
        },
        ratio: Number((time('core+phi') / time('core')).toFixed(3)),
        target,
        detail,
      },
      {
        name: `typed lint of ${fileCount} files with no-unsafe-argument, the three PHI rules on`,
        value: Math.round(time('typed+phi')),
        unit: 'ms',
        baseline: {
          name: 'the same typed lint with no-unsafe-argument only',
          value: Math.round(time('typed')),
        },
        ratio: Number((time('typed+phi') / time('typed')).toFixed(3)),
        target,
        detail: 'both setups run the type checker, so the ratio is the cost of the PHI rules alone',
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs one lint of `root` in a new Node process and returns its time and report counts. */
async function lintInChild(root, setup) {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await execFileAsync(process.execPath, [script, '--child', root, setup], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout);
}

/**
 * Fails the benchmark when a setup did not lint every file, when the PHI rules missed a planted
 * leak or reported a correct line, or when a baseline reported anything.
 */
function checkReports(setup, lint) {
  if (lint.files !== fileCount + 1) {
    throw new Error(
      `benchmark setup is wrong: ${setup} linted ${lint.files} files, expected ${fileCount + 1}`,
    );
  }

  const leaks = fileCount / leakEvery;
  const expected = setup.endsWith('+phi')
    ? {
        'phi/no-unencrypted-phi-write': fileCount,
        'phi/no-phi-in-logs': leaks,
        'phi/no-phi-in-response': leaks,
      }
    : {};
  const actual = JSON.stringify(lint.reports, Object.keys(lint.reports).sort());
  if (actual !== JSON.stringify(expected, Object.keys(expected).sort())) {
    throw new Error(
      `benchmark setup is wrong: ${setup} reported ${actual}, expected ${JSON.stringify(expected)}`,
    );
  }
}

function reportSummary(lint) {
  const counts = Object.entries(lint.reports).map(([ruleId, count]) => `${count} ${ruleId}`);
  return `${lint.files} files, reports: ${counts.join(', ')}`;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Writes a TypeScript project: a model module with PHI brands and 300 files that read fields,
 * write encrypted and plain values to SQLite, log non-PHI and send responses. Its node_modules
 * links to the repository's runtime and type packages, so the rules see the real brands.
 */
async function writeSyntheticProject(root) {
  await mkdir(join(root, 'src'), { recursive: true });
  await mkdir(join(root, 'node_modules/@hspec'), { recursive: true });
  await mkdir(join(root, 'node_modules/@types'), { recursive: true });
  const runtime = join(repositoryRoot, 'packages/runtime');
  await symlink(runtime, join(root, 'node_modules/@hspec/runtime'));
  for (const types of ['node', 'better-sqlite3', 'express']) {
    await symlink(
      join(repositoryRoot, 'node_modules/@types', types),
      join(root, 'node_modules/@types', types),
    );
  }

  await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(join(root, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  await writeFile(join(root, 'src/model.ts'), modelSource);
  for (let index = 0; index < fileCount; index += 1) {
    const name = `member-${String(index).padStart(3, '0')}.ts`;
    await writeFile(join(root, 'src', name), memberSource(index));
  }
}

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['src'],
};

const modelSource = `import type { Envelope, FieldCipher, Phi } from '@hspec/runtime';

export interface Member {
  readonly id: string;
  readonly plan: string;
  readonly ssn: Phi<string, 'ssn'>;
  readonly familyName: Phi<string, 'name'>;
}

export interface MemberRow {
  readonly id: string;
  readonly plan: string;
  readonly ssn: Envelope;
  readonly family_name: Envelope;
}

export function encryptMember(member: Member, cipher: FieldCipher): MemberRow {
  const context = (column: string) => ({ table: 'members', column, primaryKey: member.id });
  return {
    id: member.id,
    plan: member.plan,
    ssn: cipher.encrypt('string', member.ssn, context('ssn')),
    family_name: cipher.encrypt('string', member.familyName, context('family_name')),
  };
}
`;

function memberSource(index) {
  const leaks = index % leakEvery === 0;
  const lines = [
    "import type { FieldCipher } from '@hspec/runtime';",
    "import type Database from 'better-sqlite3';",
    "import type { Response } from 'express';",
    '',
    "import { encryptMember, type Member } from './model.js';",
    '',
    `export function saveMember${index}(`,
    '  database: Database.Database,',
    '  member: Member,',
    '  cipher: FieldCipher,',
    '): void {',
    '  const row = encryptMember(member, cipher);',
    '  database',
    "    .prepare('INSERT INTO members (id, plan, ssn, family_name) VALUES (?, ?, ?, ?)')",
    '    .run(row.id, row.plan, row.ssn, row.family_name);',
    `  console.log(\`saved member \${member.id} on plan \${member.plan} (${index})\`);`,
    '}',
    '',
    `export function exportMember${index}(database: Database.Database, member: Member): void {`,
    "  const insert = database.prepare('INSERT INTO member_export (id, ssn) VALUES (?, ?)');",
    '  insert.run(member.id, member.ssn);',
    '}',
    '',
    `export function sendSummary${index}(res: Response, member: Member): void {`,
    '  const plan = member.plan.trim().toLowerCase();',
    '  res.json({ id: member.id, plan, nameLength: member.familyName.length });',
    '}',
  ];
  if (leaks) {
    lines.push(
      '',
      `export function leakMember${index}(res: Response, member: Member): void {`,
      '  console.log(`checking ${member.ssn}`);',
      '  res.json(member);',
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Builds the flat config of one lint setup. Every setup parses with type information, so the
 * TypeScript program is built in each; only the rules differ.
 */
function configOf(setup, root, phi, tseslint) {
  const typed = {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { ...phi.configs.recommended.plugins, '@typescript-eslint': tseslint.plugin },
  };
  const coreRule = { 'no-debugger': 'error' };
  const typedRule = { '@typescript-eslint/no-unsafe-argument': 'error' };
  const phiRules = phi.configs.recommended.rules;

  switch (setup) {
    case 'core':
      return { ...typed, rules: coreRule };
    case 'core+phi':
      return { ...typed, rules: { ...coreRule, ...phiRules } };
    case 'typed':
      return { ...typed, rules: { ...coreRule, ...typedRule } };
    case 'typed+phi':
      return { ...typed, rules: { ...coreRule, ...typedRule, ...phiRules } };
    default:
      throw new Error(`unknown lint setup "${setup}"`);
  }
}

/** Child process: lints the project at `root` once and returns the time and report counts. */
async function lintOnce(root, setup) {
  const requireFromPlugin = createRequire(join(pluginRoot, 'package.json'));
  const { ESLint } = await import(pathToFileURL(requireFromPlugin.resolve('eslint')).href);
  const { default: tseslint } = await import(
    pathToFileURL(requireFromPlugin.resolve('typescript-eslint')).href
  );
  const { default: phi } = await import(pathToFileURL(join(pluginRoot, 'dist/index.js')).href);
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: configOf(setup, root, phi, tseslint),
  });

  const start = process.hrtime.bigint();
  const results = await eslint.lintFiles(['src']);
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;

  const reports = {};
  for (const message of results.flatMap((result) => result.messages)) {
    const ruleId = message.ruleId ?? 'fatal';
    reports[ruleId] = (reports[ruleId] ?? 0) + 1;
  }
  return { milliseconds, files: results.length, reports };
}

if (process.argv[2] === '--child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root, setup] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(await lintOnce(root, setup)));
}
