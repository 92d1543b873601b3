import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Inode and size of a file after a durable append. */
export interface AppendedFile {
  readonly inode: number;
  /** Size in bytes after the append. */
  readonly size: number;
}

/**
 * Appends text to a file (created with mode 0600 when missing) and flushes it to disk with
 * fsync before resolving. When the write fails part way, the file is cut back to its size
 * before the write, so that no partial line stays behind to be chained over.
 */
export async function appendDurably(path: string, text: string): Promise<AppendedFile> {
  const handle = await open(path, 'a', 0o600);
  let sizeBefore: number | undefined;
  let created = false;
  try {
    const before = await handle.stat();
    sizeBefore = before.size;
    created = before.size === 0;
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    const after = await handle.stat();
    return { inode: after.ino, size: after.size };
  } catch (error) {
    if (sizeBefore !== undefined) {
      await handle.truncate(sizeBefore).catch(() => undefined);
    }
    throw error;
  } finally {
    await handle.close();
    if (created) {
      await flushFolder(dirname(path));
    }
  }
}

/**
 * Flushes a folder's entries, so that a newly created or renamed file survives a crash. Some
 * platforms (Windows) cannot open a folder for this; the file's own data is flushed already.
 */
export async function flushFolder(folder: string): Promise<void> {
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
