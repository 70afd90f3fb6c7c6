import { AsyncLocalStorage } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataFolderLock, LOCK_FILE } from './data-folder-lock';

/**
 * Two starts that both find a dead holder's lock. One of them ("late") is paused before its n-th file
 * operation while the other ("early") acquires from start to finish; then "late" goes on. For every n,
 * exactly one of them may hold the folder.
 */

interface Signal<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}
function signal<T>(): Signal<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface Pause {
  after: number;
  done: number;
  reached: Signal<'paused'>;
  resume: Signal<void>;
}
const late = new AsyncLocalStorage<Pause>();

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const gated = <A extends unknown[], R>(op: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const pause = late.getStore();
      if (pause && pause.done++ === pause.after) {
        pause.reached.resolve('paused');
        await pause.resume.promise;
      }
      return op(...args);
    };
  return {
    ...fs,
    link: gated(fs.link),
    readFile: gated(fs.readFile),
    rename: gated(fs.rename),
    unlink: gated(fs.unlink),
    writeFile: gated(fs.writeFile),
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-lock-race-'));
  // Both starts run in this process: a distinct start time tells their locks apart.
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

type Outcome = { lock: DataFolderLock } | { refused: unknown };
const settle = (p: Promise<DataFolderLock>): Promise<Outcome> => p.then((lock) => ({ lock }), (refused: unknown) => ({ refused }));

describe('DataFolderLock takeover of a dead holder', () => {
  it('two starts finding the same dead lock never both hold the folder, wherever one is paused', async () => {
    const dead = { pid: deadPid(), hostname: hostname(), command: 'switchyard serve', startedAt: '2020-01-01T00:00:00.000Z' };
    let interleavings = 0;
    for (let after = 0; ; after++) {
      await writeFile(join(dir, LOCK_FILE), JSON.stringify(dead));
      vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
      const pause: Pause = { after, done: 0, reached: signal(), resume: signal() };
      const lateRun = late.run(pause, () => settle(DataFolderLock.acquire(dir, 'late start')));
      if ((await Promise.race([pause.reached.promise, lateRun])) !== 'paused') {
        // "late" finished before its n-th operation: every point it could be paused at was tried.
        const alone = await lateRun;
        expect('lock' in alone).toBe(true);
        if ('lock' in alone) await alone.lock.release();
        break;
      }
      interleavings++;
      vi.setSystemTime(new Date('2026-01-01T00:00:01.000Z'));
      const early = await settle(DataFolderLock.acquire(dir, 'early start'));
      pause.resume.resolve();
      const lateResult = await lateRun;

      const holders = [early, lateResult].flatMap((o) => ('lock' in o ? [o.lock] : []));
      expect(holders.map((l) => l.holder.command), `paused before operation ${after}`).toHaveLength(1);
      const refused = [early, lateResult].flatMap((o) => ('refused' in o ? [o.refused] : []));
      // The one refused names the one that holds it (or is just taking it over).
      expect(refused[0]).toMatchObject({ code: 'DATA_FOLDER_IN_USE', message: expect.stringContaining(`in use by ${holders[0]!.holder.command} (pid`) });
      const onDisk = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { command: string };
      expect(onDisk.command).toBe(holders[0]!.holder.command);
      await holders[0]!.release();
      expect(await readdir(dir), `paused before operation ${after}`).toEqual([]);
    }
    expect(interleavings).toBeGreaterThan(2);
  });
});
