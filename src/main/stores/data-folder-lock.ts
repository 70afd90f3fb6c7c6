import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
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
 * ever reads half a lock. A lock whose process is gone (a crash, a kill -9) is taken over.
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
      // Two tries: the second follows the removal of a lock whose holder is gone.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await link(temp, path);
          return new DataFolderLock(path, me);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw storageFailed(path, error);
        }
        const holder = await readHolder(path);
        if (holder !== undefined && isRunning(holder)) throw inUse(dir, path, holder);
        // Remove the dead holder's lock, unless someone else took it over since we read it.
        if (sameHolder(await readHolder(path), holder)) await unlink(path).catch(() => undefined);
      }
      throw inUse(dir, path, await readHolder(path));
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /** Gives the folder up (only if the lock is still ours). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (sameHolder(await readHolder(this.path), this.holder)) await unlink(this.path).catch(() => undefined);
  }
}

function sameHolder(a: LockHolder | undefined, b: LockHolder | undefined): boolean {
  return a?.pid === b?.pid && a?.hostname === b?.hostname && a?.startedAt === b?.startedAt;
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
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
