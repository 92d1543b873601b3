import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// In the repository, specs/ sits four levels up from both src/validate/ and dist/validate/; a
// published package carries a copy in its own specs/ folder (see scripts/copy-specs.mjs).
const specsFolders = [
  new URL('../../../../specs/', import.meta.url),
  new URL('../../specs/', import.meta.url),
];

const cache = new Map<string, unknown>();

/**
 * Reads a JSON file that hspec ships in specs/ (the JSON Schemas and the catalogs). A missing
 * or broken file is an installation error, not a spec error, so it throws.
 */
export function readSpecAsset(relativePath: string): unknown {
  const cached = cache.get(relativePath);
  if (cached !== undefined) return cached;

  const folder =
    specsFolders.find((candidate) => existsSync(fileURLToPath(new URL(relativePath, candidate)))) ??
    specsFolders[specsFolders.length - 1];
  const path = fileURLToPath(new URL(relativePath, folder));
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  cache.set(relativePath, parsed);
  return parsed;
}
