import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../shared/api';
import { SwitchyardError } from '../../shared/errors';
import { loadConfig, loadConfigFile, parseConfigText, validateConfigText, validateConfigValue } from './load-config';

function problemsOf(text: string): ConfigProblem[] {
  try {
    parseConfigText(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    const e = error as SwitchyardError;
    expect(e.code).toBe('CONFIG_INVALID');
    return e.details.problems as ConfigProblem[];
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('parseConfigText: problems name the path and the line', () => {
  it('names the line of a bad duration nested three levels deep', () => {
    const text = ['routing:', '  mode: plano_proxy', '  plano_proxy:', '    base_url: http://127.0.0.1:12000', '    timeout: soon', ''].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'routing.plano_proxy.timeout', line: 5, message: expect.stringMatching(/duration/) },
    ]);
  });

  it('reports every problem at once, each with its own line', () => {
    const text = [
      'routing:', //                      1
      '  mode: turbo', //                  2
      '  plano_proxy:', //                3
      '    retry_count: -1', //           4
      'providers:', //                    5
      '  openai:', //                     6
      '    type: openai', //              7
      '    base_url: ftp://example', //   8
      '  claude:', //                     9
      '    type: antropic', //            10
      '    models: [a, 3]', //            11
    ].join('\n');
    const problems = problemsOf(text);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(byPath['routing.mode']).toMatchObject({ line: 2, message: expect.stringMatching(/direct.*plano_proxy.*plano_embedded/) });
    expect(byPath['routing.plano_proxy.retry_count']).toMatchObject({ line: 4, message: 'must be at least 0' });
    expect(byPath['providers.openai.base_url']).toMatchObject({ line: 8, message: expect.stringMatching(/http/) });
    expect(byPath['providers.claude.type']).toMatchObject({ line: 10, message: expect.stringMatching(/"openai", "anthropic"/) });
    expect(byPath['providers.claude.models.1']?.line).toBe(11);
    expect(problems).toHaveLength(5);
    for (const p of problems) expect(p.line).toBeGreaterThan(0);
    // Listed in file order.
    expect(problems.map((p) => p.line)).toEqual([2, 4, 8, 10, 11]);
  });

  it('names an unknown key by its own path and suggests the intended one', () => {
    const text = ['routing:', '  plano_proxy:', '    base_url: http://127.0.0.1:12000', '    timout: 30s'].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'routing.plano_proxy.timout', line: 4, message: 'unknown key "timout" (did you mean "timeout"?)' },
    ]);
  });

  it('suggests keys inside a provider entry and at the top level', () => {
    const text = ['provider:', '  x: 1', 'providers:', '  groq:', '    type: openai', '    apikey: abc'].join('\n');
    const problems = problemsOf(text);
    expect(problems).toContainEqual({ path: 'provider', line: 1, message: 'unknown key "provider" (did you mean "providers"?)' });
    expect(problems).toContainEqual({ path: 'providers.groq.apikey', line: 6, message: 'unknown key "apikey" (did you mean "api_key"?)' });
  });

  it('points a missing required key at the entry that lacks it', () => {
    const text = ['providers:', '  local:', '    base_url: http://127.0.0.1:1234/v1'].join('\n');
    expect(problemsOf(text)).toEqual([{ path: 'providers.local.type', line: 2, message: expect.any(String) }]);
  });

  it('rejects a provider name with spaces, naming it', () => {
    const text = ['providers:', '  "my provider":', '    type: openai'].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'providers.my provider', line: 2, message: expect.stringMatching(/letters, digits/) },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const text = ['routing:', '  mode: direct', '   bad: [unclosed', 'providers: {}'].join('\n');
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(/^YAML syntax/);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects duplicate keys with the line of the duplicate', () => {
    const text = ['routing:', '  mode: direct', '  mode: plano_proxy'].join('\n');
    const problems = problemsOf(text);
    expect(problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/unique|duplicate/i) });
  });

  it('rejects a file that is a list or a scalar', () => {
    expect(problemsOf('- a\n- b\n')[0]).toMatchObject({ path: '', message: expect.stringMatching(/mapping/) });
    expect(problemsOf('just text\n')[0]).toMatchObject({ path: '', message: expect.stringMatching(/mapping/) });
  });

  it('flags a malformed $ENV reference in an api_key with its line', () => {
    const text = ['providers:', '  openai:', '    type: openai', '    api_key: ${OPENAI_API_KEY'].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'providers.openai.api_key', line: 4, message: expect.stringMatching(/\$NAME or \$\{NAME\}/) },
    ]);
  });

  it('in embedded mode, names with its line what Plano cannot express, before any container starts', () => {
    const providers = [
      'providers:',
      '  claude:',
      '    type: anthropic',
      '    api_key: $ANTHROPIC_API_KEY',
      '    models: [claude-sonnet-4-0]',
      '  claude-proxy:',
      '    type: anthropic',
      '    base_url: https://claude.corp.example',
      '    api_key: $CORP_KEY',
      '    models:',
      '      - claude-opus-4-1',
      '      - claude-sonnet-4-0',
      '  local:',
      '    type: openai',
      '    base_url: http://127.0.0.1:8080/v1',
      '    headers: { X-Title: Switchyard }',
    ];
    const problems = problemsOf(['routing:', '  mode: plano_embedded', ...providers].join('\n'));
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['providers.claude.models.0', 7],
      ['providers.claude-proxy.models.1', 14],
      ['providers.local.headers', 18],
    ]);
    expect(problems[1]!.message).toContain("Plano cannot keep model 'claude-sonnet-4-0'");
    // The same providers are fine for Direct mode, and a key exported later changes nothing.
    expect(validateConfigText(['routing:', '  mode: direct', ...providers].join('\n')).ok).toBe(true);
  });

  it('the error message lists every problem with path and line, for the CLI to print', () => {
    try {
      parseConfigText('routing:\n  mode: nope\n', 'my.yaml');
    } catch (error) {
      expect((error as Error).message).toContain('invalid config my.yaml');
      expect((error as Error).message).toContain('routing.mode (line 2): must be one of');
      return;
    }
    throw new Error('expected an error');
  });

  it('an empty file is the defaults', () => {
    expect(validateConfigText('').ok).toBe(true);
    expect(validateConfigText('# only a comment\n').config?.routing.mode).toBe('direct');
  });

  it('accepts a full, valid file', () => {
    const text = [
      'routing:',
      '  mode: plano_proxy',
      '  enable_fallback: false',
      '  plano_proxy:',
      '    base_url: http://127.0.0.1:12000',
      '    api_key: $PLANO_KEY',
      '    timeout: 1m',
      '    retry_count: 5',
      '  plano_embedded:',
      '    port: auto',
      '    fallback: false',
      'providers:',
      '  openai:',
      '    type: openai',
      '    api_key: ${OPENAI_API_KEY}',
      '    default_model: gpt-4o-mini',
      '    models: [gpt-4o-mini, gpt-4o]',
      '    prices:',
      '      gpt-4o-mini: { input_per_mtok: 0.15, output_per_mtok: 0.6 }',
      '  anthropic:',
      '    type: anthropic',
      '    api_key: $ANTHROPIC_API_KEY',
    ].join('\n');
    const file = parseConfigText(text);
    expect(file.routing.mode).toBe('plano_proxy');
    expect(file.routing.plano_proxy.retry_count).toBe(5);
    expect(file.routing.plano_embedded.port).toBe('auto');
    expect(file.providers.openai?.models).toEqual(['gpt-4o-mini', 'gpt-4o']);
  });
});

describe('validateConfigValue (settings form: no lines)', () => {
  it('returns paths without lines', () => {
    const result = validateConfigValue({ routing: { plano_proxy: { timeout: 'x' } } });
    expect(result).toEqual({ ok: false, problems: [{ path: 'routing.plano_proxy.timeout', message: expect.any(String) }] });
  });
  it('accepts a valid value and fills defaults', () => {
    const result = validateConfigValue({ providers: { o: { type: 'openai' } } });
    expect(result.ok).toBe(true);
    expect(result.config?.providers.o?.timeout).toBe('60s');
  });
});

describe('loadConfigFile / loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing file is CONFIG_INVALID naming the path, unless missingOk', async () => {
    const path = join(dir, 'nope.yaml');
    await expect(loadConfigFile(path)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(path) });
    const loaded = await loadConfigFile(path, { missingOk: true });
    expect(loaded.exists).toBe(false);
    expect(loaded.file.routing.mode).toBe('direct');
  });

  it('a directory is a clear error, not a crash', async () => {
    const sub = join(dir, 'sub');
    await mkdir(sub);
    await expect(loadConfigFile(sub)).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/directory/) });
  });

  it('loads, validates and resolves a file with env references', async () => {
    const path = join(dir, 'ok.yaml');
    await writeFile(path, 'providers:\n  openai:\n    type: openai\n    api_key: $MY_KEY\n');
    const config = await loadConfig(path, { env: { MY_KEY: 'sk-test-123' } });
    expect(config.providers.openai).toMatchObject({ apiKey: 'sk-test-123', apiKeyEnv: 'MY_KEY' });
  });

  it('problems in a file on disk carry the file name in the message', async () => {
    const path = join(dir, 'bad.yaml');
    await writeFile(path, 'routing:\n  mode: fast\n');
    await expect(loadConfigFile(path)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining(path),
      details: { problems: [{ path: 'routing.mode', line: 2, message: expect.any(String) }] },
    });
  });
});
