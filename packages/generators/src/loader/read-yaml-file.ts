import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { SpecIssue } from '../issue.js';
import { parseYamlFile, type ParsedYamlFile } from './parse-yaml-file.js';

/**
 * Reads and parses one YAML file of the project. A file that cannot be read becomes an issue
 * at `location` (where the file was named), never an exception.
 */
export async function readYamlFile(
  root: string,
  file: string,
  location: Omit<SpecIssue, 'code' | 'message'>,
): Promise<ParsedYamlFile> {
  let text: string;
  try {
    text = await readFile(join(root, file), 'utf8');
  } catch (error) {
    const reason = readFailure(error);
    const issue: SpecIssue = { code: reason.code, message: `${reason.text}: ${file}`, ...location };
    return { document: undefined, issues: [issue] };
  }

  return parseYamlFile(text, file);
}

function readFailure(error: unknown): { code: string; text: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { code: 'spec.missing-file', text: 'file not found' };
  if (code === 'EISDIR') {
    return { code: 'spec.unreadable-file', text: 'expected a file, found a folder' };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return { code: 'spec.unreadable-file', text: 'permission denied reading file' };
  }
  return { code: 'spec.unreadable-file', text: `cannot read file (${code ?? 'unknown error'})` };
}
