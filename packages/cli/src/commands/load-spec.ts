import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { formatIssue, loadProject, type SpecIR, type SpecIssue } from '@hspec/generators';

import { CliError, ExitCode } from '../output/exit-code.js';
import { neutralizeControls, type Writer } from '../output/writer.js';

/** Turns the `[project]` argument (hspec.yaml or its folder) into the path of hspec.yaml. */
export function resolveConfigPath(project: string): string {
  const path = resolve(project);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new CliError(`project not found: ${project} does not exist`, ExitCode.usage);
  }

  if (!stats.isDirectory()) return path;

  for (const name of ['hspec.yaml', 'hspec.yml']) {
    const candidate = join(path, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Try the next name.
    }
  }
  throw new CliError(
    `no hspec.yaml in ${project}; pass the project file or run \`hspec init\` to create one`,
    ExitCode.usage,
  );
}

/** Loads and validates the spec; prints every issue and returns undefined when there are any. */
export async function loadSpec(project: string, writer: Writer): Promise<SpecIR | undefined> {
  const result = await loadProject(resolveConfigPath(project));
  if (result.ok) return result.ir;

  printIssues(result.issues, resolve(project), writer);
  return undefined;
}

/** Prints issues as `file:line:column path: message [code]` with the source line under each. */
export function printIssues(issues: readonly SpecIssue[], projectPath: string, writer: Writer): void {
  const root = projectRoot(projectPath);
  const sources = new Map<string, readonly string[] | undefined>();

  const shownLimit = 200;
  for (const issue of issues.slice(0, shownLimit)) {
    const text = neutralizeControls(formatIssue(issue));
    writer.problem(`${writer.paintErr('bold', text)} ${writer.paintErr('dim', `[${issue.code}]`)}`);
    const excerpt = sourceExcerpt(root, issue, sources);
    if (excerpt !== undefined) writer.problem(excerpt);
  }

  if (issues.length > shownLimit) {
    writer.problem(`... and ${issues.length - shownLimit} more (run with --json to see them all)`);
  }
  const files = new Set(issues.map((issue) => issue.file)).size;
  const noun = issues.length === 1 ? 'error' : 'errors';
  writer.problem(
    writer.paintErr('red', `${issues.length} ${noun} in ${files} ${files === 1 ? 'file' : 'files'}`),
  );
}

function projectRoot(projectPath: string): string {
  try {
    return statSync(projectPath).isDirectory() ? projectPath : resolve(projectPath, '..');
  } catch {
    return projectPath;
  }
}

function sourceExcerpt(
  root: string,
  issue: SpecIssue,
  cache: Map<string, readonly string[] | undefined>,
): string | undefined {
  if (!cache.has(issue.file)) {
    try {
      cache.set(issue.file, readFileSync(join(root, issue.file), 'utf8').split(/\r?\n/));
    } catch {
      cache.set(issue.file, undefined);
    }
  }

  const line = cache.get(issue.file)?.[issue.line - 1];
  if (line === undefined || line.trim() === '') return undefined;

  // Show at most 120 characters of a long line, around the column.
  const width = 120;
  const start = Math.max(0, Math.min(issue.column - 1 - width / 2, line.length - width));
  const visibleText = neutralizeControls(line.slice(start, start + width).replace(/\t/g, ' '));
  const gutter = `${issue.line} | ${start > 0 ? '...' : ''}`;
  const caretColumn = gutter.length + Math.max(0, issue.column - 1 - start);
  return `  ${gutter}${visibleText}\n  ${' '.repeat(caretColumn)}^`;
}
