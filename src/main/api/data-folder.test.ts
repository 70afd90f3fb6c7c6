import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/api';
import { gate } from '../../../test/mocks/mock-http.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { HistoryStore } from '../stores/history-store';
import { INTERRUPTED_MESSAGE } from '../stores/history-files';
import { testConfigYaml } from '../../../test/support/test-app';

/**
 * Real processes on one data folder: two at once, and one killed with SIGKILL in the middle of a reply.
 * Every wait is on something a process printed or wrote, never on time.
 */

const CHILD = fileURLToPath(new URL('../../../test/support/data-folder-child.ts', import.meta.url));
const KEY = 'sk-data-folder-test-0123456789';

interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: string[];
  stderr: string;
  /** Resolves with the first stdout line matching, or undefined if the process exits first. */
  waitFor(match: (line: string) => boolean): Promise<string | undefined>;
  exited: Promise<number | null>;
}

function start(dataDir: string, ...args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, ...args], { env: { ...process.env, TEST_OPENAI_KEY: KEY } });
  const lines: string[] = [];
  const waiters: Array<{ match: (line: string) => boolean; resolve: (line: string | undefined) => void }> = [];
  let buffered = '';
  const handle: Child = {
    process: child,
    lines,
    stderr: '',
    waitFor: (match) => {
      const seen = lines.find(match);
      if (seen !== undefined || child.exitCode !== null) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    exited: once(child, 'exit').then(([code]) => code as number | null),
  };
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.filter((w) => w.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (handle.stderr += chunk.toString()));
  void handle.exited.then(() => {
    for (const w of waiters.splice(0)) w.resolve(undefined);
  });
  return handle;
}

let dataDir: string;
let openai: OpenAIMock;
const children: Child[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'switchyard-data-folder-'));
  openai = await startOpenAIMock({ apiKey: KEY });
  await writeFile(join(dataDir, 'config.yaml'), testConfigYaml({ openaiBaseUrl: openai.url }));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await openai.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('two processes on one data folder', () => {
  it('both hammering one conversation: exactly one gets the folder, the other is told which process has it, nothing is lost', async () => {
    const history = await HistoryStore.open(join(dataDir, 'history'));
    const { id } = await history.create({ title: 'shared', settings: {} });
    const COUNT = 60;
    const a = start(dataDir, 'append', id, String(COUNT), 'from-a');
    const b = start(dataDir, 'append', id, String(COUNT), 'from-b');
    children.push(a, b);
    // Each either opens the folder (and waits for `go`, so both would write at the same time) or gives up.
    const ready = await Promise.all([a, b].map((c) => c.waitFor((line) => line === 'ready')));
    const winners = [a, b].filter((_, i) => ready[i] !== undefined);
    const losers = [a, b].filter((_, i) => ready[i] === undefined);
    for (const winner of winners) winner.process.stdin.write('go\n');
    expect(winners, `a: ${a.lines.join('|')} ${a.stderr} / b: ${b.lines.join('|')} ${b.stderr}`).toHaveLength(1);

    const loser = losers[0]!;
    expect(await loser.exited).toBe(3);
    const refusal = JSON.parse(loser.stderr.trim()) as { code: string; message: string; details: { holder: { pid: number } } };
    expect(refusal.code).toBe('DATA_FOLDER_IN_USE');
    expect(refusal.details.holder.pid).toBe(winners[0]!.process.pid);
    expect(refusal.message).toContain(`pid ${winners[0]!.process.pid}`);
    expect(refusal.message).toContain(dataDir);

    expect(await winners[0]!.waitFor((line) => line === 'done')).toBe('done');
    expect(await winners[0]!.exited).toBe(0);
    const stored = JSON.parse(await readFile(join(dataDir, 'history', `${id}.json`), 'utf8')) as Conversation;
    const label = winners[0] === a ? 'from-a' : 'from-b';
    expect(stored.messages.map((m) => m.content)).toEqual(Array.from({ length: COUNT }, (_, i) => `${label} ${i}`));
    // The winner gave the folder up on close: a third process may now open it.
    const third = start(dataDir, 'append', id, '0', 'third');
    children.push(third);
    expect(await third.waitFor((line) => line === 'ready')).toBe('ready');
  }, 120_000);
});

describe('a process killed mid-reply', () => {
  it('leaves the reply interrupted (not pending forever), its partial text kept, and the folder free', async () => {
    const hold = gate();
    openai.behave({ reply: 'first second third fourth fifth', chunks: 5, holdAfterChunks: 1, release: hold.released });
    const child = start(dataDir, 'stream', 'tell me five words');
    children.push(child);
    await child.waitFor((line) => line.includes('"text-delta"'));
    // The partial text has reached the history file (the recorder saves progress as it streams).
    const historyDir = join(dataDir, 'history');
    const file = async (): Promise<string> => join(historyDir, (await readdir(historyDir)).find((n) => n.endsWith('.json'))!);
    await expect.poll(async () => readFile(await file(), 'utf8'), { interval: 20, timeout: 20_000 }).toContain('first');
    child.process.kill('SIGKILL');
    await child.exited;
    hold.release();

    const reopened = await HistoryStore.open(historyDir);
    const [summary] = reopened.list();
    const assistant = reopened.get(summary!.id).messages.at(-1)!;
    expect(assistant).toMatchObject({ role: 'assistant', status: 'error', error: { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE, retryable: true } });
    expect(assistant.content).toContain('first');
    // Written back, so the next start sees it already marked.
    expect(JSON.parse(await readFile(await file(), 'utf8')).messages.at(-1).status).toBe('error');
    // The killed process's lock does not keep the folder: the next one takes it over.
    const next = start(dataDir, 'append', summary!.id, '0', 'after');
    children.push(next);
    expect(await next.waitFor((line) => line === 'ready')).toBe('ready');
  }, 120_000);
});
