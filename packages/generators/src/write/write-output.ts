import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { GeneratedFile } from '../generate/generate-files.js';
import { hasDrift, OutputFolderError, planOutput, type OutputPlan } from './output-plan.js';

/** Raised when the output folder contains files that hspec did not generate. */
export class ForeignFilesError extends Error {
  readonly code = 'output.foreign-files';
  readonly files: readonly string[];

  constructor(outDir: string, files: readonly string[]) {
    super(
      `${outDir} contains files that hspec did not generate (${files.join(', ')}); ` +
        'move them out or point `out` at a folder that only hspec writes',
    );
    this.name = 'ForeignFilesError';
    this.files = files;
  }
}

/**
 * Replaces the output folder with the generated files as one step: everything is written to a
 * sibling folder first and swapped in by rename, so a run that fails part-way leaves the previous
 * output as it was. Files are left untouched when nothing changed, and a folder holding files
 * hspec did not write is never replaced.
 */
export async function writeOutput(
  outDir: string,
  files: readonly GeneratedFile[],
): Promise<OutputPlan> {
  await removeLeftovers(outDir);

  const plan = await planOutput(outDir, files);
  if (plan.foreign.length > 0) throw new ForeignFilesError(basename(outDir), plan.foreign);
  if (!hasDrift(plan)) return plan;
  await assertReplaceable(outDir, plan);

  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = `${outDir}.hspec-tmp-${suffix}`;
  const previous = `${outDir}.hspec-old-${suffix}`;

  try {
    await writeTree(staging, files);
    for (const path of plan.kept) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await copyFile(join(outDir, path), join(staging, path));
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  await swapIn(outDir, staging, previous);
  return plan;
}

/**
 * Checks that the folder's parent and every folder below it can be changed, so that the swap
 * never starts on a folder it could not finish replacing.
 */
async function assertReplaceable(outDir: string, plan: OutputPlan): Promise<void> {
  const folders = new Set([dirname(outDir)]);
  if (await exists(outDir)) {
    folders.add(outDir);
    for (const path of [...plan.changed, ...plan.removed, ...plan.unchanged, ...plan.kept]) {
      folders.add(dirname(join(outDir, path)));
    }
  }

  for (const folder of [...folders].sort()) {
    if (!(await exists(folder))) continue;
    try {
      await access(folder, constants.W_OK | constants.X_OK);
    } catch {
      throw new OutputFolderError(`${folder} is not writable; nothing was changed`);
    }
  }
}

// Files written at once into the staging folder: a spec of 1,000 models gives some 3,000
// files, and one write at a time leaves the thread pool of libuv mostly idle.
const concurrentWrites = 16;

async function writeTree(root: string, files: readonly GeneratedFile[]): Promise<void> {
  await mkdir(root, { recursive: true });
  const folders = new Set(files.map((file) => dirname(join(root, file.path))));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });

  let next = 0;
  const writeNext = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next]!;
      next += 1;
      await writeFile(join(root, file.path), file.contents, 'utf8');
    }
  };
  await Promise.all(Array.from({ length: concurrentWrites }, writeNext));
}

async function swapIn(outDir: string, staging: string, previous: string): Promise<void> {
  const hadOutput = await exists(outDir);
  if (!hadOutput) await mkdir(dirname(outDir), { recursive: true });
  if (hadOutput) await rename(outDir, previous);

  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadOutput) await rename(previous, outDir);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  if (hadOutput) await rm(previous, { recursive: true, force: true }).catch(() => undefined);
}

/** Removes staging folders that an interrupted run left beside the output folder. */
async function removeLeftovers(outDir: string): Promise<void> {
  const parent = dirname(outDir);
  const prefix = `${basename(outDir)}.hspec-`;
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }

  for (const name of names) {
    if (!name.startsWith(`${prefix}tmp-`) && !name.startsWith(`${prefix}old-`)) continue;
    // An interrupted swap can leave only the previous output behind; put it back first.
    if (name.startsWith(`${prefix}old-`) && !(await exists(outDir))) {
      await rename(join(parent, name), outDir);
      continue;
    }
    // A leftover that cannot be removed (for example read-only) must not block later runs.
    await rm(join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
