import type { GeneratedFile } from '../../../src/generate/generate-files.js';

/** Returns the contents of one generated file, failing the test when it is missing. */
export function contentsOf(files: readonly GeneratedFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (file === undefined) {
    throw new Error(`${path} was not generated; got ${files.map((each) => each.path).join(', ')}`);
  }
  return file.contents;
}

/** Returns the lines of one generated file. */
export function linesOf(files: readonly GeneratedFile[], path: string): string[] {
  return contentsOf(files, path).split('\n');
}
