import { once } from 'node:events';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Agent, request, type Dispatcher } from 'undici';
import type { ChatRequest } from '../../src/shared/chat';
import { parseConfigText } from '../../src/main/config/load-config';
import { resolveConfig } from '../../src/main/config/resolve-config';
import { createRouter } from '../../src/main/routing/index';
import type { Router } from '../../src/main/routing/types';
import { canForceGc, memorySnapshot, type MemorySnapshot } from '../lib/memory';
import { concurrentStreamTables, toolStreamTable, type StreamServers } from '../lib/router-streams';
import { mean, mib, pct, percentile, us } from '../lib/stats';
import type { BenchSuite, BenchTable } from '../types';

/**
 * What Switchyard's router adds to a request, measured on loopback against the same
 * OpenAI mock. Four paths, the raw ones on a plain undici Agent with the routers' keep-alive settings:
 *   raw        undici.request → mock                         (the floor for Direct)
 *   direct     DirectRouter.route → mock
 *   raw+plano  undici.request → Plano stand-in → mock        (the floor for Proxy: the stand-in hop itself)
 *   proxy      PlanoProxyRouter.route → Plano stand-in → mock
 * Goal: Direct within 5 % (or 50 µs) of raw at p50; Proxy likewise on top of raw+plano. A miss is
 * reported, never fatal. The servers run in a worker thread so their work does not share our event loop.
 */

const API_KEY = 'sk-bench-0000000000000000';
const MODEL = 'gpt-4o-mock';
const STREAM_CHUNKS = 8;
const WARMUP = 300;
const C1_REQUESTS = 2_000;
const C32_REQUESTS = 3_200;
const TTFT_REQUESTS = 400;
/** The goal: within 5 % or 50 µs of the floor at p50, whichever is looser. */
const GOAL_PCT = 5;
const GOAL_ABS_MS = 0.05;

type Target = 'raw' | 'direct' | 'raw+plano' | 'proxy';
const TARGETS: Target[] = ['raw', 'direct', 'raw+plano', 'proxy'];

interface Servers extends StreamServers {
  planoOrigin: string;
  close(): Promise<void>;
}

async function startServers(): Promise<Servers> {
  const worker = new Worker(new URL('../lib/loopback-servers.mjs', import.meta.url), {
    workerData: { apiKey: API_KEY, streamChunks: STREAM_CHUNKS },
  });
  const [ready] = (await once(worker, 'message')) as [{ openaiUrl: string; planoOrigin: string }];
  const ask = async (message: string): Promise<void> => {
    worker.postMessage(message);
    await once(worker, 'message');
  };
  return {
    openaiUrl: ready.openaiUrl,
    planoOrigin: ready.planoOrigin,
    release: () => ask('release'),
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}

const chatBody = (stream: boolean): string =>
  JSON.stringify({
    model: MODEL,
    messages: [{ role: 'user', content: 'ping' }],
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  });

/** The floor: the fewest steps that still get a parsed completion (request, read, JSON.parse). */
async function rawChat(dispatcher: Dispatcher, url: string, model: string): Promise<void> {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }] });
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body,
  });
  const json = (await res.body.json()) as { choices?: unknown[] };
  if (res.statusCode !== 200 || !Array.isArray(json.choices)) throw new Error(`raw request failed: ${res.statusCode}`);
}

/** Raw streaming: time until the first SSE chunk carrying non-empty content; the rest is drained. */
async function rawTtft(dispatcher: Dispatcher, url: string, model: string): Promise<number> {
  const started = performance.now();
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, accept: 'text/event-stream' },
    body: chatBody(true).replace(MODEL, model),
  });
  let ttft = Number.NaN;
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    if (Number.isNaN(ttft) && /"content":"[^"]/.test(decoder.decode(chunk as Buffer, { stream: true }))) ttft = performance.now() - started;
  }
  if (Number.isNaN(ttft)) throw new Error('raw stream carried no content');
  return ttft;
}

async function routerTtft(router: Router, req: ChatRequest): Promise<number> {
  const started = performance.now();
  let ttft = Number.NaN;
  for await (const part of router.stream(req)) {
    if (part.type === 'text-delta' && Number.isNaN(ttft)) ttft = performance.now() - started;
    if (part.type === 'error') throw new Error(`${part.error.code}: ${part.error.message}`);
  }
  return ttft;
}

/** Runs `total` calls with `concurrency` in flight; returns each call's latency in ms. */
async function runLoad(total: number, concurrency: number, call: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let issued = 0;
  const lane = async (): Promise<void> => {
    while (issued < total) {
      issued++;
      const t0 = performance.now();
      await call();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return latencies;
}

interface Row {
  target: Target;
  concurrency: number;
  samples: number[];
  wallMs: number;
  overheadMs?: number[];
}

function goal(floorP50: number, p50: number): { pass: boolean; text: string } {
  const allowed = Math.max(floorP50 * (1 + GOAL_PCT / 100), floorP50 + GOAL_ABS_MS);
  const pass = p50 <= allowed;
  return {
    pass,
    text: `${pass ? 'PASS' : 'MISS'}: p50 ${us(p50)} µs vs floor ${us(floorP50)} µs (${pct(p50, floorP50)}, +${us(p50 - floorP50)} µs; allowed ≤ ${us(allowed)} µs)`,
  };
}

const suite: BenchSuite = {
  name: 'router',
  async run(): Promise<BenchTable[]> {
    const servers = await startServers();
    const config = resolveConfig(
      parseConfigText(
        [
          'routing:',
          '  mode: direct',
          '  plano_proxy:',
          `    base_url: ${servers.planoOrigin}`,
          'providers:',
          '  openai:',
          '    type: openai',
          `    base_url: ${servers.openaiUrl}`,
          `    api_key: ${API_KEY}`,
          `    default_model: ${MODEL}`,
        ].join('\n'),
      ),
      {},
    );
    const direct = createRouter(config);
    const proxy = createRouter({ ...config, routing: { ...config.routing, mode: 'plano_proxy' } });
    // The floors use plain undici with the routers' keep-alive settings and no connection cap, so what the
    // router's own pool adds (counting requests per origin) is measured, not hidden in the floor.
    const rawAgent = new Agent({ keepAliveTimeout: 90_000, keepAliveMaxTimeout: 90_000, headersTimeout: 0, bodyTimeout: 0 });
    const mockChatUrl = `${servers.openaiUrl}/chat/completions`;
    const planoChatUrl = `${servers.planoOrigin}/v1/chat/completions`;
    const req: ChatRequest = { messages: [{ role: 'user', content: 'ping' }] };
    const overhead: Record<'direct' | 'proxy', number[]> = { direct: [], proxy: [] };

    const calls: Record<Target, () => Promise<unknown>> = {
      raw: () => rawChat(rawAgent, mockChatUrl, MODEL),
      direct: async () => overhead.direct.push((await direct.route(req)).trace.overheadMs),
      'raw+plano': () => rawChat(rawAgent, planoChatUrl, `openai/${MODEL}`),
      proxy: async () => overhead.proxy.push((await proxy.route(req)).trace.overheadMs),
    };
    const memory: Record<Target, { before: MemorySnapshot; after: MemorySnapshot }> = {} as never;
    const rows: Row[] = [];
    try {
      for (const target of TARGETS) await runLoad(WARMUP, 4, calls[target]);
      overhead.direct.length = 0;
      overhead.proxy.length = 0;

      // c=1: interleaved, one request per target in turn, so machine noise (other jobs on the box) hits all
      // four alike instead of whichever happened to run during a spike.
      const c1: Record<Target, number[]> = { raw: [], direct: [], 'raw+plano': [], proxy: [] };
      const c1Wall: Record<Target, number> = { raw: 0, direct: 0, 'raw+plano': 0, proxy: 0 };
      for (let i = 0; i < C1_REQUESTS; i++) {
        for (const target of TARGETS) {
          const t0 = performance.now();
          await calls[target]();
          const elapsed = performance.now() - t0;
          c1[target].push(elapsed);
          c1Wall[target] += elapsed;
        }
      }
      for (const target of TARGETS) {
        const row: Row = { target, concurrency: 1, samples: c1[target], wallMs: c1Wall[target] };
        if (target === 'direct' || target === 'proxy') row.overheadMs = [...overhead[target]];
        rows.push(row);
      }
      overhead.direct.length = 0;
      overhead.proxy.length = 0;

      // c=32: in rounds, rotating which target goes first, for the same reason.
      const c32: Record<Target, number[]> = { raw: [], direct: [], 'raw+plano': [], proxy: [] };
      const c32Wall: Record<Target, number> = { raw: 0, direct: 0, 'raw+plano': 0, proxy: 0 };
      const rounds = 4;
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < TARGETS.length; k++) {
          const target = TARGETS[(k + round) % TARGETS.length]!;
          const before = memorySnapshot();
          const t0 = performance.now();
          c32[target].push(...(await runLoad(C32_REQUESTS / rounds, 32, calls[target])));
          c32Wall[target] += performance.now() - t0;
          if (round === rounds - 1) memory[target] = { before, after: memorySnapshot() };
        }
      }
      for (const target of TARGETS) {
        const row: Row = { target, concurrency: 32, samples: c32[target], wallMs: c32Wall[target] };
        if (target === 'direct' || target === 'proxy') row.overheadMs = [...overhead[target]];
        rows.push(row);
      }

      // Time to first token, streamed, c=1, interleaved.
      const ttft: Record<Target, number[]> = { raw: [], direct: [], 'raw+plano': [], proxy: [] };
      const streamReq: ChatRequest = { ...req, stream: true };
      const ttftCalls: Record<Target, () => Promise<number>> = {
        raw: () => rawTtft(rawAgent, mockChatUrl, MODEL),
        direct: () => routerTtft(direct, streamReq),
        'raw+plano': () => rawTtft(rawAgent, planoChatUrl, `openai/${MODEL}`),
        proxy: () => routerTtft(proxy, streamReq),
      };
      for (let i = 0; i < 50; i++) for (const target of TARGETS) await ttftCalls[target]();
      for (let i = 0; i < TTFT_REQUESTS; i++) for (const target of TARGETS) ttft[target].push(await ttftCalls[target]());

      await direct.close();
      await proxy.close();
      return [...tables(rows, ttft, memory), await toolStreamTable(config, servers, API_KEY), ...(await concurrentStreamTables(config, servers, API_KEY))];
    } finally {
      await direct.close();
      await proxy.close();
      await rawAgent.close();
      await servers.close();
    }
  },
};

const FLOOR: Record<Target, Target> = { raw: 'raw', direct: 'raw', 'raw+plano': 'raw+plano', proxy: 'raw+plano' };

function tables(rows: Row[], ttft: Record<Target, number[]>, memory: Record<Target, { before: MemorySnapshot; after: MemorySnapshot }>): BenchTable[] {
  const p50Of = (target: Target, c: number) => percentile(rows.find((r) => r.target === target && r.concurrency === c)!.samples, 50);
  const latency: BenchTable = {
    title: 'Router overhead per request (non-streaming, loopback, µs)',
    columns: ['path', 'conc.', 'requests', 'p50', 'p99', 'mean', 'req/s', 'p50 vs floor', 'Δp50', 'own code p50 (trace)'],
    rows: rows.map((r) => {
      const p50 = percentile(r.samples, 50);
      const floor = p50Of(FLOOR[r.target], r.concurrency);
      return [
        r.target,
        r.concurrency,
        r.samples.length,
        us(p50),
        us(percentile(r.samples, 99)),
        us(mean(r.samples)),
        Math.round((r.samples.length / r.wallMs) * 1000),
        r.target === FLOOR[r.target] ? 'floor' : pct(p50, floor),
        r.target === FLOOR[r.target] ? '' : us(p50 - floor),
        r.overheadMs && r.overheadMs.length > 0 ? us(percentile(r.overheadMs, 50)) : '',
      ];
    }),
    notes: [
      ...[1, 32].flatMap((c) => [
        `goal Direct (c=${c}) ${goal(p50Of('raw', c), p50Of('direct', c)).text}`,
        `goal Proxy client (c=${c}) ${goal(p50Of('raw+plano', c), p50Of('proxy', c)).text}`,
      ]),
      'Goal: within 5 % or 50 µs of the floor at p50 (c=1 is the headline figure; c=32 is shown for queueing behaviour).',
      `floors: raw = undici.request to the mock; raw+plano = undici.request through the Plano stand-in. Plain undici Agent with the routers' keep-alive settings and no connection cap.`,
      `c=1: ${C1_REQUESTS} requests per path, interleaved after ${WARMUP} warm-up requests; c=32: ${C32_REQUESTS} per path in 4 rotating rounds.`,
      `"own code p50" is the router's trace.overheadMs (time in Switchyard's code, not on the network).`,
      `load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (shared machine: compare rows, not runs).`,
    ],
  };
  const ttftP50 = (t: Target) => percentile(ttft[t], 50);
  const ttftTable: BenchTable = {
    title: `Time to first token, streamed (${STREAM_CHUNKS} SSE chunks, c=1, µs)`,
    columns: ['path', 'requests', 'p50', 'p99', 'p50 vs floor', 'Δp50'],
    rows: TARGETS.map((t) => [
      t,
      ttft[t].length,
      us(ttftP50(t)),
      us(percentile(ttft[t], 99)),
      t === FLOOR[t] ? 'floor' : pct(ttftP50(t), ttftP50(FLOOR[t])),
      t === FLOOR[t] ? '' : us(ttftP50(t) - ttftP50(FLOOR[t])),
    ]),
    notes: [
      `goal Direct TTFT ${goal(ttftP50('raw'), ttftP50('direct')).text}`,
      `goal Proxy TTFT ${goal(ttftP50('raw+plano'), ttftP50('proxy')).text}`,
      'Raw TTFT = first SSE bytes containing non-empty content; router TTFT = first text-delta part.',
    ],
  };
  const memoryTable: BenchTable = {
    title: 'Memory across the last c=32 round per path (client process, after forced GC)',
    columns: ['path', 'requests', 'heap before MiB', 'heap after MiB', 'heap Δ MiB', 'RSS Δ MiB'],
    rows: TARGETS.map((t) => {
      const m = memory[t];
      return [t, C32_REQUESTS / 4, mib(m.before.heapUsed), mib(m.after.heapUsed), mib(m.after.heapUsed - m.before.heapUsed), mib(m.after.rss - m.before.rss)];
    }),
    notes: [
      canForceGc ? 'Heap measured after a forced GC: a steady Δ near 0 means nothing is retained per request.' : 'GC could not be forced: heap deltas include uncollected garbage.',
      `final RSS ${mib(process.memoryUsage().rss)} MiB (includes the mock servers' worker thread).`,
    ],
  };
  return [latency, ttftTable, memoryTable];
}

export default suite;
