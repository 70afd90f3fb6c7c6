import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/api';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { HistoryStore } from './history-store';

const good = (id: string, messages: unknown[] = []): Conversation =>
  ({ id, title: `conversation ${id}`, createdAt: 1, updatedAt: 2, settings: {}, messages }) as Conversation;

const message = { id: 'm1', role: 'user', content: 'hello', createdAt: 1, status: 'complete' };

/** Files a crash, a bug or a hand edit could leave behind, with the reason each must be refused for. */
const BAD: Record<string, { text: string; reason: RegExp }> = {
  nullmessage: { text: JSON.stringify(good('nullmessage', [message, null])), reason: /^messages\.1: / },
  notjson: { text: '{"id": "notjson", "messages": [', reason: /JSON/ },
  notrace: {
    text: JSON.stringify(good('notrace', [{ ...message, role: 'assistant', response: { model: 'm', provider: 'p', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, latencyMs: 3 } }])),
    reason: /^messages\.0\.response\.trace: /,
  },
  wrongid: { text: JSON.stringify(good('someoneelse')), reason: /does not match the file name/ },
  numbertitle: { text: JSON.stringify({ ...good('numbertitle'), title: 7 }), reason: /^title: / },
  badimage: { text: JSON.stringify(good('badimage', [{ ...message, parts: [{ type: 'image', url: 'file:///etc/passwd' }] }])), reason: /^messages\.0\.parts\.0\.url: / },
  orphanresult: { text: JSON.stringify(good('orphanresult', [message, { ...message, id: 'm2', role: 'tool' }])), reason: /^messages\.1\.toolCallId: a tool message needs/ },
  badcall: { text: JSON.stringify(good('badcall', [{ ...message, role: 'assistant', toolCalls: [{ id: 'c1', name: 'f', arguments: {} }] }])), reason: /^messages\.0\.toolCalls\.0\.arguments: / },
};

/** A conversation with an image, a tool call and its result, as the recorder writes them. */
const withParts = good('parts', [
  { ...message, content: 'what is this?\n[image]', parts: [{ type: 'text', text: 'what is this?' }, { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' }] },
  { ...message, id: 'm2', role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":"png"}' }] },
  { ...message, id: 'm3', role: 'tool', toolCallId: 'call_1', content: 'a tiny PNG' },
]);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-history-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('damaged history files', () => {
  it('each is skipped and reported with its reason, hides no other conversation, and stays on disk as it was', async () => {
    await writeFile(join(dir, 'ok1.json'), JSON.stringify(good('ok1', [message])));
    for (const [id, { text }] of Object.entries(BAD)) await writeFile(join(dir, `${id}.json`), text);
    await writeFile(join(dir, 'ok2.json'), JSON.stringify({ ...good('ok2'), futureField: { kept: true } }));
    await writeFile(join(dir, 'parts.json'), JSON.stringify(withParts));

    const store = await HistoryStore.open(dir);
    expect(store.list().map((c) => c.id).sort()).toEqual(['ok1', 'ok2', 'parts']);
    expect(store.get('parts').messages).toEqual(withParts.messages);
    expect(store.get('ok2')).toMatchObject({ futureField: { kept: true } });
    for (const [id, { text, reason }] of Object.entries(BAD)) {
      expect(store.skipped.find((s) => s.file === join(dir, `${id}.json`))?.reason, id).toMatch(reason);
      expect(await readFile(join(dir, `${id}.json`), 'utf8')).toBe(text);
    }
    expect(store.skipped).toHaveLength(Object.keys(BAD).length);
  });

  it('over the API: history.list still answers, and export of a skipped file is NOT_FOUND, not a 500', async () => {
    const app: TestApp = await createTestApp({
      prepare: async (dataDir) => {
        await mkdir(join(dataDir, 'history'));
        await writeFile(join(dataDir, 'history', 'ok1.json'), JSON.stringify(good('ok1', [message])));
        await writeFile(join(dataDir, 'history', 'nullmessage.json'), BAD.nullmessage!.text);
      },
    });
    try {
      expect(await app.core.invoke('history.list', undefined)).toEqual([expect.objectContaining({ id: 'ok1', preview: 'hello' })]);
      await expect(app.core.invoke('history.export', { id: 'nullmessage', format: 'markdown' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await app.core.invoke('history.export', { id: 'ok1', format: 'json' })).toMatchObject({ filename: 'conversation-ok1.json' });
    } finally {
      await app.close();
    }
  });
});
