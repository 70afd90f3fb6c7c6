import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A forced GC, so heap deltas measure what stays alive rather than garbage waiting for collection.
 * `npm run bench` does not pass --expose-gc, so the flag is set at run time; if that is refused the
 * figures are still reported, just noisier.
 */
let gcFn: (() => void) | undefined;
try {
  setFlagsFromString('--expose-gc');
  gcFn = runInNewContext('gc') as () => void;
} catch {
  gcFn = undefined;
}

export const canForceGc = gcFn !== undefined;

export function forceGc(): void {
  gcFn?.();
  gcFn?.();
}

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
}

export function memorySnapshot(): MemorySnapshot {
  forceGc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}
