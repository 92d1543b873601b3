import { open } from 'node:fs/promises';
import { hasErrorCode } from '../keys/describe-file-error.js';

/** The end of a text file, as `readLastLine` finds it. */
export interface FileTail {
  /** False when the file does not exist. */
  readonly exists: boolean;
  /** Inode number, which changes when the file is replaced by a rename. */
  readonly inode: number;
  /** Size in bytes. */
  readonly size: number;
  /** The last complete line without its newline; undefined when there is none. */
  readonly lastLine: string | undefined;
  /** True when the file does not end in a newline: its last line is incomplete. */
  readonly torn: boolean;
}

const chunkSize = 64 * 1024;
const newline = 0x0a;

/**
 * Reads the last complete line of a file by reading backwards from its end, so that opening a
 * long log reads only its last lines.
 */
export async function readLastLine(path: string): Promise<FileTail> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) {
      return { exists: false, inode: 0, size: 0, lastLine: undefined, torn: false };
    }
    throw error;
  }

  try {
    const { ino, size } = await handle.stat();
    if (size === 0) {
      return { exists: true, inode: ino, size, lastLine: undefined, torn: false };
    }

    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    const torn = last[0] !== newline;
    // For a torn file, the last complete line is the one before the incomplete tail.
    const end = torn ? await findLastNewline(handle, size) + 1 : size;
    const lastLine = end <= 0 ? undefined : await readLineEndingAt(handle, end);
    return { exists: true, inode: ino, size, lastLine, torn };
  } finally {
    await handle.close();
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Returns the offset of the last newline before `end`, or -1 when there is none. */
async function findLastNewline(handle: FileHandle, end: number): Promise<number> {
  let position = end;
  while (position > 0) {
    const start = Math.max(0, position - chunkSize);
    const chunk = Buffer.alloc(position - start);
    await handle.read(chunk, 0, chunk.length, start);
    const index = chunk.lastIndexOf(newline);
    if (index >= 0) {
      return start + index;
    }
    position = start;
  }
  return -1;
}

/** Reads the line that ends with the newline just before offset `end`. */
async function readLineEndingAt(handle: FileHandle, end: number): Promise<string> {
  const start = (await findLastNewline(handle, end - 1)) + 1;
  const buffer = Buffer.alloc(end - 1 - start);
  await handle.read(buffer, 0, buffer.length, start);
  return buffer.toString('utf8');
}
