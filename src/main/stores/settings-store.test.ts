import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../shared/errors';
import { MASK_PREFIX } from './config-masking';
import { SettingsStore } from './settings-store';

const BROKEN = `routing:
  mode: plano_proxy
  plano_proxy:
    timeout: soon
providers:
  openai: { type: openai }
`;

describe('SettingsStore', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-settings-'));
    path = join(dir, 'config.yaml');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a readable default file on first run', async () => {
    const store = await SettingsStore.open(path);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('mode: direct');
    expect(store.view()).toMatchObject({ path, problems: [] });
  });

  it('starts on defaults with an invalid file, reports path and line, and preserves the file byte for byte', async () => {
    const bytes = Buffer.from(`${BROKEN}# trailing comment \u00e9\r\n`);
    await writeFile(path, bytes);
    const store = await SettingsStore.open(path);
    expect(store.view().problems).toEqual([expect.objectContaining({ path: 'routing.plano_proxy.timeout', line: 4 })]);
    expect(store.file().routing.mode).toBe('direct');
    // an automatic save (the mode switch) does not touch the file
    expect(await store.setMode('plano_embedded')).toBe(false);
    expect(store.file().routing.mode).toBe('plano_embedded');
    expect(await readFile(path)).toEqual(bytes);
  });

  it('an explicit valid save replaces an invalid file only after copying it aside', async () => {
    await writeFile(path, BROKEN);
    const store = await SettingsStore.open(path, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    const view = await store.save({ routing: { mode: 'direct' } });
    expect(view.problems).toEqual([]);
    const names = await readdir(dir);
    const backup = names.find((n) => n.startsWith('config.yaml.invalid-'));
    expect(backup).toBe('config.yaml.invalid-2026-01-02T03-04-05-000Z');
    expect(await readFile(join(dir, backup!), 'utf8')).toBe(BROKEN);
    expect(await readFile(path, 'utf8')).toContain('mode: direct');
  });

  it('rejects an invalid save with the field named and writes nothing', async () => {
    await SettingsStore.open(path);
    const store = await SettingsStore.open(path);
    const before = await readFile(path);
    const error = await store.save({ routing: { plano_proxy: { retry_count: -1 } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'routing.plano_proxy.retry_count' } });
    expect(await readFile(path)).toEqual(before);
  });

  it('refuses a save that would write a file too large to load again', async () => {
    const store = await SettingsStore.open(path);
    const before = await readFile(path);
    const models = Array.from({ length: 60_000 }, (_, i) => `model-number-${i}`);
    const error = await store.save({ providers: { big: { type: 'openai', models } } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/larger than 1 MiB/) });
    expect(await readFile(path)).toEqual(before);
  });

  it('masks literal keys in the view and keeps them when the masked value comes back', async () => {
    await writeFile(
      path,
      'providers:\n  openai:\n    type: openai\n    api_key: sk-literal-key-1234567890\n    headers: { Authorization: Bearer tok-abcdefghijkl, x-trace: on }\n',
    );
    const store = await SettingsStore.open(path);
    const view = store.view();
    expect(JSON.stringify(view)).not.toContain('sk-literal-key-1234567890');
    expect(JSON.stringify(view)).not.toContain('tok-abcdefghijkl');
    expect(view.config.providers.openai?.api_key).toBe(`${MASK_PREFIX}7890`);
    expect(view.config.providers.openai?.headers['x-trace']).toBe('on');
    view.config.providers.openai!.default_model = 'gpt-4o';
    await store.save(view.config);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('sk-literal-key-1234567890');
    expect(text).toContain('Bearer tok-abcdefghijkl');
    expect(text).toContain('default_model: gpt-4o');
  });

  it('notifies listeners after a save and persists the mode switch', async () => {
    const store = await SettingsStore.open(path);
    const seen: string[] = [];
    store.onChange((file) => seen.push(file.routing.mode));
    expect(await store.setMode('plano_proxy')).toBe(true);
    expect(seen).toEqual(['plano_proxy']);
    const reopened = await SettingsStore.open(path);
    expect(reopened.file().routing.mode).toBe('plano_proxy');
  });

  it('picks up hand edits: a valid edit takes effect, an invalid one is reported and the running config kept', async () => {
    const store = await SettingsStore.open(path);
    const modes: string[] = [];
    const problemCounts: number[] = [];
    store.onChange((file) => modes.push(file.routing.mode));
    store.onProblems((problems) => problemCounts.push(problems.length));
    const stop = store.watch(20);
    try {
      await writeFile(path, 'routing:\n  mode: plano_proxy\n');
      await waitFor(() => store.file().routing.mode === 'plano_proxy');
      expect(modes).toEqual(['plano_proxy']);
      const broken = 'routing:\n  mode: sideways\n';
      await writeFile(path, broken);
      await waitFor(() => store.view().problems.length > 0);
      expect(store.view().problems[0]).toMatchObject({ path: 'routing.mode', line: 2 });
      expect(store.file().routing.mode).toBe('plano_proxy');
      // Listeners hear of the broken file (every page shows it), though the config in effect is unchanged.
      expect(problemCounts).toEqual([1]);
      expect(modes).toEqual(['plano_proxy']);
      expect(await store.setMode('direct')).toBe(false);
      expect(await readFile(path, 'utf8')).toBe(broken);
      // our own save is not mistaken for a hand edit
      await store.save({ routing: { mode: 'direct' } });
      expect(await store.reloadFromDisk()).toBe('unchanged');
    } finally {
      stop();
    }
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 5000) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
