import { once } from 'node:events';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Agent, request, type Dispatcher } from 'undici';
import type { ChatRequest } from '../../src/shared/chat';
import { DirectRouter } from '../../src/main/routing/index';
import { makeConfig, provider } from '../../test/mocks/test-config';
import type { MemorySnapshot } from '../lib/memory';
import { mean, mib, percentile, us } from '../lib/stats';
import type { BenchSuite, BenchTable } from '../types';

/**
 * The local endpoint's cost, next to the Plano stand-in's (the other hop a request can take). On loopback,
 * against the same OpenAI mock (in a worker thread), c=1, interleaved so machine noise hits every path alike:
 *   direct     DirectRouter.route in this process → mock                     (what the endpoint adds to)
 *   endpoint   undici → the endpoint (API core + Direct, in its own worker) → mock
 *   raw        undici → mock;  raw+plano  undici → Plano stand-in → mock     (the stand-in hop, for scale)
 * Goal: endpoint p50 under 300 µs above direct. Then 1,000 concurrent one-second streams through one
 * endpoint (no errors), and the memory each stream holds in the endpoint while in flight.
 */

const API_KEY = 'sk-bench-0000000000000000';
const MODEL = 'gpt-4o-mock';
const WARMUP = 300;
const C1_REQUESTS = 2_000;
const STREAMS = 1_000;
const GOAL_US = 300;

type Target = 'raw' | 'direct' | 'endpoint' | 'raw+plano';
const TARGETS: Target[] = ['raw', 'direct', 'endpoint', 'raw+plano'];

function startWorker(url: URL, data: unknown, execArgv?: string[]): Promise<{ worker: Worker; ready: Record<string, string> }> {
  const worker = new Worker(url, { workerData: data, ...(execArgv ? { execArgv } : {}) });
  return once(worker, 'message').then(([ready]) => ({ worker, ready: ready as Record<string, string> }));
}

async function ask<T>(worker: Worker, message: string): Promise<T> {
  worker.postMessage(message);
  return (await once(worker, 'message'))[0] as T;
}

async function chat(dispatcher: Dispatcher, url: string, key: string, model: string): Promise<void> {
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }] }),
  });
  const json = (await res.body.json()) as { choices?: unknown[] };
  if (res.statusCode !== 200 || !Array.isArray(json.choices)) throw new Error(`HTTP ${res.statusCode}`);
}

/** One stream through the endpoint: time to the first content bytes, then read to the end. */
async function stream(dispatcher: Dispatcher, url: string, key: string, model: string, onFirst?: () => void): Promise<number> {
  const started = performance.now();
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'ping' }] }),
  });
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await res.body.text()}`);
  let ttft = Number.NaN;
  for await (const chunk of res.body) {
    if (Number.isNaN(ttft) && /"content":"[^"]/.test(String(chunk))) {
      ttft = performance.now() - started;
      onFirst?.();
    }
  }
  if (String(ttft) === 'NaN') throw new Error('no content');
  return ttft;
}

const suite: BenchSuite = {
  name: 'endpoint',
  async run(): Promise<BenchTable[]> {
    const mocks = await startWorker(new URL('../lib/loopback-servers.mjs', import.meta.url), { apiKey: API_KEY, streamChunks: 8 });
    const { openaiUrl, planoOrigin } = mocks.ready as { openaiUrl: string; planoOrigin: string };
    const endpoint = await startWorker(new URL('../lib/endpoint-worker.mjs', import.meta.url), { openaiUrl, apiKey: API_KEY, model: MODEL });
    const { url: endpointUrl, key } = endpoint.ready as { url: string; key: string };
    const agent = new Agent({ keepAliveTimeout: 90_000, keepAliveMaxTimeout: 90_000, headersTimeout: 0, bodyTimeout: 0 });
    const direct = new DirectRouter(makeConfig([provider('openai', 'openai', openaiUrl, { apiKey: API_KEY, defaultModel: MODEL })]));
    const req: ChatRequest = { messages: [{ role: 'user', content: 'ping' }] };
    const calls: Record<Target, () => Promise<unknown>> = {
      raw: () => chat(agent, `${openaiUrl}/chat/completions`, API_KEY, MODEL),
      direct: () => direct.route(req),
      endpoint: () => chat(agent, `${endpointUrl}/chat/completions`, key, `openai/${MODEL}`),
      'raw+plano': () => chat(agent, `${planoOrigin}/v1/chat/completions`, API_KEY, `openai/${MODEL}`),
    };
    try {
      for (const target of TARGETS) for (let i = 0; i < WARMUP; i++) await calls[target]();
      await ask(endpoint.worker, 'timings');
      const samples: Record<Target, number[]> = { raw: [], direct: [], endpoint: [], 'raw+plano': [] };
      for (let i = 0; i < C1_REQUESTS; i++) {
        for (const target of TARGETS) {
          const t0 = performance.now();
          await calls[target]();
          samples[target].push(performance.now() - t0);
        }
      }
      const timings = await ask<{ serverMs: number[]; routerMs: number[] }>(endpoint.worker, 'timings');
      const serverP50 = percentile(timings.serverMs, 50);
      const routerP50 = percentile(timings.routerMs.slice(-C1_REQUESTS).filter((n) => !Number.isNaN(n)), 50);
      const p50 = (t: Target) => percentile(samples[t], 50);
      const endpointHop = p50('endpoint') - p50('direct');
      const planoHop = p50('raw+plano') - p50('raw');
      const latency: BenchTable = {
        title: 'The endpoint hop next to the Plano stand-in hop (non-streaming, c=1, loopback, µs)',
        columns: ['path', 'requests', 'p50', 'p99', 'mean', 'added at p50', 'over'],
        rows: TARGETS.map((t) => [
          t,
          samples[t].length,
          us(p50(t)),
          us(percentile(samples[t], 99)),
          us(mean(samples[t])),
          t === 'endpoint' ? us(endpointHop) : t === 'raw+plano' ? us(planoHop) : '',
          t === 'endpoint' ? 'direct' : t === 'raw+plano' ? 'raw' : '',
        ]),
        notes: [
          `goal endpoint hop ${endpointHop * 1000 <= GOAL_US ? 'PASS' : 'MISS'}: +${us(endpointHop)} µs over Direct at p50 (allowed ≤ ${GOAL_US} µs); the Plano stand-in hop adds +${us(planoHop)} µs over raw`,
          `inside the endpoint at p50: ${us(serverP50)} µs from request in to response out, of which the router (Direct to the mock and back) ${us(routerP50)} µs: the endpoint's own code (HTTP parse, translation both ways, chat service, Traffic log) takes ${us(serverP50 - routerP50)} µs; the rest of the hop is the loopback HTTP exchange itself, which the stand-in hop pays too.`,
          'endpoint = an HTTP client → the endpoint (its own worker thread: API core, chat service, Traffic log, Direct router) → the mock; it includes the client side of one more loopback HTTP exchange.',
          `c=1: ${C1_REQUESTS} requests per path, interleaved after ${WARMUP} warm-up requests each. load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
        ],
      };

      // 1,000 concurrent one-second streams, then 1,000 held in flight for the memory figure.
      const burstAgent = new Agent({ keepAliveTimeout: 4_000, headersTimeout: 0, bodyTimeout: 0 });
      let errors = 0;
      const errorKinds = new Map<string, number>();
      const ttft: number[] = [];
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: STREAMS }, () =>
          stream(burstAgent, `${endpointUrl}/chat/completions`, key, 'openai/slow-stream').then(
            (t) => void ttft.push(t),
            (e: unknown) => {
              errors++;
              const kind = String((e as Error).message).slice(0, 60);
              errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
            },
          ),
        ),
      );
      const wallMs = performance.now() - t0;
      await burstAgent.close();

      const before = await ask<MemorySnapshot>(endpoint.worker, 'memory');
      let first = 0;
      let allFirst: () => void = () => undefined;
      const inFlight = new Promise<void>((resolve) => (allFirst = resolve));
      const heldAgent = new Agent({ keepAliveTimeout: 4_000, headersTimeout: 0, bodyTimeout: 0 });
      const held = Array.from({ length: STREAMS }, () =>
        stream(heldAgent, `${endpointUrl}/chat/completions`, key, 'openai/held-stream', () => {
          if (++first === STREAMS) allFirst();
        }).catch(() => Number.NaN),
      );
      await inFlight;
      const during = await ask<MemorySnapshot>(endpoint.worker, 'memory');
      await ask(mocks.worker, 'release');
      const heldErrors = (await Promise.all(held)).filter((t) => Number.isNaN(t)).length;
      await heldAgent.close();
      const streams: BenchTable = {
        title: `${STREAMS.toLocaleString('en')} concurrent streams through one endpoint (loopback)`,
        columns: ['case', 'streams', 'wall ms', 'TTFT p50 ms', 'TTFT p99 ms', 'errors', 'heap KiB/stream', 'RSS KiB/stream'],
        rows: [
          [`one-second streams`, STREAMS, Math.round(wallMs), Math.round(percentile(ttft, 50)), Math.round(percentile(ttft, 99)), errors, '', ''],
          [
            'held in flight',
            STREAMS,
            '',
            '',
            '',
            heldErrors,
            Math.round((during.heapUsed - before.heapUsed) / STREAMS / 1024),
            Math.round((during.rss - before.rss) / STREAMS / 1024),
          ],
        ],
        notes: [
          `goal ${STREAMS} streams ${errors + heldErrors === 0 ? 'PASS' : 'MISS'}: ${errors + heldErrors} errors${errorKinds.size ? ` (${[...errorKinds].map(([k, n]) => `${n}× ${k}`).join('; ')})` : ''}`,
          'Each one-second stream: 8 chunks 125 ms apart, all started at once; wall = first start to last end.',
          `Memory: the endpoint worker's heap (its own isolate) and the process RSS, after forced GC, while every stream is past its first token, per stream. Endpoint heap before: ${mib(before.heapUsed)} MiB.`,
        ],
      };
      return [latency, streams];
    } finally {
      await direct.close();
      await agent.close();
      await ask(endpoint.worker, 'close').catch(() => undefined);
      await endpoint.worker.terminate();
      await ask(mocks.worker, 'close').catch(() => undefined);
      await mocks.worker.terminate();
    }
  },
};

export default suite;
