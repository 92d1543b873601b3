import { cp, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { execa, type Result } from 'execa';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const hspecBin = join(repoRoot, 'packages/cli/bin/hspec.js');
export const exampleProject = join(repoRoot, 'examples/telehealth');

/** Runs the built CLI as a user would, without colour, and never rejects on a non-zero exit. */
export function hspec(args: readonly string[], cwd = repoRoot): Promise<Result> {
  return execa(process.execPath, [hspecBin, ...args], {
    cwd,
    reject: false,
    env: { NO_COLOR: '1', HSPEC_DEBUG: '' },
  });
}

/** Copies the example's hspec.yaml and specs/ (not its generated output) into a new temp folder. */
export async function copyExampleSpec(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'hspec-cli-'));
  await cp(join(exampleProject, 'hspec.yaml'), join(root, 'hspec.yaml'));
  await cp(join(exampleProject, 'specs'), join(root, 'specs'), { recursive: true });
  return root;
}

/** Reads every file below a folder into a map of relative path to contents. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(root.length + 1), await readFile(path, 'utf8'));
  }
  return files;
}
