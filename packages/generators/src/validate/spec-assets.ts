import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The repository's specs/ folder: four levels up from both src/validate/ and dist/validate/.
const specsFolder = new URL('../../../../specs/', import.meta.url);

const cache = new Map<string, unknown>();

/**
 * Reads a JSON file that hspec ships in specs/ (the JSON Schemas and the catalogs). A missing
 * or broken file is an installation error, not a spec error, so it throws.
 */
export function readSpecAsset(relativePath: string): unknown {
  const cached = cache.get(relativePath);
  if (cached !== undefined) return cached;

  const path = fileURLToPath(new URL(relativePath, specsFolder));
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  cache.set(relativePath, parsed);
  return parsed;
}
