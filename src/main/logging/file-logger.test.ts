import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../shared/errors';
import { FileLogger } from './file-logger';
import { isSecretFieldName, REDACTED } from './redact';
import { tailLines, tailRecords } from './tail';

let dir: string;
let logPath: string;
const loggers: FileLogger[] = [];

function makeLogger(options: Partial<ConstructorParameters<typeof FileLogger>[0]> = {}): FileLogger {
  const logger = new FileLogger({ path: logPath, ...options });
  loggers.push(logger);
  return logger;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-log-'));
  // A nested folder that does not exist yet: the logger creates it (first run).
  logPath = join(dir, 'logs', 'switchyard.log');
});
afterEach(async () => {
  for (const l of loggers.splice(0)) l.close();
  await rm(dir, { recursive: true, force: true });
});

async function fileText(): Promise<string> {
  return readFile(logPath, 'utf8');
}

describe('FileLogger', () => {
  it('writes one JSON object per line: ts, level, event, then the fields', async () => {
    const logger = makeLogger({ now: () => new Date('2026-01-02T03:04:05.678Z') });
    logger.log('error', 'route.failed', { provider: 'openai', status: 500, attempts: [{ url: 'http://x' }] });
    logger.log('info', 'config.loaded', {});
    const lines = (await fileText()).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual({
      ts: '2026-01-02T03:04:05.678Z',
      level: 'error',
      event: 'route.failed',
      provider: 'openai',
      status: 500,
      attempts: [{ url: 'http://x' }],
    });
    expect(Object.keys(JSON.parse(lines[0]!)).slice(0, 3)).toEqual(['ts', 'level', 'event']);
  });

  it('skips lines below its level (default info)', async () => {
    const logger = makeLogger();
    logger.log('debug', 'noise');
    logger.log('warn', 'kept');
    expect(await fileText()).not.toContain('noise');
    const debug = makeLogger({ level: 'debug' });
    debug.log('debug', 'now-kept');
    expect(await fileText()).toContain('now-kept');
  });

  it('a field cannot impersonate ts, level or event', async () => {
    makeLogger().log('error', 'real', { level: 'debug', event: 'fake', ts: 'then' });
    const record = JSON.parse(await fileText());
    expect(record).toMatchObject({ level: 'error', event: 'real' });
    expect(record.ts).not.toBe('then');
  });

  it('serializes errors (code, message, details, cause) and survives cycles and bigint', async () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = new SwitchyardError('UPSTREAM_ERROR', 'provider said no', {
      details: { status: 502 },
      cause: new Error('socket hang up'),
    });
    makeLogger().log('error', 'x', { error, cyclic, big: 10n });
    const record = JSON.parse(await fileText());
    expect(record.error).toMatchObject({ name: 'SwitchyardError', code: 'UPSTREAM_ERROR', message: 'provider said no', details: { status: 502 } });
    expect(record.error.cause.message).toBe('socket hang up');
    expect(record.cyclic.self).toBe('[circular]');
    expect(record.big).toBe('10');
  });
});

describe('FileLogger: a key never reaches the file', () => {
  const openaiKey = 'sk-proj-AbCdEf0123456789xyzXYZ';
  const anthropicKey = 'sk-ant-api03-QWERTYuiop1234567890-asdfgh';

  it('redacts fields named like secrets, at any depth and in any spelling', async () => {
    makeLogger().log('error', 'request', {
      apiKey: 'plain-but-named-key',
      api_key: 'another',
      headers: { Authorization: 'whatever', 'x-api-key': 'abc123', 'anthropic-version': '2023-06-01' },
      nested: [{ token: 'tok-1', clientSecret: 's3', password: 'pw' }],
      hasKey: true,
      apiKeyEnv: 'OPENAI_API_KEY',
      usage: { inputTokens: 3, outputTokens: 5, maxTokens: 10 },
    });
    const text = await fileText();
    for (const secret of ['plain-but-named-key', 'another', 'whatever', 'abc123', 'tok-1', 's3', 'pw']) {
      expect(text).not.toContain(`"${secret}"`);
    }
    const record = JSON.parse(text);
    expect(record.apiKey).toBe(REDACTED);
    expect(record.headers).toEqual({ Authorization: REDACTED, 'x-api-key': REDACTED, 'anthropic-version': '2023-06-01' });
    // Things that merely sound like secrets stay readable: the variable's name, a boolean, token counts.
    expect(record.hasKey).toBe(true);
    expect(record.apiKeyEnv).toBe('OPENAI_API_KEY');
    expect(record.usage).toEqual({ inputTokens: 3, outputTokens: 5, maxTokens: 10 });
  });

  it('redacts values shaped like keys wherever they appear, including the event and error messages', async () => {
    makeLogger().log('error', `failed with ${openaiKey}`, {
      message: `401 from upstream: Incorrect API key provided: ${openaiKey}`,
      body: `{"error":"bad key ${anthropicKey}"}`,
      header: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
      error: new Error(`auth failed for ${anthropicKey}`),
      groq: 'gsk_abcdefghijklmnop1234',
      url: 'https://example.test/v1/models?key=plainkey123&alt=json',
      dump: 'x-api-key: rawheadervalue99\nanthropic-version: 2023-06-01',
    });
    const text = await fileText();
    expect(text).not.toContain(openaiKey);
    expect(text).not.toContain('AbCdEf0123456789');
    expect(text).not.toContain(anthropicKey);
    expect(text).not.toContain('QWERTYuiop');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).not.toContain('gsk_abcdefghijklmnop1234');
    const record = JSON.parse(text);
    expect(record.message).toBe(`401 from upstream: Incorrect API key provided: ${REDACTED}`);
    expect(record.header).toBe(`Bearer ${REDACTED}`);
    expect(record.url).toBe(`https://example.test/v1/models?key=${REDACTED}&alt=json`);
    expect(record.dump).toBe(`x-api-key: ${REDACTED}\nanthropic-version: 2023-06-01`);
  });

  it('scrubs known secret values that have no recognizable shape', async () => {
    const oddKey = 'ollama-local-7f3a9c';
    const logger = makeLogger({ secrets: [oddKey, 'abc'] });
    logger.log('error', 'x', { url: `http://127.0.0.1:11434/v1?key=${oddKey}`, list: [`a ${oddKey} b`] });
    const later = 'gateway-secret-99';
    logger.addSecrets([later]);
    logger.log('error', 'y', { note: `proxy key ${later}`, short: 'abc' });
    const text = await fileText();
    expect(text).not.toContain(oddKey);
    expect(text).not.toContain(later);
    // Values too short to be keys are not scrubbed (they would shred ordinary words).
    expect(JSON.parse(text.trimEnd().split('\n')[1]!).short).toBe('abc');
  });

  it('field-name detection', () => {
    for (const name of ['apiKey', 'api_key', 'API-KEY', 'x-api-key', 'authorization', 'Proxy-Authorization', 'token', 'accessToken', 'refresh_token', 'secret', 'clientSecret', 'password', 'cookie']) {
      expect(isSecretFieldName(name), name).toBe(true);
    }
    for (const name of ['provider', 'model', 'inputTokens', 'maxTokens', 'apiKeyEnv', 'keys', 'status', 'author']) {
      expect(isSecretFieldName(name), name).toBe(false);
    }
  });
});

describe('FileLogger: size cap and rotation', () => {
  it('rotates to .1 before passing maxBytes, keeping exactly one old file', async () => {
    const logger = makeLogger({ maxBytes: 2048 });
    for (let i = 0; i < 100; i++) logger.log('error', 'e', { i, pad: 'x'.repeat(50) });
    const current = await stat(logPath);
    const old = await stat(`${logPath}.1`);
    expect(current.size).toBeLessThanOrEqual(2048);
    expect(old.size).toBeLessThanOrEqual(2048);
    // The newest line is in the current file, and the line before the rotation is in .1.
    const last = await tailRecords(logPath, 1);
    expect(last[0]?.i).toBe(99);
  });

  it('continues an existing file, counting its size toward the cap', async () => {
    makeLogger().log('error', 'first');
    const second = makeLogger({ maxBytes: 1024 });
    second.log('error', 'second');
    expect((await fileText()).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('caps a single huge line instead of rotating the whole log away', async () => {
    makeLogger().log('error', 'big', { body: 'y'.repeat(200_000) });
    const record = JSON.parse(await fileText());
    expect(record).toMatchObject({ event: 'big', truncated: true });
  });

  it('never throws when the file cannot be written', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    // The log's folder would have to be created inside a regular file: ENOTDIR on every write.
    const logger = new FileLogger({ path: join(blocker, 'logs', 'x.log') });
    expect(() => logger.log('error', 'x')).not.toThrow();
    expect(logger.droppedLines).toBe(1);
  });
});

describe('tailLines', () => {
  it('returns the last n lines, reaching into the rotated file when needed', async () => {
    // ~60-byte lines, 2 KiB cap: lines 0-33 end up in .1 and 34-39 in the current file.
    const logger = makeLogger({ maxBytes: 2048 });
    for (let i = 0; i < 40; i++) logger.log('error', 'e', { i });
    expect((await fileText()).trimEnd().split('\n').length).toBeLessThan(30);
    const records = await tailRecords(logPath, 30);
    expect((await logger.tail(30)).map((l) => JSON.parse(l).i)).toEqual(records.map((r) => r.i));
    expect(records.map((r) => r.i)).toEqual(Array.from({ length: 30 }, (_, k) => k + 10));
  });

  it('handles a missing file, n <= 0, a file without a final newline, and long files', async () => {
    expect(await tailLines(join(dir, 'none.log'), 5)).toEqual([]);
    const path = join(dir, 'plain.log');
    const many = Array.from({ length: 20_000 }, (_, i) => `line ${i} ✓`).join('\n');
    await writeFile(path, many);
    expect(await tailLines(path, 0)).toEqual([]);
    expect(await tailLines(path, 3)).toEqual(['line 19997 ✓', 'line 19998 ✓', 'line 19999 ✓']);
    expect(await tailLines(path, 50_000)).toHaveLength(20_000);
  });

  it('returns lines that are not JSON as {raw}', async () => {
    const path = join(dir, 'mixed.log');
    await writeFile(path, '{"event":"a"}\nnot json\n');
    expect(await tailRecords(path, 2)).toEqual([{ event: 'a' }, { raw: 'not json' }]);
  });
});
