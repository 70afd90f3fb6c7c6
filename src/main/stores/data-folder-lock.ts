import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SwitchyardError } from '../../shared/errors';
import { storageFailed } from './atomic-write';

/**
 * One writer per data folder. Two processes on one folder (two `serve`, or `serve` beside the app) would
 * each keep their own copy of the history and overwrite each other's writes; the second one to start is
 * refused instead, told which process holds the folder.
 *
 * The lock is `switchyard.lock` holding the holder's pid, host, command and start time. It is created
 * whole (written to a temp file, then hard-linked into place, which fails if the lock exists), so no one
 * ever reads half a lock. A lock whose process is gone (a crash, a kill -9) is taken over at once (see
 * takeOver for two starts doing so together). Liveness is the holder's pid, not a heartbeat on the file's
 * mtime: a crashed app can start again straight away, and a holder that is busy or asleep keeps its lock.
 */

export interface LockHolder {
  pid: number;
  hostname: string;
  /** What is running, in words: `switchyard serve`, `the Switchyard app`. */
  command: string;
  startedAt: string;
}

export const LOCK_FILE = 'switchyard.lock';

export class DataFolderLock {
  private released = false;

  private constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {}

  static async acquire(dir: string, command: string): Promise<DataFolderLock> {
    const path = join(dir, LOCK_FILE);
    const me: LockHolder = { pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString() };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
    await writeFile(temp, `${JSON.stringify(me)}\n`, { mode: 0o600 }).catch((error: unknown) => {
      throw storageFailed(temp, error);
    });
    try {
      // A retry follows a lock that went away, or changed hands, between our tries.
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await createExclusive(temp, path)) return new DataFolderLock(path, me);
        const seen = await readLock(path);
        if (seen === undefined) continue;
        if (seen.holder !== undefined && isRunning(seen.holder)) throw inUse(dir, path, seen.holder);
        const takeover = await takeOver(path, temp, seen.text);
        if (takeover === 'taken') return new DataFolderLock(path, me);
        if (takeover !== 'changed') throw inUse(dir, path, takeover.claimant);
      }
      throw inUse(dir, path, (await readLock(path))?.holder);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Gives the folder up (only if the lock is still ours). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (sameHolder((await readLock(this.path))?.holder, this.holder)) await unlink(this.path).catch(() => undefined);
  }
}

/**
 * Replaces a dead holder's lock with ours. Two starts may both find the same dead lock; only the one that
 * creates the claim named after that lock's content goes on, and it replaces the lock only if it still
 * reads the same, so a lock another start has just taken over is never removed. A start that finds the
 * claim made is told who made it.
 */
async function takeOver(path: string, temp: string, deadText: string): Promise<'taken' | 'changed' | { claimant: LockHolder | undefined }> {
  const claim = `${path}.${createHash('sha256').update(deadText).digest('hex').slice(0, 16)}.takeover`;
  if (!(await createExclusive(temp, claim))) return { claimant: (await readLock(claim))?.holder };
  try {
    if ((await readLock(path))?.text !== deadText) return 'changed';
    await rename(temp, path).catch((error: unknown) => {
      throw storageFailed(path, error);
    });
    return 'taken';
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

/** Hard-links `temp` to `path`: true when it was created, false when `path` exists already. */
async function createExclusive(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw storageFailed(path, error);
  }
}

function sameHolder(a: LockHolder | undefined, b: LockHolder | undefined): boolean {
  return a?.pid === b?.pid && a?.hostname === b?.hostname && a?.startedAt === b?.startedAt;
}

/** undefined: no lock there. `holder` is undefined for a file that is not a lock (it is taken over). */
async function readLock(path: string): Promise<{ text: string; holder: LockHolder | undefined } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return { text, holder: parseHolder(text) };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return undefined;
    return { pid: value.pid, hostname: value.hostname, command: String(value.command ?? 'switchyard'), startedAt: String(value.startedAt ?? '') };
  } catch {
    return undefined;
  }
}

/** On this host, whether the pid is alive; another host's process cannot be checked, so it counts as running. */
function isRunning(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, path: string, holder: LockHolder | undefined): SwitchyardError {
  const who = holder
    ? `${holder.command} (pid ${holder.pid}${holder.hostname === hostname() ? '' : ` on ${holder.hostname}`}, since ${holder.startedAt})`
    : 'another Switchyard process';
  return new SwitchyardError(
    'DATA_FOLDER_IN_USE',
    `The data folder ${dir} is in use by ${who}. Stop it first; if it is no longer running, delete ${path}.`,
    { retryable: false, details: { path: dir, lockFile: path, ...(holder ? { holder } : {}) } },
  );
}
