import { randomBytes } from 'node:crypto';
import { link, open, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Whether a private file write must create a new file or may replace an existing one. */
export type PrivateFileWriteMode = 'create' | 'replace';

const privateFileMode = 0o600;

/**
 * Writes a file readable only by its owner (mode 0600), atomically. The contents go to a
 * temporary file in the same folder, which is flushed to disk and then moved into place. A
 * reader therefore sees the old file or the new one, never a partial write.
 *
 * In `create` mode the temporary file is hard-linked to the target, which fails with `EEXIST`
 * instead of replacing a file that appeared in the meantime. In `replace` mode it is renamed
 * over the target. Errors from the file system are thrown unchanged.
 */
export async function writePrivateFile(
  path: string,
  contents: string,
  mode: PrivateFileWriteMode,
): Promise<void> {
  // Replacing a symbolic link would leave the real file (for example in a vault mount) without
  // the change, so a replace writes beside the file the link points to.
  const target = mode === 'replace' ? await realpath(path).catch(() => path) : path;
  const folder = dirname(target);
  const temporaryPath = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);

  try {
    await writeAndFlush(temporaryPath, contents);
    if (mode === 'create') {
      await link(temporaryPath, target);
    } else {
      await rename(temporaryPath, target);
    }
  } finally {
    await rm(temporaryPath, { force: true });
  }
  await flushFolder(folder);
}

async function writeAndFlush(path: string, contents: string): Promise<void> {
  const handle = await open(path, 'wx', privateFileMode);
  try {
    // The umask may have cleared bits of the mode given to open, so set it explicitly.
    await handle.chmod(privateFileMode);
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes the folder entry so that the new name survives a crash. Some platforms (Windows) and
 * file systems cannot open a folder for this. The file itself is already flushed, so a failure
 * here is ignored.
 */
async function flushFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}
