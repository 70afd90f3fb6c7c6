import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { DataFolderLock } from '../stores/data-folder-lock';
import { runEndpointCommand } from './endpoint-command';

/** `switchyard endpoint` in-process: it serves on the config's port, and beside the app it says what to do instead. */

let dir: string;
let dataDir: string;
let mock: OpenAIMock;
const KEY = 'sk-live-CMD-0123456789abcdefXYZW';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-endpoint-cmd-'));
  dataDir = join(dir, 'xdg', 'switchyard');
  await mkdir(dataDir, { recursive: true });
  mock = await startOpenAIMock({ apiKey: KEY });
});
afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const config = (enabled: boolean) =>
  `providers:\n  openai:\n    type: openai\n    base_url: ${mock.url}\n    api_key: $OPENAI_API_KEY\n    models: [gpt-4o-mock]\nendpoint:\n  enabled: ${enabled}\n  port: 8741\n`;

function run(argv: string[], stop?: Promise<void>) {
  const out: string[] = [];
  const err: string[] = [];
  let listening: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const code = runEndpointCommand(argv, {
    env: { XDG_CONFIG_HOME: join(dir, 'xdg'), OPENAI_API_KEY: KEY },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    onListening: listening,
    ...(stop ? { stop } : {}),
  });
  return { out, err, url, code };
}

it('serves the endpoint without the UI, with the key from the data folder', async () => {
  await writeFile(join(dataDir, 'config.yaml'), config(false));
  let stop: () => void = () => undefined;
  const cmd = run(['--port', '0'], new Promise<void>((resolve) => (stop = resolve)));
  const url = await Promise.race([cmd.url, cmd.code.then((c) => `exited ${c}: ${cmd.err.join('\n')}`)]);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  const key = (await readFile(join(dataDir, 'endpoint-key'), 'utf8')).trim();
  const reply = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mock', messages: [{ role: 'user', content: 'from a script' }] }),
  });
  expect(((await reply.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('from a script');
  expect(cmd.out.join('\n')).toContain(`${url.replace(/\/v1$/, '')}`);
  expect(cmd.out.join('\n')).not.toContain(key);
  stop();
  expect(await cmd.code).toBe(0);
});

it('beside the app, names the holder and points at the app’s own endpoint', async () => {
  await writeFile(join(dataDir, 'config.yaml'), config(true));
  const lock = await DataFolderLock.acquire(dataDir, 'the Switchyard app');
  try {
    const cmd = run([]);
    expect(await cmd.code).toBe(2);
    const said = cmd.err.join('\n');
    expect(said).toContain('in use by the Switchyard app');
    expect(said).toContain('Its endpoint is switched on: use http://127.0.0.1:8741/v1');
  } finally {
    await lock.release();
  }
  await writeFile(join(dataDir, 'config.yaml'), config(false));
  const lock2 = await DataFolderLock.acquire(dataDir, 'the Switchyard app');
  try {
    const cmd = run([]);
    expect(await cmd.code).toBe(2);
    expect(cmd.err.join('\n')).toContain('Settings → Local endpoint');
  } finally {
    await lock2.release();
  }
});

it('refuses a non-loopback host without --allow-remote, and unknown flags', async () => {
  expect(await run(['--host', '0.0.0.0']).code).toBe(2);
  expect(await run(['--open']).code).toBe(2);
});
