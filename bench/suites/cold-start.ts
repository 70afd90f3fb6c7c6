import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleForBench } from '../lib/bundle';
import { makeConfig, provider } from '../../test/mocks/test-config';
import { startOpenAIMock } from '../../test/mocks/openai-mock.mjs';
import { mib, pct, percentile } from '../lib/stats';
import type { BenchSuite, BenchTable } from '../types';

/**
 * Cold start and footprint: from process start to the first reply in a fresh Node process, and the heap a
 * process holds once the client is loaded (and after that first reply), for three clients of the same
 * OpenAI mock on 127.0.0.1:
 *   raw undici   undici.request and JSON.parse (the floor)
 *   openai SDK   the official client, `chat.completions.create`
 *   switchyard   the built router (src/main/routing bundled as the app bundles it, dependencies external),
 *                Direct mode, config given programmatically
 * Goals: Switchyard's first reply within 10 % of the openai SDK's (median), its heap after load under 8 MiB.
 * Runs are interleaved so the machine's load falls on all three alike; heap runs are separate (a forced GC
 * costs time).
 */

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const CHILD = join(here, '../lib/cold-start-child.mjs');
const API_KEY = 'sk-bench-cold-0000000000000000';
const CLIENTS = ['raw-undici', 'openai-sdk', 'switchyard'] as const;
type Client = (typeof CLIENTS)[number];
const TIME_RUNS = 15;
const HEAP_RUNS = 3;
const TIME_GOAL = 1.1;
const HEAP_GOAL_MIB = 8;

const run = promisify(execFile);

/** The router entry bundled the way electron-vite bundles main (dependencies stay external). */
async function buildRouter(): Promise<string> {
  return (await bundleForBench('src/main/routing/index.ts', 'bench-router', 'router.js')).href;
}

interface Sample {
  firstReplyMs: number;
  heapAfterLoad?: number;
  heapAfterReply?: number;
}

const suite: BenchSuite = {
  name: 'cold-start',
  async run(): Promise<BenchTable[]> {
    const entry = await buildRouter();
    const mock = await startOpenAIMock({ apiKey: API_KEY });
    try {
      const config = JSON.stringify(makeConfig([provider('openai', 'openai', mock.url, { apiKey: API_KEY, defaultModel: 'gpt-4o-mock' })]));
      const once = async (client: Client, heap: boolean): Promise<Sample> => {
        const { stdout } = await run(process.execPath, [...(heap ? ['--expose-gc'] : []), CHILD, client, mock.url, API_KEY, entry, config], { cwd: ROOT });
        return JSON.parse(stdout) as Sample;
      };
      const times = new Map<Client, number[]>(CLIENTS.map((c) => [c, []]));
      const heaps = new Map<Client, Sample[]>(CLIENTS.map((c) => [c, []]));
      for (let i = 0; i < TIME_RUNS; i++) for (const client of CLIENTS) times.get(client)!.push((await once(client, false)).firstReplyMs);
      for (let i = 0; i < HEAP_RUNS; i++) for (const client of CLIENTS) heaps.get(client)!.push(await once(client, true));

      const p50 = (c: Client): number => percentile(times.get(c)!, 50);
      const heapOf = (c: Client, key: 'heapAfterLoad' | 'heapAfterReply'): number => percentile(heaps.get(c)!.map((s) => s[key] ?? Number.NaN), 50);
      const rows = CLIENTS.map((c) => [
        c,
        round(p50(c)),
        round(Math.min(...times.get(c)!)),
        round(percentile(times.get(c)!, 90)),
        pct(p50(c), p50('openai-sdk')),
        mib(heapOf(c, 'heapAfterLoad')),
        mib(heapOf(c, 'heapAfterReply')),
      ]);
      const ratio = p50('switchyard') / p50('openai-sdk');
      const heapAfterLoad = mib(heapOf('switchyard', 'heapAfterLoad'));
      return [
        {
          title: 'Cold start: process start → first reply (fresh process each run), heap after a forced GC',
          columns: ['client', 'p50 ms', 'min ms', 'p90 ms', 'vs openai SDK', 'heap after load MiB', 'heap after reply MiB'],
          rows,
          notes: [
            `${ratio <= TIME_GOAL ? 'PASS' : 'MISS'}: Switchyard's first reply within ${Math.round((TIME_GOAL - 1) * 100)} % of the openai SDK's (p50 ${pct(p50('switchyard'), p50('openai-sdk'))}).`,
            `${heapAfterLoad < HEAP_GOAL_MIB ? 'PASS' : 'MISS'}: Switchyard's heap after load under ${HEAP_GOAL_MIB} MiB (${heapAfterLoad} MiB).`,
            `${TIME_RUNS} interleaved runs per client for time, ${HEAP_RUNS} for heap (median shown). The openai SDK uses Node's built-in fetch, which loads its own undici on the first request: compare heap after the reply too.`,
          ],
        },
      ];
    } finally {
      await mock.close();
    }
  },
};

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export default suite;
