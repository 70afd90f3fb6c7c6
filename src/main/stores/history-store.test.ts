import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from './history-store';
import { exportConversation } from './history-export';

describe('HistoryStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-history-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every conversation across a restart, one file each', async () => {
    let t = 1000;
    const store = await HistoryStore.open(dir, { now: () => t++ });
    const a = await store.create({ title: 'first', settings: {} });
    const b = await store.create({ title: 'second', settings: { model: 'gpt-4o' } });
    await store.appendMessages(a.id, [{ id: 'm1', role: 'user', content: 'hello', createdAt: 1, status: 'complete' }]);
    await store.rename(b.id, '  renamed   twice ');
    const reopened = await HistoryStore.open(dir);
    expect(reopened.list().map((s) => s.title)).toEqual(['renamed twice', 'first']);
    expect(reopened.get(a.id).messages[0]?.content).toBe('hello');
    expect((await readdir(dir)).sort()).toEqual([`${a.id}.json`, `${b.id}.json`].sort());
  });

  it('skips a corrupt file without losing the others or deleting it', async () => {
    const store = await HistoryStore.open(dir);
    const ok = await store.create({ title: 'fine', settings: {} });
    await writeFile(join(dir, 'broken.json'), '{"id":"broken", "messa');
    const reopened = await HistoryStore.open(dir);
    expect(reopened.list().map((s) => s.id)).toEqual([ok.id]);
    expect(await readdir(dir)).toContain('broken.json');
  });

  it('serializes concurrent updates of one conversation', async () => {
    const store = await HistoryStore.open(dir);
    const c = await store.create({ title: 'busy', settings: {} });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.appendMessages(c.id, [{ id: `m${i}`, role: 'user', content: String(i), createdAt: i, status: 'complete' }]),
      ),
    );
    const reopened = await HistoryStore.open(dir);
    expect(reopened.get(c.id).messages).toHaveLength(20);
  });

  it('deletes and reports unknown ids as NOT_FOUND', async () => {
    const store = await HistoryStore.open(dir);
    const c = await store.create({ title: 'bye', settings: {} });
    await store.delete(c.id);
    expect(await readdir(dir)).toEqual([]);
    expect(() => store.get(c.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(store.delete(c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exports Markdown and JSON with the metadata a reader wants', async () => {
    const store = await HistoryStore.open(dir);
    const c = await store.create({ title: 'Why is the sky blue?', settings: {} });
    await store.appendMessages(c.id, [
      { id: 'u', role: 'user', content: 'Why?', createdAt: 0, status: 'complete' },
      {
        id: 'a',
        role: 'assistant',
        content: 'Rayleigh scattering.',
        createdAt: 1,
        status: 'complete',
        response: {
          id: 'r',
          usage: { inputTokens: 1, outputTokens: 3, totalTokens: 4 },
          model: 'gpt-4o',
          provider: 'openai',
          latencyMs: 321.4,
          metadata: {},
          trace: { mode: 'direct', servedBy: 'direct', attempts: [], retries: 0, overheadMs: 1, latencyMs: 321 },
        },
      },
    ]);
    const md = exportConversation(store.get(c.id), 'markdown');
    expect(md.filename).toBe('Why-is-the-sky-blue.md');
    expect(md.content).toContain('## Assistant (openai/gpt-4o, 4 tokens, 321 ms, via direct)');
    const json = JSON.parse(exportConversation(store.get(c.id), 'json').content);
    expect(json.messages[1]).toMatchObject({ model: 'gpt-4o', usage: { totalTokens: 4 }, servedBy: 'direct' });
    expect(json.messages[1].trace).toBeUndefined();
  });
});
