import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';

import { loadProject } from '@hspec/generators';
import {
  createKeyringFile,
  HspecRuntimeError,
  readKeyringFile,
  rotateKeyringFile,
} from '@hspec/runtime';

import { CliError, ExitCode } from '../output/exit-code.js';
import type { Writer } from '../output/writer.js';
import { resolveConfigPath } from './load-spec.js';

/** The subcommands of `hspec keys`. */
export type KeysAction = 'new' | 'rotate' | 'list';

const defaultKeyringPath = '.hspec/keyring.json';
const dayMs = 86_400_000;

/** Creates, rotates or lists the local keyring file. Key bytes are never printed. */
export async function runKeys(
  action: KeysAction,
  project: string,
  writer: Writer,
  options: { readonly keyring: string | undefined },
): Promise<number> {
  const { path, rotateAfterSeconds } = await keyringLocation(project, options.keyring);
  const displayPath = relative(process.cwd(), path) || path;

  try {
    if (action === 'new') {
      const keyring = await createKeyringFile(path);
      writer.document({ ok: true, keyring: displayPath, activeKeyId: keyring.activeKeyId });
      writer.line(`${writer.paint('green', 'created')} ${displayPath} with data key ${keyring.activeKeyId}`);
      writer.line('keep this file out of version control and back it up: without it, PHI cannot be decrypted');
      return ExitCode.ok;
    }

    if (action === 'rotate') {
      const rotation = await rotateKeyringFile(path);
      writer.document({ ok: true, keyring: displayPath, ...rotation });
      writer.line(
        `${writer.paint('green', 'rotated')} ${displayPath}: new writes use ${rotation.activeKeyId}; ` +
          `${rotation.previousKeyId} still decrypts existing values`,
      );
      return ExitCode.ok;
    }

    return await listKeys(path, displayPath, rotateAfterSeconds, writer);
  } catch (error) {
    if (error instanceof HspecRuntimeError) throw new CliError(error.message, ExitCode.failure);
    throw error;
  }
}

async function listKeys(
  path: string,
  displayPath: string,
  rotateAfterSeconds: number | undefined,
  writer: Writer,
): Promise<number> {
  const keyring = await readKeyringFile(path);
  const now = Date.now();
  const keys = keyring.keys.map((key) => {
    const created = key.createdAt === undefined ? undefined : Date.parse(key.createdAt);
    const ageDays = created === undefined ? undefined : Math.floor((now - created) / dayMs);
    return { id: key.id, createdAt: key.createdAt, ageDays, active: key.id === keyring.activeKeyId };
  });
  const active = keys.find((key) => key.active);
  const overdue =
    rotateAfterSeconds !== undefined &&
    active?.ageDays !== undefined &&
    active.ageDays * 86_400 > rotateAfterSeconds;

  const mode = (await stat(path)).mode & 0o777;
  const exposed = (mode & 0o077) !== 0;

  writer.document({ ok: !overdue, keyring: displayPath, keys, rotationDue: overdue, exposed });
  for (const key of keys) {
    const marker = key.active ? writer.paint('green', 'active ') : '       ';
    const age =
      key.ageDays === undefined
        ? 'age unknown'
        : key.ageDays < 0
          ? 'created in the future; check createdAt and the clock'
          : `${key.ageDays} days old`;
    writer.line(`${marker} ${key.id}  ${age}`);
  }
  if (exposed) {
    writer.problem(
      `${displayPath} can be read by other users (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  }
  if (overdue) {
    writer.problem(
      `the active key is older than security.keys.rotateAfter; run \`hspec keys rotate\``,
    );
    return ExitCode.failure;
  }
  return ExitCode.ok;
}

/**
 * Finds the keyring file: `--keyring`, else `security.keys.path` of a spec that loads, else
 * .hspec/keyring.json beside hspec.yaml.
 */
async function keyringLocation(
  project: string,
  explicit: string | undefined,
): Promise<{ path: string; rotateAfterSeconds: number | undefined }> {
  if (explicit !== undefined) return { path: resolve(explicit), rotateAfterSeconds: undefined };

  let configPath: string;
  try {
    configPath = resolveConfigPath(project);
  } catch (error) {
    if (error instanceof CliError) return { path: resolve(project, defaultKeyringPath), rotateAfterSeconds: undefined };
    throw error;
  }

  const root = dirname(configPath);
  const result = await loadProject(configPath);
  const keys = result.ok ? result.ir.security?.keys : undefined;
  if (keys?.path === undefined) {
    return { path: resolve(root, defaultKeyringPath), rotateAfterSeconds: keys?.rotateAfter };
  }
  return { path: resolve(root, keys.path), rotateAfterSeconds: keys.rotateAfter };
}
