import { hostname } from 'node:os';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hasErrorCode } from '../keys/describe-file-error.js';
import { AuditLogError } from './audit-log-error.js';

/** Options of `acquireLockFile`. */
export interface LockFileOptions {
  /** How long to wait for another holder, in milliseconds. */
  readonly timeoutMs: number;
  /** The log the lock protects, for error messages. */
  readonly source: string;
}

/** Releases a held lock file. */
export type ReleaseLockFile = () => Promise<void>;

// A lock file whose content cannot be read (its holder died between creating and writing it)
// counts as stale after this long, in milliseconds.
const unreadableLockStaleMs = 30_000;
// Breaking a stale lock takes a few milliseconds, so a break file older than this, in
// milliseconds, was left by a process that died while breaking one.
const breakFileStaleMs = 60_000;
const firstRetryMs = 2;
const maxRetryMs = 10;

/**
 * Takes an exclusive lock by creating `lockPath` with `wx`, which fails while another process
 * holds it, and writes the holder's pid, host name and start time into it. Waits with growing
 * pauses up to `timeoutMs`, then throws AuditLogError naming the file.
 *
 * A lock is stale when its holder ran on this host and that pid no longer exists (the process
 * crashed while appending). A stale lock is removed under a second lock file,
 * `<lockPath>.break`, so that two waiters cannot both remove it and one of them delete the
 * fresh lock that the other has just taken. A lock from another host cannot be checked, so it
 * is waited for until the timeout, and the error names the file to remove when no writer is
 * running there.
 */
export async function acquireLockFile(
  lockPath: string,
  options: LockFileOptions,
): Promise<ReleaseLockFile> {
  const deadline = Date.now() + options.timeoutMs;
  let pause = firstRetryMs;

  for (;;) {
    if (await tryCreateLock(lockPath)) {
      return () => unlink(lockPath).catch(() => undefined);
    }
    if (await isStale(lockPath)) {
      await breakStaleLock(lockPath);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new AuditLogError(
        'audit.lock-timeout',
        options.source,
        `another writer has held ${lockPath} for more than ${options.timeoutMs} ms; if no process is writing this log, remove that file`,
      );
    }
    await sleep(pause);
    pause = Math.min(pause * 2, maxRetryMs);
  }
}

async function tryCreateLock(lockPath: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (hasErrorCode(error, 'EEXIST')) {
      return false;
    }
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid} ${hostname()} ${new Date().toISOString()}\n`, 'utf8');
  } finally {
    await handle.close();
  }
  return true;
}

async function isStale(lockPath: string): Promise<boolean> {
  const holder = await readHolder(lockPath);
  if (holder === 'gone') {
    return false;
  }
  if (holder === undefined) {
    return await isOlderThan(lockPath, unreadableLockStaleMs);
  }
  return holder.host === hostname() && !isProcessAlive(holder.pid);
}

/** Removes a stale lock while holding `<lockPath>.break`, after checking it is still that lock. */
async function breakStaleLock(lockPath: string): Promise<void> {
  const breakPath = `${lockPath}.break`;
  if (!(await tryCreateLock(breakPath))) {
    if (await isOlderThan(breakPath, breakFileStaleMs)) {
      await unlink(breakPath).catch(() => undefined);
    }
    await sleep(firstRetryMs);
    return;
  }

  try {
    if (await isStale(lockPath)) {
      await unlink(lockPath).catch(() => undefined);
    }
  } finally {
    await unlink(breakPath).catch(() => undefined);
  }
}

interface LockHolder {
  readonly pid: number;
  readonly host: string;
}

/** Reads the holder of a lock; undefined when the content is unreadable, 'gone' when released. */
async function readHolder(lockPath: string): Promise<LockHolder | undefined | 'gone'> {
  let content: string;
  try {
    content = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) {
      return 'gone';
    }
    throw error;
  }

  const [pidText, host] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0 || host === undefined || host === '') {
    return undefined;
  }
  return { pid, host };
}

async function isOlderThan(path: string, milliseconds: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > milliseconds;
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) {
      return false;
    }
    throw error;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return !hasErrorCode(error, 'ESRCH');
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
