import { loadavg } from 'node:os';
import { Agent, request, type Dispatcher } from 'undici';
import type { ChatRequest, StreamPart } from '../../src/shared/chat';
import type { SwitchyardConfig } from '../../src/shared/config';
import { DirectRouter } from '../../src/main/routing/index';
import type { Router } from '../../src/main/routing/types';
import type { BenchTable } from '../types';
import { memorySnapshot } from './memory';
import { mean, pct, percentile, us } from './stats';

/**
 * The router's streaming cases: many concurrent one-second streams (where a per-origin connection cap
 * would queue them), the memory each stream in flight holds, and a streamed tool-call reply. Each is
 * measured next to a raw undici request on an Agent with no connection cap.
 */

export interface StreamServers {
  openaiUrl: string;
  /** Lets every stream held at its first chunk (model `held-stream`) finish. */
  release(): Promise<void>;
}

const STREAM_COUNTS = [100, 1000];
/** Runs per target and stream count, alternating targets so machine noise hits both alike. */
const RUNS = 3;
const TOOL_REQUESTS = 400;
const TOOL_WARMUP = 50;
/** Goal: concurrent streams through Direct within 1.5x of raw undici's wall time, no errors. */
const CONCURRENCY_GOAL = 1.5;
/** Events in the tool-call stream: role, per call a header and 4 argument pieces, finish, usage, [DONE]. */
const TOOL_STREAM_EVENTS = 14;

type Target = 'raw' | 'direct' | 'direct, 10-connection cap (before)';

interface Run {
  wallMs: number;
  ttft: number[];
  errors: number;
}

function rawAgent(): Agent {
  return new Agent({ keepAliveTimeout: 90_000, keepAliveMaxTimeout: 90_000, headersTimeout: 0, bodyTimeout: 0 });
}

/** The old pool: undici's Agent capped at 10 connections per origin, so the rest queue. */
function cappedAgent(): Agent {
  return new Agent({ connections: 10, keepAliveTimeout: 90_000, keepAliveMaxTimeout: 90_000, headersTimeout: 0, bodyTimeout: 0 });
}

const streamBody = (model: string): string => JSON.stringify({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'ping' }] });

/** One raw stream: time to the first content bytes, then read to the end. */
async function rawStream(dispatcher: Dispatcher, url: string, apiKey: string, model: string, onFirst?: () => void): Promise<number> {
  const started = performance.now();
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, accept: 'text/event-stream' },
    body: streamBody(model),
  });
  if (res.statusCode !== 200) throw new Error(`raw stream: HTTP ${res.statusCode}`);
  let ttft = Number.NaN;
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    if (Number.isNaN(ttft) && /"content":"[^"]/.test(decoder.decode(chunk as Buffer, { stream: true }))) {
      ttft = performance.now() - started;
      onFirst?.();
    }
  }
  return ttft;
}

async function routerStream(router: Router, req: ChatRequest, onFirst?: () => void): Promise<number> {
  const started = performance.now();
  let ttft = Number.NaN;
  for await (const part of router.stream(req)) {
    if (part.type === 'text-delta' && Number.isNaN(ttft)) {
      ttft = performance.now() - started;
      onFirst?.();
    }
    if (part.type === 'error') throw new Error(`${part.error.code}: ${part.error.message}`);
  }
  return ttft;
}

interface Clients {
  stream(target: Target, model: string, onFirst?: () => void): Promise<number>;
  close(): Promise<void>;
}

/** Fresh pools for one run, as a burst would find them after a quiet spell. */
function clients(config: SwitchyardConfig, servers: StreamServers, apiKey: string): Clients {
  const raw = rawAgent();
  const direct = new DirectRouter(config);
  const capped = new DirectRouter(config, { dispatcher: cappedAgent() });
  const url = `${servers.openaiUrl}/chat/completions`;
  return {
    stream(target, model, onFirst) {
      if (target === 'raw') return rawStream(raw, url, apiKey, model, onFirst);
      return routerStream(target === 'direct' ? direct : capped, { model, stream: true, messages: [{ role: 'user', content: 'ping' }] }, onFirst);
    },
    async close() {
      await Promise.all([raw.close(), direct.close(), capped.close()]);
    },
  };
}

async function burst(config: SwitchyardConfig, servers: StreamServers, apiKey: string, target: Target, count: number): Promise<Run> {
  const c = clients(config, servers, apiKey);
  const ttft: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      try {
        ttft.push(await c.stream(target, 'slow-stream'));
      } catch {
        errors += 1;
      }
    }),
  );
  const wallMs = performance.now() - started;
  await c.close();
  return { wallMs, ttft, errors };
}

/** Heap and RSS that `count` streams hold while in flight (all past their first token), per stream. */
async function heldMemory(config: SwitchyardConfig, servers: StreamServers, apiKey: string, target: Target, count: number): Promise<{ heap: number; rss: number }> {
  const c = clients(config, servers, apiKey);
  const before = memorySnapshot();
  let started = 0;
  let allStarted: () => void = () => undefined;
  const inFlight = new Promise<void>((resolve) => (allStarted = resolve));
  const onFirst = (): void => {
    if (++started === count) allStarted();
  };
  const streams = Array.from({ length: count }, () => c.stream(target, 'held-stream', onFirst));
  await inFlight;
  const held = memorySnapshot();
  await servers.release();
  await Promise.all(streams);
  await c.close();
  return { heap: (held.heapUsed - before.heapUsed) / count, rss: (held.rss - before.rss) / count };
}

export async function concurrentStreamTables(config: SwitchyardConfig, servers: StreamServers, apiKey: string): Promise<BenchTable[]> {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const count of STREAM_COUNTS) {
    // The capped pool takes count/10 seconds; at 1,000 streams it would take minutes and prove nothing new.
    const targets: Target[] = count <= 100 ? ['raw', 'direct', 'direct, 10-connection cap (before)'] : ['raw', 'direct'];
    const runs = new Map<Target, Run[]>(targets.map((t) => [t, []]));
    for (let i = 0; i < RUNS; i++) for (const target of targets) runs.get(target)!.push(await burst(config, servers, apiKey, target, count));
    const memory = new Map<Target, { heap: number; rss: number }>();
    for (const target of ['raw', 'direct'] as const) memory.set(target, await heldMemory(config, servers, apiKey, target, count));
    const wall = (t: Target) => percentile(runs.get(t)!.map((r) => r.wallMs), 50);
    for (const target of targets) {
      const all = runs.get(target)!;
      const ttft = all.flatMap((r) => r.ttft);
      const m = memory.get(target);
      rows.push([
        count,
        target,
        Math.round(wall(target)),
        target === 'raw' ? 'floor' : `${(wall(target) / wall('raw')).toFixed(2)}x`,
        Math.round(percentile(ttft, 50)),
        Math.round(percentile(ttft, 99)),
        all.reduce((n, r) => n + r.errors, 0),
        m ? Math.round(m.heap / 1024) : '',
        m ? Math.round(m.rss / 1024) : '',
      ]);
    }
    const ratio = wall('direct') / wall('raw');
    const errors = runs.get('direct')!.reduce((n, r) => n + r.errors, 0);
    const pass = ratio <= CONCURRENCY_GOAL && errors === 0;
    notes.push(`goal ${count} streams: ${pass ? 'PASS' : 'MISS'}: Direct wall ${Math.round(wall('direct'))} ms vs raw ${Math.round(wall('raw'))} ms (${ratio.toFixed(2)}x, allowed ≤ ${CONCURRENCY_GOAL}x), ${errors} errors`);
  }
  notes.push(
    'Each stream: 8 chunks 125 ms apart (one second), all started at once; wall = first start to last end, median of 3 runs per target, fresh pools each run.',
    'raw = undici.request on an Agent with no connection cap; direct = DirectRouter.stream with the default pool (10 idle, 1,024 in flight per origin); "before" = the same router on an Agent capped at 10 connections per origin.',
    'KiB/stream: heap and RSS held while every stream is past its first token (forced GC before and during), divided by the stream count.',
    `load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  return [
    {
      title: 'Concurrent one-second streams through Direct vs raw undici (loopback)',
      columns: ['streams', 'path', 'wall ms', 'vs raw', 'TTFT p50 ms', 'TTFT p99 ms', 'errors', 'heap KiB/stream', 'RSS KiB/stream'],
      rows,
      notes,
    },
  ];
}

/**
 * The least a streaming client must do to get whole tool calls: split the events as they arrive, parse
 * each, and join each call's argument pieces by index.
 */
async function assembleRawToolCalls(body: AsyncIterable<Buffer>): Promise<string[]> {
  const args: string[] = [];
  let buffer = '';
  for await (const chunk of body) {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const data = buffer.slice(6, end);
      buffer = buffer.slice(end + 2);
      if (data === '[DONE]') continue;
      const delta = (JSON.parse(data) as { choices: { delta?: { tool_calls?: { index: number; function: { arguments?: string } }[] } }[] }).choices[0]?.delta;
      for (const call of delta?.tool_calls ?? []) args[call.index] = (args[call.index] ?? '') + (call.function.arguments ?? '');
    }
  }
  return args;
}

/** A streamed reply of two parallel tool calls, assembled by a minimal raw client and by Direct. */
export async function toolStreamTable(config: SwitchyardConfig, servers: StreamServers, apiKey: string): Promise<BenchTable> {
  const raw = rawAgent();
  const direct = new DirectRouter(config);
  const url = `${servers.openaiUrl}/chat/completions`;
  const req: ChatRequest = {
    model: 'tool-stream',
    stream: true,
    messages: [{ role: 'user', content: 'weather and time in Oslo' }],
    tools: [
      { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'local_time', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ],
  };
  const rawBody = JSON.stringify({ ...JSON.parse(streamBody('tool-stream')), tools: req.tools!.map((t) => ({ type: 'function', function: t })) });
  const calls = {
    raw: async () => {
      const res = await request(url, { method: 'POST', dispatcher: raw, headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, accept: 'text/event-stream' }, body: rawBody });
      if ((await assembleRawToolCalls(res.body)).length !== 2) throw new Error('raw tool stream did not carry two calls');
    },
    direct: async () => {
      let finish: StreamPart | undefined;
      for await (const part of direct.stream(req)) finish = part;
      if (finish?.type !== 'finish' || finish.response.toolCalls?.length !== 2) throw new Error(`tool stream ended with ${JSON.stringify(finish)}`);
    },
  };
  const samples = { raw: [] as number[], direct: [] as number[] };
  try {
    for (let i = 0; i < TOOL_WARMUP; i++) for (const t of ['raw', 'direct'] as const) await calls[t]();
    for (let i = 0; i < TOOL_REQUESTS; i++) {
      for (const t of ['raw', 'direct'] as const) {
        const t0 = performance.now();
        await calls[t]();
        samples[t].push(performance.now() - t0);
      }
    }
  } finally {
    await raw.close();
    await direct.close();
  }
  const p50 = (t: 'raw' | 'direct') => percentile(samples[t], 50);
  const delta = p50('direct') - p50('raw');
  return {
    title: 'Streamed tool-call reply (2 parallel calls, arguments in 4 pieces each), c=1, µs',
    columns: ['path', 'requests', 'p50', 'p99', 'mean', 'p50 vs raw', 'Δp50'],
    rows: (['raw', 'direct'] as const).map((t) => [
      t,
      samples[t].length,
      us(p50(t)),
      us(percentile(samples[t], 99)),
      us(mean(samples[t])),
      t === 'raw' ? 'floor' : pct(p50(t), p50('raw')),
      t === 'raw' ? '' : us(delta),
    ]),
    notes: [
      `Direct +${us(delta)} µs over raw at p50 for ${TOOL_STREAM_EVENTS} events, about ${us(delta / TOOL_STREAM_EVENTS)} µs per event (no goal set: the 50 µs goal is per request, above; each event here also becomes a typed part and passes the trace).`,
      'raw = undici.request, events split and parsed as they arrive and each call\'s argument pieces joined; direct = DirectRouter.stream to its finish part (typed parts for every piece, calls assembled).',
    ],
  };
}
