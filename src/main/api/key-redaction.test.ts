import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, ExportResult } from '../../shared/api';
import type { StreamPart } from '../../shared/chat';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { FileLogger } from '../logging/file-logger';
import { leakedPrefix } from '../../../test/support/key-prefix';
import { EnvironmentSecrets } from '../stores/environment-secrets';
import { composeApp, type ComposedApp } from './compose-app';
import { testConfigYaml } from '../../../test/support/test-app';

/**
 * A provider that echoes the key in its 401 message, with the key placed so that each cut (the provider
 * message, the error message, the stored body) falls in the middle of it: no output path — the API's
 * answer, the stream's error part, the history file, the export — may carry 8 or more of its characters.
 */

// Shaped like no known credential: only the config says it is a key (a local vLLM server's, say).
const KEY = 'vllm-local-key-7f3a9c2e8d1b4a6f0e5c';
const PREFIX_IN_MESSAGE = 'Incorrect API key provided: '.length;
const HALF_KEY = Math.floor(KEY.length / 2);
/** Padding before the key so that it straddles: the provider message cut (500), the error message cut (600), the body cut (2000). */
const PADS = [500 - PREFIX_IN_MESSAGE, 600 - 44 - PREFIX_IN_MESSAGE, 2000 - '{"error":{"message":"'.length - PREFIX_IN_MESSAGE].map((at) => at - HALF_KEY);

let dir: string;
let openai: OpenAIMock;
let logger: FileLogger;
let app: ComposedApp;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-keys-'));
  openai = await startOpenAIMock({ apiKey: KEY });
  await writeFile(join(dir, 'config.yaml'), testConfigYaml({ openaiBaseUrl: openai.url }));
  logger = new FileLogger({ path: join(dir, 'logs', 'switchyard.log') });
  app = await composeApp({
    configPath: join(dir, 'config.yaml'),
    dataDir: dir,
    secrets: new EnvironmentSecrets(),
    env: { TEST_OPENAI_KEY: KEY },
    logger,
    onConfigChange: (_config, secrets) => logger.addSecrets(secrets),
    watchConfig: false,
  });
});
afterAll(async () => {
  await app.close();
  logger.close();
  await openai.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a key echoed by a provider reaches no output, wherever the cuts fall', () => {
  it('chat.send, chat.stream, history files, export and the log', async () => {
    const seen: unknown[] = [];
    for (const pad of PADS) {
      openai.behave({ status: 401, errorMessage: `Incorrect API key provided: ${'x'.repeat(pad)}${KEY} (check it) ${'y'.repeat(2500)}` });
      const failure = await app.core.invoke('chat.send', { request: { messages: [{ role: 'user', content: `send ${pad}` }] } }).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'AUTH_FAILED' });
      seen.push({ message: (failure as Error).message, details: (failure as { details: unknown }).details });
      const parts: StreamPart[] = [];
      await app.core.streamChat({ request: { messages: [{ role: 'user', content: `stream ${pad}` }] } }, (part) => parts.push(part), new AbortController().signal);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'AUTH_FAILED' } });
      seen.push(parts);
    }
    for (const { id } of app.history.list()) {
      seen.push((await app.core.invoke('history.get', { id })) as Conversation);
      for (const format of ['json', 'markdown']) seen.push(((await app.core.invoke('history.export', { id, format })) as ExportResult).content);
    }
    await app.history.flush();
    const historyDir = join(dir, 'history');
    for (const name of await readdir(historyDir)) seen.push(await readFile(join(historyDir, name), 'utf8'));
    seen.push(await readFile(join(dir, 'logs', 'switchyard.log'), 'utf8').catch(() => ''));

    const everything = seen.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
    expect(everything).toContain('Incorrect API key provided');
    expect(leakedPrefix(everything, KEY)).toBeUndefined();
  });
});
