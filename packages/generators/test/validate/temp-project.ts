import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { loadProject } from '../../src/load-project.js';
import type { SpecIssue } from '../../src/issue.js';

/** The hspec.yaml that temporary projects get unless a test writes its own. */
export const defaultProjectFile = 'version: 1\nspecs: specs/\nout: src/generated\n';

/**
 * Writes a project into a new temporary folder: each key is a path relative to the root, each
 * value the file's text. Adds the default hspec.yaml when the files hold no project file.
 */
export function writeProject(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'hspec-spec-'));
  const hasProjectFile = 'hspec.yaml' in files || 'hspec.yml' in files;
  const all = hasProjectFile ? files : { 'hspec.yaml': defaultProjectFile, ...files };
  for (const [path, text] of Object.entries(all)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return root;
}

/** One issue reduced to what tests assert: its code and `file:line:column`. */
export interface IssueAt {
  readonly code: string;
  readonly at: string;
}

/** Loads a temporary project and returns its issues as code and position, in reported order. */
export async function issuesOf(files: Readonly<Record<string, string>>): Promise<IssueAt[]> {
  const result = await loadProject(writeProject(files));
  if (result.ok) return [];
  return result.issues.map(toIssueAt);
}

/** Loads a temporary project and returns the full issues, for tests that read messages. */
export async function fullIssuesOf(files: Readonly<Record<string, string>>): Promise<readonly SpecIssue[]> {
  const result = await loadProject(writeProject(files));
  return result.ok ? [] : result.issues;
}

/** Reduces an issue to its code and `file:line:column`. */
export function toIssueAt(issue: SpecIssue): IssueAt {
  return { code: issue.code, at: `${issue.file}:${issue.line}:${issue.column}` };
}
