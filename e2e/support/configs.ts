import type { ConfigFileInput } from '../../src/shared/config-schema';

/** The provider every journey uses: OpenAI-compatible, named so Plano knows it as `openai`. */
export const PROVIDER = 'mockai';
export const PROVIDER_KEY_ENV = 'MOCKAI_API_KEY';
export const MODEL = 'gpt-4o-mock';

/** A config with the mock provider (key by `$ENV` reference) and whatever routing the journey needs. */
export function configWithProvider(providerUrl: string, routing: ConfigFileInput['routing'] = {}): ConfigFileInput {
  return {
    routing,
    providers: {
      [PROVIDER]: {
        type: 'openai',
        base_url: providerUrl,
        api_key: `$${PROVIDER_KEY_ENV}`,
        default_model: MODEL,
        models: [MODEL],
        plano_provider: 'openai',
        prices: { [MODEL]: { input_per_mtok: 2.5, output_per_mtok: 10 } },
      },
    },
  };
}

/** plano_config.yaml for the stand-in, as Switchyard would generate it: the key by reference. */
export function planoConfigFor(providerUrl: string): Record<string, unknown> {
  return {
    version: 'v0.4.0',
    listeners: [{ type: 'model', name: 'llm', port: 12000 }],
    model_providers: [{ model: `openai/${MODEL}`, access_key: '$OPENAI_API_KEY', base_url: providerUrl, default: true }],
  };
}

type EmbeddedSection = NonNullable<NonNullable<ConfigFileInput['routing']>['plano_embedded']>;

/**
 * plano_embedded settings for the journeys: the given image on the given engine, a unique container name,
 * host networking (never the bridge; the stand-in then listens on 127.0.0.1 only), a free port, and short
 * intervals so supervision shows within a test.
 */
export function embeddedSettings(image: string, dockerHost: string, containerName: string, extra: Partial<EmbeddedSection> = {}): EmbeddedSection {
  return {
    image,
    container_name: containerName,
    port: 'auto',
    network: 'host',
    env: { STANDIN_HOST: '127.0.0.1' },
    docker_host: dockerHost,
    health_interval: '1s',
    start_timeout: '30s',
    max_restarts: 2,
    recovery_hold: '2s',
    ...extra,
  };
}
