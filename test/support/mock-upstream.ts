import type { SwitchyardConfig } from '../../src/shared/config';
import { startOpenAIMock } from '../mocks/openai-mock.mjs';
import { startPlanoStandin } from '../mocks/plano-standin.mjs';
import { ProviderCooldowns } from '../../src/main/routing/provider-cooldowns';
import { createRouter } from '../../src/main/routing/router-factory';
import type { Router } from '../../src/main/routing/types';
import type { FakeRouterLog } from './fake-router';
import { testConfigYaml } from './test-app';

/**
 * Real routers (the router core's createRouter) against the project's mock servers on 127.0.0.1: an
 * OpenAI-compatible provider that checks the key, and a Plano stand-in in front of it for proxy mode.
 * The factory records which routers were created and closed, as the fake router does.
 */
export interface MockUpstream {
  openai: Awaited<ReturnType<typeof startOpenAIMock>>;
  plano: Awaited<ReturnType<typeof startPlanoStandin>>;
  configYaml: string;
  factory: (config: SwitchyardConfig) => Router;
  /** Shared by every router the factory makes, as the app shares one set. */
  cooldowns: ProviderCooldowns;
  log: FakeRouterLog;
  close(): Promise<void>;
}

export async function startMockUpstream(key: string): Promise<MockUpstream> {
  const openai = await startOpenAIMock({ apiKey: key });
  const plano = await startPlanoStandin({
    config: {
      version: 'v0.4.0',
      listeners: [{ type: 'model', name: 'llm', port: 12000 }],
      model_providers: [{ model: 'openai/gpt-4o-mini', access_key: '$OPENAI_API_KEY', base_url: openai.url, default: true }],
    },
    env: { OPENAI_API_KEY: key },
  });
  const log: FakeRouterLog = { created: [], closed: [], requests: [], aborts: 0 };
  const cooldowns = new ProviderCooldowns();
  const factory = (config: SwitchyardConfig): Router => {
    const router = createRouter(config, { cooldowns });
    log.created.push(config.routing.mode);
    const close = router.close.bind(router);
    return Object.assign(router, {
      close: async () => {
        log.closed.push(config.routing.mode);
        await close();
      },
    });
  };
  const configYaml = testConfigYaml({ openaiBaseUrl: openai.url, planoOrigin: plano.origin });
  return {
    openai,
    plano,
    configYaml,
    factory,
    cooldowns,
    log,
    close: async () => {
      await plano.close();
      await openai.close();
    },
  };
}
