import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicMock, type AnthropicMock } from '../../../test/mocks/anthropic-mock.mjs';
import { startOpenAIMock, type OpenAIMock } from '../../../test/mocks/openai-mock.mjs';
import { startPlanoStandin, type PlanoStandin } from '../../../test/mocks/plano-standin.mjs';
import { leakedPrefix } from '../../../test/support/key-prefix';
import { runWithIo, type CliRunOptions } from '../../../test/support/cli-run';
import { runRouteCommand } from './route-command';

const OPENAI_KEY = 'sk-cli-test-openai-0123456789';
const ANTHROPIC_KEY = 'sk-ant-cli-test-0123456789';

let dir: string;
let openai: OpenAIMock;
let anthropic: AnthropicMock;
let plano: PlanoStandin;
let configPath: string;
/** The app data folder for these runs: the error log lands in <dataHome>/switchyard/logs. */
let dataHome: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
  dataHome = join(dir, 'xdg');
  openai = await startOpenAIMock({ apiKey: OPENAI_KEY });
  anthropic = await startAnthropicMock({ apiKey: ANTHROPIC_KEY });
  plano = await startPlanoStandin({
    control: true,
    env: { OPENAI_API_KEY: OPENAI_KEY },
    config: {
      version: 'v0.4.0',
      listeners: [{ type: 'model', name: 'llm', port: 12000 }],
      model_providers: [{ model: 'openai/gpt-4o-mock', access_key: '$OPENAI_API_KEY', base_url: openai.url, default: true }],
    },
  });
  configPath = join(dir, 'config.yaml');
  await writeFile(
    configPath,
    [
      'routing:',
      '  mode: direct',
      '  plano_proxy:',
      `    base_url: ${plano.origin}`,
      '    retry_count: 0',
      'providers:',
      '  openai:',
      '    type: openai',
      `    base_url: ${openai.url}`,
      '    api_key: $TEST_OPENAI_KEY',
      '    default_model: gpt-4o-mock',
      '  claude:',
      '    type: anthropic',
      `    base_url: ${anthropic.url}`,
      '    api_key: ${TEST_ANTHROPIC_KEY}',
      '    default_model: claude-mock',
    ].join('\n'),
  );
  env = { XDG_CONFIG_HOME: dataHome, TEST_OPENAI_KEY: OPENAI_KEY, TEST_ANTHROPIC_KEY: ANTHROPIC_KEY };
});

afterAll(async () => {
  await Promise.all([openai?.close(), anthropic?.close(), plano?.close()]);
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  openai.behave(null);
  anthropic.behave(null);
  plano.reset();
});

const route = (argv: string[], options: CliRunOptions = {}) =>
  runWithIo(runRouteCommand, ['--config', configPath, ...argv], { env, ...options });

describe('switchyard route: success', () => {
  it('prints the reply and exits 0 (Direct, OpenAI, key from $ENV)', async () => {
    openai.behave({ reply: 'Hello from the mock' });
    const run = await route(['--system', 'be brief', '--temperature', '0.2', '--max-tokens', '50', 'say', 'hello']);
    expect(run).toEqual({ code: 0, stdout: 'Hello from the mock\n', stderr: '' });
    const sent = openai.chatRequests().at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(sent.body).toMatchObject({
      model: 'gpt-4o-mock',
      temperature: 0.2,
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'say hello' },
      ],
    });
  });

  it('reads the prompt from stdin when none is given', async () => {
    const run = await route([], { stdin: 'echo me please\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('echo me please\n');
  });

  it('--stream writes the text as it arrives', async () => {
    openai.behave({ reply: 'one two three', chunks: 3, chunkDelayMs: 5 });
    const pieces: string[] = [];
    const run = await route(['--stream', 'count'], { onStdout: (c) => pieces.push(c) });
    expect(run).toEqual({ code: 0, stdout: 'one two three\n', stderr: '' });
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(openai.chatRequests().at(-1)!.body).toMatchObject({ stream: true });
  });

  it('--json prints the whole response with its route trace', async () => {
    openai.behave({ reply: 'traced' });
    const run = await route(['--json', 'hi']);
    expect(run.code).toBe(0);
    const response = JSON.parse(run.stdout);
    expect(response).toMatchObject({ content: 'traced', provider: 'openai', model: 'gpt-4o-mock' });
    expect(response.usage.totalTokens).toBeGreaterThan(0);
    expect(response.trace).toMatchObject({ mode: 'direct', servedBy: 'direct', retries: 0 });
    expect(response.trace.attempts[0]).toMatchObject({ target: 'openai', status: 200, url: `${openai.url}/chat/completions` });
  });

  it('--stream --json prints one stream part per line, ending with finish', async () => {
    openai.behave({ reply: 'a b', chunks: 2 });
    const run = await route(['--stream', '--json', 'hi']);
    expect(run.code).toBe(0);
    const parts = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(parts[0].type).toBe('start');
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => p.text).join('')).toBe('a b');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', response: { content: 'a b' } });
  });

  it('--provider picks the Anthropic provider and streams its reply', async () => {
    anthropic.behave({ reply: 'Claude here' });
    const run = await route(['--provider', 'claude', '--stream', '--system', 'sys', 'hi']);
    expect(run).toEqual({ code: 0, stdout: 'Claude here\n', stderr: '' });
    const sent = anthropic.requests.at(-1)!;
    expect(sent.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(sent.body).toMatchObject({ system: 'sys', model: 'claude-mock' });
  });

  it('--mode plano_proxy sends provider/model through the Plano stand-in', async () => {
    openai.behave({ reply: 'via plano' });
    const run = await route(['--mode', 'plano_proxy', '--json', 'hi']);
    expect(run.code).toBe(0);
    const response = JSON.parse(run.stdout);
    expect(response.content).toBe('via plano');
    expect(response.trace).toMatchObject({ mode: 'plano_proxy' });
    expect(plano.forwarded.at(-1)).toMatchObject({ name: 'openai/gpt-4o-mock', model: 'gpt-4o-mock' });
  });
});

describe('switchyard route: failures', () => {
  it('a rejected key exits 1 with AUTH_FAILED on stderr, and the key never reaches the error log', async () => {
    const run = await route(['hi'], { env: { ...env, TEST_OPENAI_KEY: 'sk-wrong-key-abcdef123456' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^AUTH_FAILED: /);
    const log = await readFile(join(dataHome, 'switchyard', 'logs', 'switchyard.log'), 'utf8');
    const last = JSON.parse(log.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ level: 'error', event: 'cli.route.failed', error: { code: 'AUTH_FAILED' } });
    expect(last.trace.attempts[0].status).toBe(401);
    expect(log).not.toContain('sk-wrong-key-abcdef123456');
    expect(log).not.toContain(OPENAI_KEY);
  });

  it('a key the provider echoes back reaches neither stderr, nor stdout with --json, nor the log, wherever the cuts fall', async () => {
    // Padding that puts a cut (provider message, error message, stored body) in the middle of the key.
    for (const pad of [457, 513, 1936]) {
      openai.behave({ status: 401, errorMessage: `Incorrect API key provided: ${'x'.repeat(pad)}${OPENAI_KEY}. ${'y'.repeat(2500)}` });
      for (const flags of [[], ['--json'], ['--stream', '--json']]) {
        const run = await route([...flags, 'hi']);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^AUTH_FAILED: .*Incorrect API key provided/);
        expect(leakedPrefix(run.stderr + run.stdout, OPENAI_KEY), `${pad} ${flags.join(' ')}`).toBeUndefined();
      }
    }
    const log = await readFile(join(dataHome, 'switchyard', 'logs', 'switchyard.log'), 'utf8');
    expect(leakedPrefix(log, OPENAI_KEY)).toBeUndefined();
  });

  it('an upstream 500 exits 1 with UPSTREAM_ERROR and the provider message', async () => {
    openai.behave({ status: 500 });
    const run = await route(['hi']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^UPSTREAM_ERROR: .*server had an error/);
  });

  it('--json on failure also prints the error and trace as JSON on stdout', async () => {
    // Longer than retry_after_max: not waited out, the error comes back at once.
    openai.behave({ status: 429, retryAfter: 3600 });
    const run = await route(['--json', 'hi']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'RATE_LIMITED' }, trace: { mode: 'direct' } });
    expect(run.stderr).toMatch(/^RATE_LIMITED: /);
  });

  it('a stream that breaks mid-way keeps the partial text, ends the line, and exits 1', async () => {
    openai.behave({ reply: 'partial answer that breaks', chunks: 4, dropAfterChunks: 2 });
    const run = await route(['--stream', 'hi']);
    expect(run.code).toBe(1);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.length).toBeGreaterThan(1);
    expect(run.stderr).toMatch(/^(NETWORK_ERROR|MALFORMED_RESPONSE|UPSTREAM_ERROR): /);
  });

  it('the Plano gateway down exits 1 naming the failure', async () => {
    plano.failNext(1, { status: 503 });
    const run = await route(['--mode', 'plano_proxy', 'hi']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^UPSTREAM_ERROR: /);
  });

  it('Ctrl-C while waiting cancels the request and exits 130', async () => {
    openai.behave({ hang: true });
    const controller = new AbortController();
    const pending = route(['hi'], { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    const run = await pending;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/^CANCELLED: /);
  });
});

describe('switchyard route: usage and config errors exit 2 and name the culprit', () => {
  const usage = (argv: string[], options: CliRunOptions = {}) => runWithIo(runRouteCommand, argv, { env, ...options });

  it.each([
    [['--temperature', 'hot', 'hi'], /--temperature: expected a number from 0 to 2, got "hot"/],
    [['--temperature', '2.5', 'hi'], /--temperature/],
    [['--temperature', '', 'hi'], /--temperature/],
    [['--max-tokens', '0', 'hi'], /--max-tokens: expected a positive whole number, got "0"/],
    [['--max-tokens', '1.5', 'hi'], /--max-tokens/],
    [['--max-tokens', '0x10', 'hi'], /--max-tokens/],
    [['--mode', 'fast', 'hi'], /--mode: expected one of direct, plano_proxy, plano_embedded, got "fast"/],
    [['--tempature', '1', 'hi'], /Unknown option '--tempature'/],
    [['hi', '--model'], /--model/],
    [['--provider', '', 'hi'], /--provider: must not be empty/],
  ])('%j', async (argv, message) => {
    const run = await usage(['--config', configPath, ...argv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('an unknown provider exits 2 with PROVIDER_NOT_FOUND listing the configured ones', async () => {
    const run = await usage(['--config', configPath, '--provider', 'nope', 'hi']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^PROVIDER_NOT_FOUND: .*nope.*openai, claude/);
  });

  it('a config error names the file, the key path and the line', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'routing:\n  mode: direct\n  plano_proxy:\n    retry_count: 3\n    timeout: soon\n');
    const run = await usage(['--config', bad, 'hi']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CONFIG_INVALID');
    expect(run.stderr).toContain(`${bad}:5: routing.plano_proxy.timeout: must be a duration`);
  });

  it('SWITCHYARD_CONFIG is used when --config is absent; a missing explicit file is an error', async () => {
    const run = await usage(['hi'], { env: { ...env, SWITCHYARD_CONFIG: join(dir, 'missing.yaml') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.yaml.*file not found/s);
  });

  it('with no config file at the default path, says that no providers are configured', async () => {
    const run = await usage(['hi'], { env: { XDG_CONFIG_HOME: join(dir, 'empty-home') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no providers are configured in ${join(dir, 'empty-home', 'switchyard', 'config.yaml')}`);
  });

  it('no prompt on a terminal says what is missing instead of waiting', async () => {
    const run = await usage(['--config', configPath]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no prompt/);
  });

  it('an empty prompt on stdin is a usage error', async () => {
    const run = await usage(['--config', configPath], { stdin: '  \n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/prompt is empty/);
  });

  it('--help prints the options and exits 0', async () => {
    const run = await usage(['--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--config', '--mode', '--provider', '--model', '--system', '--temperature', '--max-tokens', '--stream', '--json']) {
      expect(run.stdout).toContain(flag);
    }
  });
});
