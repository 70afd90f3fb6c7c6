import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoutingMode } from '../../src/shared/chat';
import type { SwitchyardConfig } from '../../src/shared/config';
import type { TrafficEntry } from '../../src/shared/traffic';
import { startAnthropicMock, type AnthropicMock } from '../mocks/anthropic-mock.mjs';
import { startOpenAIMock, type OpenAIMock } from '../mocks/openai-mock.mjs';
import { startPlanoStandin, type PlanoStandin } from '../mocks/plano-standin.mjs';
import { standinBinds, STANDIN_IMAGE } from '../engine/standin-image';
import { createApiCore, type ApiCore } from '../../src/main/api/api-core';
import { createRouter } from '../../src/main/routing/router-factory';
import { EnvironmentSecrets } from '../../src/main/stores/environment-secrets';
import { HistoryStore } from '../../src/main/stores/history-store';
import { SettingsStore } from '../../src/main/stores/settings-store';
import { createLocalEndpoint } from '../../src/main/endpoint/endpoint-service';
import { until } from './until';

/**
 * The local endpoint in front of the real API core and real routers, on 127.0.0.1: an OpenAI-style and an
 * Anthropic-style mock provider, the Plano stand-in in front of the OpenAI one (proxy mode), and for
 * embedded mode the stand-in image on the real container engine. Provider keys are long and recognisable
 * so a test can prove no response ever carries them.
 */

export const PROVIDER_KEYS = { openai: 'sk-live-OPENAI-0123456789abcdefXYZW', anthropic: 'sk-ant-LIVE-9876543210fedcbaQRST' };

export interface EndpointHarness {
  core: ApiCore;
  openai: OpenAIMock;
  anthropic: AnthropicMock;
  plano: PlanoStandin;
  /** The OpenAI base URL (`…/v1`). */
  baseUrl: string;
  /** The Anthropic base URL (host root). */
  origin: string;
  key: string;
  dataDir: string;
  traffic(): TrafficEntry[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  mode?: RoutingMode;
  /** Embedded mode: the engine the stand-in image runs on. */
  engineEndpoint?: string;
  aliases?: Record<string, string>;
  maxInFlight?: number;
}

export async function startEndpointHarness(options: HarnessOptions = {}): Promise<EndpointHarness> {
  const openai = await startOpenAIMock({ apiKey: PROVIDER_KEYS.openai });
  const anthropic = await startAnthropicMock({ apiKey: PROVIDER_KEYS.anthropic });
  const plano = await startPlanoStandin({
    env: { OPENAI_API_KEY: PROVIDER_KEYS.openai },
    config: {
      version: 'v0.4.0',
      listeners: [{ type: 'model', name: 'llm', port: 12000 }],
      model_providers: [{ model: 'openai/gpt-4o-mock', access_key: '$OPENAI_API_KEY', base_url: openai.url, default: true }],
    },
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'switchyard-endpoint-'));
  const configPath = join(dataDir, 'config.yaml');
  const aliases = options.aliases ?? { fast: 'openai/gpt-4o-mini', 'claude-haiku': 'claude/claude-mock' };
  await writeFile(
    configPath,
    `routing:
  mode: ${options.mode ?? 'direct'}
  plano_proxy:
    base_url: ${plano.origin}
    retry_count: 0
  plano_embedded:
    image: ${STANDIN_IMAGE}
    container_name: switchyard-test-${process.pid}-endpoint-${Date.now().toString(36)}
    docker_host: '${options.engineEndpoint ?? ''}'
    network: host
    port: auto
    health_interval: 60s
    start_timeout: 30s
    env:
      STANDIN_HOST: 127.0.0.1
providers:
  openai:
    type: openai
    base_url: ${openai.url}
    api_key: $TEST_OPENAI_KEY
    models: [gpt-4o-mock, gpt-4o-mini]
    prices:
      gpt-4o-mock: { input_per_mtok: 1, output_per_mtok: 2 }
  claude:
    type: anthropic
    base_url: ${anthropic.url}
    api_key: $TEST_ANTHROPIC_KEY
    models: [claude-mock]
endpoint:
  enabled: true
  max_in_flight: ${options.maxInFlight ?? 1024}
  aliases:
${Object.entries(aliases)
  .map(([k, v]) => `    ${k}: ${v}`)
  .join('\n')}
`,
  );
  const settings = await SettingsStore.open(configPath);
  if (settings.view().problems.length > 0) throw new Error(`harness config: ${JSON.stringify(settings.view().problems)}`);
  const history = await HistoryStore.open(join(dataDir, 'history'));
  const workDir = join(dataDir, 'gateway');
  const core = createApiCore({
    settings,
    history,
    secrets: new EnvironmentSecrets(),
    env: { TEST_OPENAI_KEY: PROVIDER_KEYS.openai, TEST_ANTHROPIC_KEY: PROVIDER_KEYS.anthropic },
    routerFactory: (config: SwitchyardConfig, gateway) => createRouter(config, { gateway }),
    gatewayOptions: { workDir, extraBinds: standinBinds(), stopTimeoutSec: 2, startPollMs: 100 },
    endpoint: createLocalEndpoint({ dataDir, override: { port: 0 } }),
  });
  const status = await core.services.endpoint.settled();
  if (!status.running || !status.url) throw new Error(`the endpoint did not start: ${JSON.stringify(status.error)}`);
  const key = await core.services.endpoint.revealKey();
  return {
    core,
    openai,
    anthropic,
    plano,
    baseUrl: status.url,
    origin: status.url.replace(/\/v1$/, ''),
    key,
    dataDir,
    traffic: () => core.services.traffic.view().entries,
    close: async () => {
      await core.close();
      await plano.close();
      await openai.close();
      await anthropic.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A chat the client gives up on while the provider holds it: `mock` keeps its answer back, the client aborts
 * once the provider has the request. Returns what the client got, how the provider's request ended, and the
 * chat's Traffic entry once it is logged as cancelled.
 */
export async function giveUpWhileHeld(
  h: EndpointHarness,
  mock: OpenAIMock | AnthropicMock,
  send: (signal: AbortSignal) => Promise<unknown>,
): Promise<{ reply: unknown; upstream: 'finished' | 'aborted'; entry: TrafficEntry }> {
  mock.behave({ hang: true });
  const before = mock.requests.length;
  const controller = new AbortController();
  const reply = send(controller.signal).catch((e: unknown) => e);
  await until(() => mock.requests.length > before);
  const upstream = mock.requests.at(-1)!;
  controller.abort();
  const result = { reply: await reply, upstream: await upstream.ended };
  await until(() => h.traffic().at(-1)?.status === 'cancelled');
  return { ...result, entry: h.traffic().at(-1)! };
}
