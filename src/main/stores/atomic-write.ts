import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SwitchyardError } from '../../shared/errors';

/**
 * Crash-safe file replacement: write a temp file beside the target, fsync it, rename it over the target,
 * then fsync the directory so the rename itself is durable. A reader (or the next start after a kill or a
 * power cut) sees either the old file or the new one, never a torn mix. A failure (a full disk, a folder
 * that is not writable) is STORAGE_FAILED naming the file, and the old file is left as it was.
 */

const TEMP_SUFFIX = '.tmp';

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  let handle;
  try {
    handle = await open(temp, 'w', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw storageFailed(path, error);
  }
  await syncDirectory(dirname(path));
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'its folder is missing',
};

export function storageFailed(path: string, error: unknown): SwitchyardError {
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  const reason = (errno && REASONS[errno]) ?? (error instanceof Error ? error.message : String(error));
  return new SwitchyardError('STORAGE_FAILED', `Could not save ${path}: ${reason}${errno ? ` (${errno})` : ''}`, {
    retryable: errno === 'ENOSPC' || errno === 'EDQUOT',
    details: { path, ...(errno ? { errno } : {}) },
    cause: error,
  });
}

/** Best effort: directories cannot be opened for sync on every platform (Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported here; the rename is still atomic, only its durability across power loss is weaker
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Removes temp files left by a writer that was killed between write and rename. */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) {
      await unlink(join(dir, name)).then(
        () => removed++,
        () => undefined,
      );
    }
  }
  return removed;
}
