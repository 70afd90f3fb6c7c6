import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../shared/api';
import { SwitchyardError } from '../../shared/errors';
import { loadConfigFile, MAX_CONFIG_BYTES, parseConfigText, readConfigText } from './load-config';

/** Configs that once hung the loader, crashed it, or passed only to fail at request time. */

function problemsOf(text: string): ConfigProblem[] {
  try {
    parseConfigText(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    expect((error as SwitchyardError).code).toBe('CONFIG_INVALID');
    return (error as SwitchyardError).details.problems as ConfigProblem[];
  }
  throw new Error('expected CONFIG_INVALID');
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-hostile-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hostile configs are CONFIG_INVALID with a path and a line', () => {
  it('a file over the size limit is refused, and only the limit is read of it', async () => {
    const provider = (i: number): string => `  p${i}:\n    type: openai\n    api_key: $KEY_${i}\n    models: [a, b]\n`;
    const parts = ['providers:\n'];
    for (let i = 0, size = parts[0]!.length; size <= MAX_CONFIG_BYTES; i++) size += parts[parts.push(provider(i)) - 1]!.length;
    const text = parts.join('');
    expect(problemsOf(text)).toEqual([{ path: '', line: 1, message: 'the file is larger than 1 MiB, the limit for a config file' }]);

    const path = join(dir, 'huge.yaml');
    await writeFile(path, text + '#'.repeat(3 * MAX_CONFIG_BYTES));
    expect(Buffer.byteLength(await readConfigText(path))).toBe(MAX_CONFIG_BYTES + 1);
    await expect(loadConfigFile(path)).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { problems: [{ line: 1 }] } });
  });

  it('durations past 24h (a timer overflow) or past any number (1e308) are refused', () => {
    const text = [
      'routing:',
      '  plano_proxy:',
      '    timeout: 99999999h',
      '    first_byte_timeout: 1e308',
      'providers:',
      '  openai:',
      '    type: openai',
      '    timeout: 25h',
      '    first_byte_timeout: 24h',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'routing.plano_proxy.timeout', line: 3, message: 'must be at most 24h' },
      { path: 'routing.plano_proxy.first_byte_timeout', line: 4, message: 'must be at most 24h' },
      { path: 'providers.openai.timeout', line: 8, message: 'must be at most 24h' },
    ]);
  });

  it('a YAML alias bomb is refused at the alias, not reported as INTERNAL', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'providers:',
      '  openai:',
      '    type: openai',
      '    models: *d',
    ].join('\n');
    const problems = problemsOf(bomb);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'b', line: 2, message: expect.stringMatching(/^aliases expand too far \(.*alias.*\)/i) });
  });

  it('header names with spaces or line breaks, and values with CR/LF, are refused where they are written', () => {
    const text = [
      'routing:',
      '  plano_proxy:',
      '    headers:',
      '      "X-Ok": "fine\tvalue"',
      '      "X-Injected": "a\\r\\nSet-Cookie: b"',
      'providers:',
      '  openai:',
      '    type: openai',
      '    headers:',
      '      "X Spaced": v',
      '      "X-Line\\nBreak": v',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems).toEqual([
      { path: 'routing.plano_proxy.headers.X-Injected', line: 5, message: 'a header value may not contain line breaks or control characters' },
      { path: 'providers.openai.headers.X Spaced', line: 10, message: expect.stringMatching(/^invalid name: a header name is letters, digits/) },
      { path: 'providers.openai.headers.X-Line\nBreak', line: 11, message: expect.stringMatching(/^invalid name/) },
    ]);
  });

  it('a key written twice names its path and the line of the second', () => {
    const text = ['providers:', '  a:', '    type: openai', '  b:', '    type: openai', '    type: anthropic', '  a:', '    type: openai'].join('\n');
    expect(problemsOf(text)).toEqual([
      { path: 'providers.b.type', line: 6, message: 'duplicate key "type": map keys must be unique' },
      { path: 'providers.a', line: 7, message: 'duplicate key "a": map keys must be unique' },
    ]);
  });
});
