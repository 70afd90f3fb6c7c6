import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFileSchema } from '../../shared/config-schema';
import { resolveConfig } from '../config/resolve-config';
import { fakeCipher } from '../../../test/support/test-app';
import { EncryptedFileSecrets } from './encrypted-secrets';
import { EnvironmentSecrets } from './environment-secrets';
import { applySecrets, conventionalEnvVar, secretsView } from './secrets-store';

const file = configFileSchema.parse({
  providers: {
    openai: { type: 'openai', api_key: '$MY_OPENAI' },
    groq: { type: 'openai', api_key: 'gsk-literal-in-file-0000' },
    anthropic: { type: 'anthropic' },
  },
});

describe('secrets', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-secrets-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores keys encrypted, survives a restart, and never writes plaintext', async () => {
    const path = join(dir, 'secrets.json');
    const store = await EncryptedFileSecrets.open(path, fakeCipher);
    await store.set('anthropic', 'sk-ant-abcdefghijklmnop');
    expect(await readFile(path, 'utf8')).not.toContain('sk-ant-abcdefghijklmnop');
    const reopened = await EncryptedFileSecrets.open(path, fakeCipher);
    expect(reopened.get('anthropic')).toBe('sk-ant-abcdefghijklmnop');
    await reopened.clear('anthropic');
    expect((await EncryptedFileSecrets.open(path, fakeCipher)).get('anthropic')).toBeUndefined();
  });

  it('refuses to store a key when the OS keychain is unavailable', async () => {
    const store = await EncryptedFileSecrets.open(join(dir, 's.json'), { ...fakeCipher, isEncryptionAvailable: () => Promise.resolve(false) });
    await expect(store.set('openai', 'sk-123456789012')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('rewrites keys the keychain asks to re-encrypt, and leaves ones it cannot read untouched', async () => {
    const path = join(dir, 'secrets.json');
    const rotated = `old:${Buffer.from('sk-ant-rotated-key-0000').reverse().toString('base64')}`;
    const foreign = Buffer.from('another machine').toString('base64');
    const cipher = {
      ...fakeCipher,
      decryptString: (data: Uint8Array) => (Buffer.from(data).toString() === 'another machine' ? Promise.reject(new Error('no key')) : fakeCipher.decryptString(data)),
    };
    await writeFile(path, JSON.stringify({ version: 1, secrets: { anthropic: Buffer.from(rotated).toString('base64'), openai: foreign } }));
    const store = await EncryptedFileSecrets.open(path, cipher);
    expect(store.get('anthropic')).toBe('sk-ant-rotated-key-0000');
    expect(store.get('openai')).toBeUndefined();
    const saved = JSON.parse(await readFile(path, 'utf8')) as { secrets: Record<string, string> };
    expect(Buffer.from(saved.secrets.anthropic!, 'base64').toString()).toMatch(/^enc:/);
    expect(saved.secrets.openai).toBe(foreign);
    expect((await EncryptedFileSecrets.open(path, cipher)).get('anthropic')).toBe('sk-ant-rotated-key-0000');
  });

  it('merges keys with precedence stored > config > conventional variable, and shows only a masked status', async () => {
    const env = { MY_OPENAI: 'sk-from-env-ABCDEFGH1111', ANTHROPIC_API_KEY: 'sk-ant-conventional-2222' };
    const store = await EncryptedFileSecrets.open(join(dir, 's.json'), fakeCipher);
    const runtime = applySecrets(resolveConfig(file, env), file, store, env);
    expect(runtime.providers.openai?.apiKey).toBe('sk-from-env-ABCDEFGH1111');
    expect(runtime.providers.groq?.apiKey).toBe('gsk-literal-in-file-0000');
    expect(runtime.providers.anthropic?.apiKey).toBe('sk-ant-conventional-2222');

    await store.set('openai', 'sk-stored-wins-33334444');
    expect(applySecrets(resolveConfig(file, env), file, store, env).providers.openai?.apiKey).toBe('sk-stored-wins-33334444');

    const view = secretsView(file, store, env);
    expect(view.backend).toBe('safeStorage');
    expect(view.secrets).toEqual([
      { name: 'openai', set: true, last4: '4444', source: 'safeStorage' },
      { name: 'groq', set: true, last4: '0000', source: 'config' },
      { name: 'anthropic', set: true, last4: '2222', source: 'environment', envVar: 'ANTHROPIC_API_KEY' },
      { name: 'plano_proxy', set: false, source: 'none', envVar: 'PLANO_API_KEY' },
    ]);
  });

  it('browser mode reads the environment and explains how to set a key instead of storing it', async () => {
    const backend = new EnvironmentSecrets();
    const view = secretsView(file, backend, { MY_OPENAI: 'sk-env-only-key-9999' });
    expect(view.backend).toBe('environment');
    expect(view.secrets[0]).toEqual({ name: 'openai', set: true, last4: '9999', source: 'environment', envVar: 'MY_OPENAI', referenced: true });
    // A referenced variable that is missing is named, so the UI can say "$MY_OPENAI is not set".
    expect(secretsView(file, backend, {}).secrets[0]).toEqual({ name: 'openai', set: false, source: 'none', envVar: 'MY_OPENAI', referenced: true });
    const error = await backend.set('anthropic').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { envVar: 'ANTHROPIC_API_KEY' } });
    expect(String((error as Error).message)).toContain('switchyard serve');
    expect(conventionalEnvVar('my-groq')).toBe('MY_GROQ_API_KEY');
    expect(conventionalEnvVar('plano_proxy')).toBe('PLANO_API_KEY');
  });
});
