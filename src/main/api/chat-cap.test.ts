import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamHandle } from '../../shared/api';
import type { StreamPart } from '../../shared/chat';
import { gate } from '../../../test/mocks/mock-http.mjs';
import { startMockUpstream, type MockUpstream } from '../../../test/support/mock-upstream';
import { createTestApp, TEST_KEY, type TestApp } from '../../../test/support/test-app';
import { browserTransport, ipcTransport, type TransportUnderTest } from '../../../test/support/transports';

/**
 * The cap on chats in flight is one count for the whole app: streams opened over different sockets (and
 * over IPC, and chat.send) add up. Replies are held open by the mock until the test releases them.
 */

let upstream: MockUpstream | undefined;
let app: TestApp | undefined;
const transports: TransportUnderTest[] = [];

afterEach(async () => {
  for (const t of transports.splice(0)) await t.close();
  await app?.close();
  await upstream?.close();
  app = upstream = undefined;
});

describe('chats in flight across every transport', () => {
  it('past the cap a new chat is RATE_LIMITED saying so; once one ends, the next is served', async () => {
    upstream = await startMockUpstream(TEST_KEY);
    app = await createTestApp({ configYaml: upstream.configYaml, routerFactory: upstream.factory, maxChatsInFlight: 3 });
    const staticDir = join(app.dir, 'renderer');
    await mkdir(staticDir, { recursive: true });
    const tabA = await browserTransport(app.core, staticDir);
    const tabB = await browserTransport(app.core, staticDir);
    const ipc = ipcTransport(app.core);
    transports.push(tabA, tabB, ipc);

    const hold = gate();
    upstream.openai.behave({ reply: 'one two three', chunks: 3, holdAfterChunks: 1, release: hold.released });
    const streams: Array<{ parts: StreamPart[]; handle: StreamHandle; firstText: Promise<void> }> = [];
    const open = (t: TransportUnderTest, text: string) => {
      const parts: StreamPart[] = [];
      let seen: () => void = () => undefined;
      const firstText = new Promise<void>((resolve) => (seen = resolve));
      const handle = t.bridge.streamChat({ request: { messages: [{ role: 'user', content: text }] } }, (part) => {
        parts.push(part);
        if (part.type === 'text-delta' || part.type === 'error') seen();
      });
      const stream = { parts, handle, firstText };
      streams.push(stream);
      return stream;
    };
    // Three replies in flight, over two sockets and IPC: each has shown its first words and is held.
    await Promise.all([open(tabA, 'a'), open(tabB, 'b'), open(ipc, 'c')].map((s) => s.firstText));

    const refused = open(tabB, 'd');
    await refused.handle.done;
    expect(refused.parts).toEqual([
      {
        type: 'error',
        error: {
          code: 'RATE_LIMITED',
          message: 'Too many chats in flight: 3 are running across all windows and tabs; wait for one to finish',
          retryable: true,
          details: { limit: 3, scope: 'app' },
        },
      },
    ]);
    await expect(tabA.bridge.chat.send({ request: { messages: [{ role: 'user', content: 'e' }] } })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // Refused before anything was recorded or sent upstream.
    expect(upstream.openai.chatRequests()).toHaveLength(3);
    expect(await tabA.bridge.history.list()).toHaveLength(3);

    hold.release();
    await Promise.all(streams.slice(0, 3).map((s) => s.handle.done));
    for (const s of streams.slice(0, 3)) expect(s.parts.at(-1)).toMatchObject({ type: 'finish', response: { content: 'one two three' } });
    upstream.openai.behave({ reply: 'served' });
    expect((await tabB.bridge.chat.send({ request: { messages: [{ role: 'user', content: 'f' }] } })).response.content).toBe('served');
  });
});
