import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import type { SpecIssue } from '../issue.js';

/** Location of a project: the folder of hspec.yaml and the file's name in it. */
export interface ProjectLocation {
  readonly root: string;
  readonly configFile: string;
}

const projectFileNames = ['hspec.yaml', 'hspec.yml'];

/**
 * Resolves the path that the user gave (hspec.yaml itself, or the folder that contains it) to the
 * project root and file name, or to an issue when there is no project file.
 */
export async function findProjectFile(configPath: string): Promise<{
  readonly project: ProjectLocation | undefined;
  readonly issues: readonly SpecIssue[];
}> {
  const path = resolve(configPath);
  const kind = await pathKind(path);

  if (kind === 'file') {
    return { project: { root: dirname(path), configFile: basename(path) }, issues: [] };
  }

  if (kind === 'folder') {
    for (const name of projectFileNames) {
      if ((await pathKind(join(path, name))) === 'file') {
        return { project: { root: path, configFile: name }, issues: [] };
      }
    }
  }

  const folder = kind === 'folder' ? path : dirname(path);
  const file = kind === 'folder' ? 'hspec.yaml' : basename(path);
  const message =
    kind === 'folder'
      ? `project file not found: no hspec.yaml or hspec.yml in ${folder}`
      : `project file not found: ${path} does not exist`;
  return {
    project: undefined,
    issues: [{ code: 'spec.missing-file', message, file, line: 1, column: 1, path: '' }],
  };
}

/** Returns whether a path is a file, a folder, or missing. */
export async function pathKind(path: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    const stats = await stat(path);
    return stats.isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
