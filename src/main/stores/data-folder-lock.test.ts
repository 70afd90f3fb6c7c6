import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderLock, LOCK_FILE } from './data-folder-lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (pids are not reused this quickly). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
}

describe('DataFolderLock', () => {
  it('a second holder is refused with DATA_FOLDER_IN_USE naming the first; after release the folder is free', async () => {
    const first = await DataFolderLock.acquire(dir, 'switchyard serve');
    const refused = await DataFolderLock.acquire(dir, 'the Switchyard app').catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'DATA_FOLDER_IN_USE',
      details: { path: dir, lockFile: join(dir, LOCK_FILE), holder: { pid: process.pid, command: 'switchyard serve' } },
    });
    expect((refused as Error).message).toMatch(new RegExp(`in use by switchyard serve \\(pid ${process.pid}, since .*\\)\\. Stop it first; if it is no longer running, delete .*${LOCK_FILE}\\.$`));
    await first.release();
    expect(await readdir(dir)).toEqual([]);
    await (await DataFolderLock.acquire(dir, 'the Switchyard app')).release();
  });

  it('takes over a lock whose process is gone (a crash or kill -9), and one that is not a lock at all', async () => {
    const stale = { pid: deadPid(), hostname: hostname(), command: 'switchyard serve', startedAt: '2020-01-01T00:00:00.000Z' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(stale));
    const lock = await DataFolderLock.acquire(dir, 'switchyard serve');
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    await writeFile(join(dir, LOCK_FILE), 'garbage');
    await (await DataFolderLock.acquire(dir, 'switchyard serve')).release();
  });

  it('a lock held from another host is respected, and named with that host', async () => {
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, hostname: 'other-machine', command: 'switchyard serve', startedAt: 'then' }));
    await expect(DataFolderLock.acquire(dir, 'switchyard serve')).rejects.toMatchObject({ message: expect.stringContaining('pid 1 on other-machine') });
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const lock = await DataFolderLock.acquire(dir, 'switchyard serve');
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, hostname: 'other-machine', command: 'x', startedAt: 'then' }));
    await lock.release();
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
  });
});
