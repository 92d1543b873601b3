import { appendFile, lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

import { ExitCode } from '../output/exit-code.js';
import type { Writer } from '../output/writer.js';

const projectFile = `version: 1
specs: specs/
out: src/generated
database: sqlite
`;

const modelsFile = `models:
  Organization:
    tenant: true
    fields:
      id:   { type: uuid, primaryKey: true }
      name: { type: string }

  Patient:
    subject: true
    organization: organizationId
    fields:
      id:             { type: uuid, primaryKey: true }
      organizationId: { type: uuid, references: Organization }
      mrn:            { type: string, phi: medical_record_number, lookup: exact }
      givenName:      { type: string, phi: name }
      familyName:     { type: string, phi: name }
      birthDate:      { type: date, phi: date }
`;

const securityFile = `audit:
  retention: 6y
  purposeOfUse: required

security:
  keys:
    provider: file
    path: .hspec/keyring.json
    rotateAfter: 90d
`;

/** Creates a starter project: hspec.yaml, two spec files and a .gitignore entry for keys. */
export async function runInit(folder: string, writer: Writer): Promise<number> {
  const root = resolve(folder);
  const configPath = join(root, 'hspec.yaml');

  const existing = await lstat(configPath).catch(() => undefined);
  if (existing !== undefined) {
    writer.document({ ok: false, error: 'init.exists' });
    writer.problem(`${relative(process.cwd(), configPath) || configPath} exists already; nothing was written`);
    return ExitCode.failure;
  }

  await mkdir(join(root, 'specs'), { recursive: true });
  const created: string[] = [];
  const skipped: string[] = [];
  for (const [path, contents] of [
    ['specs/models.yaml', modelsFile],
    ['specs/controls.yaml', securityFile],
  ] as const) {
    // `wx` never replaces a file that a user already has.
    const written = await writeFile(join(root, path), contents, { flag: 'wx' }).then(
      () => true,
      () => false,
    );
    if (written) created.push(path);
    else skipped.push(path);
  }
  await writeFile(configPath, projectFile, { flag: 'wx' });
  created.unshift('hspec.yaml');

  const gitignore = join(root, '.gitignore');
  const ignored = await readFile(gitignore, 'utf8').catch(() => '');
  let gitignoreUpdated = false;
  if (!ignored.split(/\r?\n/).includes('.hspec/')) {
    await appendFile(gitignore, `${ignored === '' || ignored.endsWith('\n') ? '' : '\n'}.hspec/\n`);
    gitignoreUpdated = true;
  }

  writer.document({ ok: true, created, skipped, gitignoreUpdated });
  for (const path of created) writer.line(`${writer.paint('green', 'created')} ${path}`);
  for (const path of skipped) writer.line(`kept ${path}, which exists already`);
  if (gitignoreUpdated) writer.line(`${writer.paint('green', 'updated')} .gitignore: added .hspec/`);
  writer.line('next: `hspec keys new`, then `hspec generate`');
  return ExitCode.ok;
}
