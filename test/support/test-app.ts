import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedFileSecrets, type StringCipher } from '../../src/main/stores/encrypted-secrets';
import { EnvironmentSecrets } from '../../src/main/stores/environment-secrets';
import { HistoryStore } from '../../src/main/stores/history-store';
import { SettingsStore } from '../../src/main/stores/settings-store';
import { createApiCore, type ApiCore } from '../../src/main/api/api-core';
import type { ProviderCooldowns } from '../../src/main/routing/provider-cooldowns';
import type { RouterFactory } from '../../src/main/api/router-pool';
import { FakeGateway } from './fake-gateway';
import { fakeRouterFactory, type FakeRouterLog } from './fake-router';

/** The key every test scans for: it must never appear in anything the API sends out. */
export const TEST_KEY = 'sk-live-SECRET-0123456789abcdefXYZW';
export const STORED_KEY = 'sk-ant-STORED-9876543210fedcbaQRST';

/**
 * The hand-written config every API test starts from: two providers, Direct mode; the OpenAI key comes
 * from $TEST_OPENAI_KEY. `openaiBaseUrl` points it at a real mock; `planoOrigin` adds a proxy section.
 * Neither retries: an API test sees each upstream failure once (the router's tests cover retries).
 */
export function testConfigYaml(options: { openaiBaseUrl?: string; planoOrigin?: string } = {}): string {
  const proxy = options.planoOrigin === undefined ? '' : `  plano_proxy:\n    base_url: ${options.planoOrigin}\n    retry_count: 0\n`;
  return `# written by hand
routing:
  mode: direct
${proxy}providers:
  openai:
    type: openai
    base_url: ${options.openaiBaseUrl ?? 'http://127.0.0.1:9/v1'}
    api_key: $TEST_OPENAI_KEY
    models: [gpt-4o-mini, gpt-4o]
    retry_count: 0
  anthropic:
    type: anthropic
    base_url: http://127.0.0.1:9
    models: [claude-sonnet-4-0]
`;
}

export const TEST_CONFIG_YAML = testConfigYaml();

/** Reversible, obviously-not-secure stand-in for safeStorage: enough to prove the file holds no plaintext. */
export const fakeCipher: StringCipher = {
  isEncryptionAvailable: () => Promise.resolve(true),
  encryptString: (plain) => Promise.resolve(Buffer.from(`enc:${Buffer.from(plain).reverse().toString('base64')}`)),
  decryptString: (data) => {
    // `old:` stands for ciphertext from a rotated key: readable, but the keychain asks for it to be redone.
    const text = Buffer.from(data).toString();
    const result = Buffer.from(text.slice(4), 'base64').reverse().toString();
    return Promise.resolve({ result, shouldReEncrypt: text.startsWith('old:') });
  },
};

export interface TestApp {
  core: ApiCore;
  dir: string;
  configPath: string;
  gateway: FakeGateway;
  routers: FakeRouterLog;
  close(): Promise<void>;
}

export async function createTestApp(
  options: {
    secrets?: 'safeStorage' | 'environment';
    configYaml?: string;
    routerFactory?: RouterFactory;
    /** The cooldowns `routerFactory`'s routers share, for the router state to show. */
    cooldowns?: ProviderCooldowns;
    env?: NodeJS.ProcessEnv;
    /** Lays files into the data folder before the stores open it (history left by an earlier run). */
    prepare?: (dir: string) => Promise<void>;
    maxChatsInFlight?: number;
  } = {},
): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-api-'));
  const configPath = join(dir, 'config.yaml');
  await writeFile(configPath, options.configYaml ?? TEST_CONFIG_YAML);
  await options.prepare?.(dir);
  const settings = await SettingsStore.open(configPath);
  const history = await HistoryStore.open(join(dir, 'history'));
  const secrets =
    options.secrets === 'environment' ? new EnvironmentSecrets() : await EncryptedFileSecrets.open(join(dir, 'secrets.json'), fakeCipher);
  const gateway = new FakeGateway();
  const fake = fakeRouterFactory();
  const core = createApiCore({
    settings,
    secrets,
    history,
    gateway,
    routerFactory: options.routerFactory ?? fake.factory,
    ...(options.cooldowns ? { cooldowns: options.cooldowns } : {}),
    env: options.env ?? { TEST_OPENAI_KEY: TEST_KEY },
    errorLog: { path: join(dir, 'logs', 'switchyard.log'), tail: () => ['{"level":"error","event":"x"}'] },
    ...(options.maxChatsInFlight === undefined ? {} : { maxChatsInFlight: options.maxChatsInFlight }),
  });
  return {
    core,
    dir,
    configPath,
    gateway,
    routers: fake.log,
    close: async () => {
      await core.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
