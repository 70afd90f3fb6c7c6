import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ChatResponse } from '../../shared/chat';
import { TrafficFile } from '../stores/traffic-file';
import { ApiEventBus, type ApiEventMessage } from './event-bus';
import { ApiRedaction } from './redactor';
import { TrafficLog } from './traffic-log';

const KEY = 'sk-live-TRAFFIC-0123456789abcdef';
let dir: string;
let persist = false;
let n = 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-traffic-'));
  persist = false;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function log(capacity = 3) {
  const events = new ApiEventBus();
  const seen: ApiEventMessage[] = [];
  events.subscribe((e) => seen.push(e));
  const file = new TrafficFile(join(dir, 'traffic.jsonl'), capacity);
  const traffic = new TrafficLog({
    events,
    redactText: new ApiRedaction(() => [KEY]).redactText,
    now: () => 1_000,
    newId: () => `id${++n}`,
    prices: () => ({ m: { inputPerMTok: 1, outputPerMTok: 2 } }),
    persist: () => persist,
    file,
    capacity,
  });
  return { traffic, seen, file };
}

const response = (content: string): ChatResponse => ({
  id: 'r',
  content,
  usage: { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000 },
  model: 'm-2025',
  provider: 'p',
  latencyMs: 5,
  metadata: {},
  trace: { mode: 'direct', servedBy: 'direct', attempts: [], retries: 0, overheadMs: 0, latencyMs: 5, ttftMs: 2 },
});

it('records a request from start to end, with cost, and keys and long strings out of its bodies', () => {
  const { traffic, seen } = log();
  const record = traffic.begin({ source: 'endpoint', stream: false, mode: 'direct', model: 'm', requestBody: { prompt: `my key is ${KEY}`, image: `data:image/png;base64,${'A'.repeat(50_000)}` } });
  expect(traffic.view().entries[0]).toMatchObject({ status: 'running', seq: 1 });
  record.complete(response('done'), { echoed: KEY }, 200);
  record.fail({ code: 'INTERNAL', message: 'late', retryable: false });
  const [entry] = traffic.view().entries;
  expect(entry).toMatchObject({ status: 'ok', provider: 'p', model: 'm-2025', ttftMs: 2, latencyMs: 5, httpStatus: 200, costUsd: 3 });
  const detail = traffic.get(entry!.id);
  expect(JSON.stringify(detail)).not.toContain(KEY);
  expect(detail.requestBody).toEqual({ prompt: 'my key is [REDACTED]', image: 'data:image/png;base64,…[50022 characters]' });
  expect(seen.map((e) => e.name)).toEqual(['traffic.entry', 'traffic.entry']);
});

it('leaves no part of a key in a body where a long string is cut, and leaves the body it was given as it was', () => {
  const { traffic } = log();
  // The key straddles the point where the Traffic view cuts long text (4,096 characters).
  const body = { document: `${'a'.repeat(4090)}${KEY}${'b'.repeat(100)}`, messages: [{ role: 'user', content: KEY }] };
  const before = structuredClone(body);
  const record = traffic.begin({ source: 'endpoint', stream: false, mode: 'direct', requestBody: body });
  record.cancel();
  const detail = JSON.stringify(traffic.get(traffic.view().entries[0]!.id));
  expect(detail).not.toContain(KEY.slice(0, 6));
  expect(detail).toContain('…[4200 characters]');
  expect(body).toStrictEqual(before);
});

it('keeps the last requests only', () => {
  const { traffic } = log(3);
  for (let i = 0; i < 5; i++) traffic.begin({ source: 'playground', stream: true, mode: 'direct', requestBody: i }).cancel();
  expect(traffic.view().entries.map((e) => e.seq)).toEqual([3, 4, 5]);
  expect(() => traffic.get('id1')).toThrow(/not found/);
});

it('writes nothing to disk unless the user keeps the log; kept, it comes back after a restart', async () => {
  const first = log(2);
  first.traffic.begin({ source: 'compare', stream: false, mode: 'direct', requestBody: 'a' }).complete(response('a'), 'A');
  await first.file.flush();
  await expect(readFile(join(dir, 'traffic.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });

  persist = true;
  await first.traffic.persistChanged();
  for (const body of ['b', 'c', 'd', 'e']) first.traffic.begin({ source: 'compare', stream: false, mode: 'direct', requestBody: body }).complete(response(body), body.toUpperCase());
  await first.file.flush();

  const second = log(2);
  second.traffic.restore(await second.file.load());
  expect(second.traffic.view().entries.map((e) => second.traffic.get(e.id).requestBody)).toEqual(['d', 'e']);
  const next = second.traffic.begin({ source: 'playground', stream: false, mode: 'direct', requestBody: 'f' });
  expect(second.traffic.view().entries.at(-1)!.seq).toBeGreaterThan(second.traffic.view().entries[0]!.seq);
  next.cancel();

  persist = false;
  await second.traffic.persistChanged();
  await expect(readFile(join(dir, 'traffic.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
});

it('exports finished requests as JSON lines', () => {
  const { traffic } = log();
  traffic.begin({ source: 'playground', stream: false, mode: 'direct', requestBody: { q: 1 } }).complete(response('x'), { a: 1 });
  traffic.begin({ source: 'playground', stream: false, mode: 'direct', requestBody: { q: 2 } });
  const file = traffic.export();
  expect(file.mimeType).toBe('application/x-ndjson');
  const lines = file.content.trim().split('\n').map((l) => JSON.parse(l) as { requestBody: unknown; responseBody: unknown });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ requestBody: { q: 1 }, responseBody: { a: 1 } });
});
