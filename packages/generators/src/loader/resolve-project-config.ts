import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

import type { SpecIssue } from '../issue.js';
import { pathKind, type ProjectLocation } from './find-project-file.js';
import { isRecord, locateInDocument, type SourceDocument } from './source-document.js';
import type { SpecPath } from './spec-path.js';

/** The settings of hspec.yaml, resolved against the project root. */
export interface ProjectConfig extends ProjectLocation {
  /** Spec files relative to the root, with forward slashes, sorted, each once. */
  readonly specFiles: readonly string[];
  /** Output folder relative to the root, with forward slashes. */
  readonly out: string;
  readonly database: 'sqlite' | 'postgres';
}

/** Output folder when hspec.yaml names none. */
export const defaultOut = 'src/generated';

const specExtensions = /\.ya?ml$/;

/**
 * Resolves `specs:` to the spec files (a folder gives its *.yaml and *.yml files, not those of
 * subfolders) and checks `out:`. Expects a project document that passed its schema.
 */
export async function resolveProjectConfig(
  project: ProjectLocation,
  document: SourceDocument,
): Promise<{ readonly config: ProjectConfig | undefined; readonly issues: readonly SpecIssue[] }> {
  const data = isRecord(document.data) ? document.data : {};
  const specs = data['specs'];
  const entries = typeof specs === 'string' ? [specs] : Array.isArray(specs) ? specs : [];
  const entryPath = (index: number): SpecPath =>
    typeof specs === 'string' ? ['specs'] : ['specs', index];

  const issues: SpecIssue[] = [];
  const files = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (typeof entry !== 'string') continue;
    const found = await specFilesOf(project.root, entry);
    const where = locateInDocument(document, entryPath(index), 'value');
    if (found.problem !== undefined) issues.push({ ...found.problem, ...where });
    for (const file of found.files) files.add(file);
  }

  const out = typeof data['out'] === 'string' ? data['out'] : defaultOut;
  const outProblem = checkOut(project, out, [...files]);
  if (outProblem !== undefined) {
    issues.push({ ...outProblem, ...locateInDocument(document, ['out'], 'value') });
  }

  if (issues.length > 0) return { config: undefined, issues };

  const database = data['database'] === 'postgres' ? 'postgres' : 'sqlite';
  const specFiles = [...files].sort(compareText);
  const outPath = toProjectPath(project.root, resolve(project.root, out));
  return { config: { ...project, specFiles, out: outPath, database }, issues };
}

type Problem = Pick<SpecIssue, 'code' | 'message'>;

async function specFilesOf(
  root: string,
  entry: string,
): Promise<{ readonly files: readonly string[]; readonly problem: Problem | undefined }> {
  const path = resolve(root, entry);
  const kind = await pathKind(path);

  if (kind === 'missing') {
    const kind = entry.endsWith('/') ? 'spec folder' : 'spec file';
    const message = `${kind} not found: ${entry}`;
    return { files: [], problem: { code: 'spec.missing-file', message } };
  }
  if (kind === 'file') return { files: [toProjectPath(root, path)], problem: undefined };

  const names = (await readdir(path, { withFileTypes: true }))
    .filter((item) => item.isFile() && specExtensions.test(item.name))
    .map((item) => item.name);
  if (names.length === 0) {
    const message = `no spec files in ${entry}; expected *.yaml or *.yml files`;
    return { files: [], problem: { code: 'spec.no-spec-files', message } };
  }
  return { files: names.map((name) => toProjectPath(root, join(path, name))), problem: undefined };
}

/** Generating replaces the output folder, so it must not hold the project's own files. */
function checkOut(
  project: ProjectLocation,
  out: string,
  specFiles: readonly string[],
): Problem | undefined {
  const outPath = resolve(project.root, out);
  const inputs = [project.configFile, ...specFiles].map((file) => resolve(project.root, file));
  const clash = inputs.find((input) => isInside(input, outPath));
  if (clash === undefined) return undefined;

  const name = toProjectPath(project.root, clash);
  return {
    code: 'spec.invalid-value',
    message: `invalid output folder "${out}": it contains ${name}; choose a folder of its own, such as ${defaultOut}`,
  };
}

function isInside(path: string, folder: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder !== '' && !fromFolder.startsWith('..') && !isAbsolute(fromFolder);
}

/** Converts a path to one relative to the project root with forward slashes, as issues use. */
export function toProjectPath(root: string, path: string): string {
  const fromRoot = relative(root, path);
  return fromRoot === '' ? '.' : fromRoot.split(sep).join('/');
}

/** Orders by UTF-16 code units, so that the order never depends on the locale. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
