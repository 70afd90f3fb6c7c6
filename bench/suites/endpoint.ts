import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Agent, request, type Dispatcher } from 'undici';
import type { ChatRequest } from '../../src/shared/chat';
import { DirectRouter } from '../../src/main/routing/index';
import { makeConfig, provider } from '../../test/mocks/test-config';
import { startChild } from '../lib/bench-child';
import { bundleForBench } from '../lib/bundle';
import type { MemorySnapshot } from '../lib/memory';
import { mean, mib, percentile, us } from '../lib/stats';
import type { BenchSuite, BenchTable } from '../types';

/**
 * The local endpoint's cost, next to the floor any local hop pays and the Plano stand-in's hop. On loopback,
 * against the same OpenAI mock (in a worker thread), c=1, interleaved so machine noise hits every path alike.
 * The endpoint (bundled as the app bundles main) and the forwarder each run in a process of their own, as
 * the server a real client talks to would:
 *   raw        undici → mock                                                  (no hop)
 *   direct     DirectRouter.route in this process → mock                       (what the endpoint adds to)
 *   forwarder  undici → a minimal undici forwarder → mock                      (the unavoidable hop)
 *   endpoint   undici → the endpoint (API core + Direct) → mock
 *   raw+plano  undici → Plano stand-in (in the mocks' worker) → mock           (the other hop, for scale)
 * Goal: endpoint p50 under 300 µs above direct. endpoint − forwarder is the endpoint's own work; forwarder −
 * raw is what one more loopback HTTP exchange costs whoever makes it. Then 1,000 concurrent one-second
 * streams through one endpoint (no errors), and the memory each stream holds in the endpoint while in flight.
 */

const API_KEY = 'sk-bench-0000000000000000';
const MODEL = 'gpt-4o-mock';
const WARMUP = 300;
const C1_REQUESTS = 2_000;
const STREAMS = 1_000;
const GOAL_US = 300;

type CpuUsage = { user: number; system: number };

type Target = 'raw' | 'direct' | 'forwarder' | 'endpoint' | 'raw+plano';
const TARGETS: Target[] = ['raw', 'direct', 'forwarder', 'endpoint', 'raw+plano'];
/** What each path's p50 is compared with. */
const BASE: Partial<Record<Target, Target>> = { direct: 'raw', forwarder: 'raw', endpoint: 'direct', 'raw+plano': 'raw' };

function startWorker(url: URL, data: unknown): Promise<{ worker: Worker; ready: Record<string, string> }> {
  const worker = new Worker(url, { workerData: data });
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
    const app = await bundleForBench('bench/lib/endpoint-app.ts', 'bench-endpoint', 'endpoint-app.js');
    const endpoint = await startChild(app, { openaiUrl, apiKey: API_KEY, model: MODEL });
    const forwarder = await startChild(new URL('../lib/plain-forwarder.mjs', import.meta.url), { upstream: openaiUrl });
    const { url: endpointUrl, key } = endpoint.ready as { url: string; key: string };
    const agent = new Agent({ keepAliveTimeout: 90_000, keepAliveMaxTimeout: 90_000, headersTimeout: 0, bodyTimeout: 0 });
    const direct = new DirectRouter(makeConfig([provider('openai', 'openai', openaiUrl, { apiKey: API_KEY, defaultModel: MODEL })]));
    const req: ChatRequest = { messages: [{ role: 'user', content: 'ping' }] };
    const calls: Record<Target, () => Promise<unknown>> = {
      raw: () => chat(agent, `${openaiUrl}/chat/completions`, API_KEY, MODEL),
      direct: () => direct.route(req),
      forwarder: () => chat(agent, `${forwarder.ready.url}/chat/completions`, API_KEY, MODEL),
      endpoint: () => chat(agent, `${endpointUrl}/chat/completions`, key, `openai/${MODEL}`),
      'raw+plano': () => chat(agent, `${planoOrigin}/v1/chat/completions`, API_KEY, `openai/${MODEL}`),
    };
    try {
      for (const target of TARGETS) for (let i = 0; i < WARMUP; i++) await calls[target]();
      await endpoint.ask('timings');
      const cpuBefore = await Promise.all([forwarder.ask<CpuUsage>('cpu'), endpoint.ask<CpuUsage>('cpu')]);
      const samples = Object.fromEntries(TARGETS.map((t) => [t, [] as number[]])) as Record<Target, number[]>;
      for (let i = 0; i < C1_REQUESTS; i++) {
        for (const target of TARGETS) {
          const t0 = performance.now();
          await calls[target]();
          samples[target].push(performance.now() - t0);
        }
      }
      const cpuAfter = await Promise.all([forwarder.ask<CpuUsage>('cpu'), endpoint.ask<CpuUsage>('cpu')]);
      const [forwarderCpu, endpointCpu] = cpuAfter.map((after, i) => (after.user + after.system - cpuBefore[i]!.user - cpuBefore[i]!.system) / C1_REQUESTS);
      const timings = await endpoint.ask<{ serverMs: number[]; routerMs: number[] }>('timings');
      const serverP50 = percentile(timings.serverMs, 50);
      const routerP50 = percentile(timings.routerMs.slice(-C1_REQUESTS).filter((n) => !Number.isNaN(n)), 50);
      const p50 = (t: Target) => percentile(samples[t], 50);
      const added = (t: Target, over: Target) => p50(t) - p50(over);
      const endpointHop = added('endpoint', 'direct');
      const latency: BenchTable = {
        title: 'The endpoint hop next to a plain forwarder and the Plano stand-in (non-streaming, c=1, loopback, µs)',
        columns: ['path', 'requests', 'p50', 'p99', 'mean', 'added at p50', 'over'],
        rows: TARGETS.map((t) => {
          const base = BASE[t];
          return [t, samples[t].length, us(p50(t)), us(percentile(samples[t], 99)), us(mean(samples[t])), base ? us(added(t, base)) : '', base ?? ''];
        }),
        notes: [
          `goal endpoint hop ${endpointHop * 1000 <= GOAL_US ? 'PASS' : 'MISS'}: +${us(endpointHop)} µs over Direct at p50 (allowed ≤ ${GOAL_US} µs)`,
          `of which the hop itself (a plain undici forwarder in its own process, over raw) +${us(added('forwarder', 'raw'))} µs, which no endpoint can go below, and the endpoint's own share (over that forwarder) +${us(added('endpoint', 'forwarder'))} µs (${added('endpoint', 'forwarder') * 1000 <= GOAL_US ? 'within' : 'over'} the ${GOAL_US} µs); the Plano stand-in hop adds +${us(added('raw+plano', 'raw'))} µs over raw`,
          `CPU time per request (user + system of the whole process; on a busy VM, waking the other side of a loopback socket is charged here too): the forwarder ${Math.round(forwarderCpu!)} µs, the endpoint ${Math.round(endpointCpu!)} µs (+${Math.round(endpointCpu! - forwarderCpu!)} µs).`,
          `inside the endpoint at p50: ${us(serverP50)} µs from request in to response out, of which the router (Direct to the mock and back) ${us(routerP50)} µs; the other ${us(serverP50 - routerP50)} µs are reading the request, translation both ways, the chat service, the Traffic log, and writing the answer to the socket (which, on loopback, includes handing it to the client).`,
          `c=1: ${C1_REQUESTS} requests per path, interleaved after ${WARMUP} warm-up requests each; the load generator, the mocks' worker, the forwarder and the endpoint share the machine's ${cpus().length} cores. load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
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

      const before = await endpoint.ask<MemorySnapshot>('memory');
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
      const during = await endpoint.ask<MemorySnapshot>('memory');
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
          `Memory: the endpoint process's heap and RSS, after forced GC, while every stream is past its first token, per stream. Endpoint heap before: ${mib(before.heapUsed)} MiB.`,
        ],
      };
      return [latency, streams];
    } finally {
      await direct.close();
      await agent.close();
      await Promise.all([endpoint.stop(), forwarder.stop()]);
      await ask(mocks.worker, 'close').catch(() => undefined);
      await mocks.worker.terminate();
    }
  },
};

export default suite;
