import type { Conversation, ProviderCheck, ProviderSummary, ProviderTarget, StoredMessage } from '../../../shared/api';
import type { ContainerDetails, GatewayStatus } from '../../../shared/gateway';

/** Fixtures for the fake bridge, the demo page and tests. */

export const FAKE_PROVIDERS: ProviderSummary[] = [
  {
    name: 'openai',
    type: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-4o-mini',
    models: ['gpt-4o-mini', 'gpt-4o'],
    hasKey: true,
    prices: { 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 }, 'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 } },
  },
  {
    name: 'ollama',
    type: 'openai',
    baseUrl: 'http://127.0.0.1:11434/v1',
    defaultModel: 'llama3.2',
    models: ['llama3.2'],
    hasKey: false,
    prices: {},
  },
];

/** A conversation with `count` alternating messages, for the virtual list and the bench. */
export function makeLongConversation(count: number, id = 'conv-long'): Conversation {
  const now = Date.now();
  const messages: StoredMessage[] = [];
  for (let i = 0; i < count; i++) {
    const user = i % 2 === 0;
    messages.push({
      id: `${id}-m${i}`,
      role: user ? 'user' : 'assistant',
      content: user
        ? `Question ${i}: how do I reverse a list in Python?`
        : `Answer ${i}: use slicing.\n\n\`\`\`python\nitems = [1, 2, 3]\nprint(items[::-1])  # [3, 2, 1]\n\`\`\`\n\nOr call \`items.reverse()\` to do it **in place**.`,
      createdAt: now - (count - i) * 60_000,
      status: 'complete',
      ...(user
        ? {}
        : {
            response: {
              id: `r${i}`,
              usage: { inputTokens: 20, outputTokens: 40, totalTokens: 60 },
              model: 'gpt-4o-mini-2024-07-18',
              provider: 'openai',
              finishReason: 'stop',
              latencyMs: 900,
              metadata: {},
              trace: { mode: 'direct', servedBy: 'direct', attempts: [], retries: 0, overheadMs: 1, ttftMs: 210, latencyMs: 900 },
            },
          }),
    });
  }
  return { id, title: `Long conversation (${count})`, createdAt: now - count * 60_000, updatedAt: now, settings: { provider: 'openai', model: 'gpt-4o-mini' }, messages };
}

/** The gateway as the fake bridge starts it: up for an hour, or failed because no engine answers. */
export function fakeGatewayStatus(reachable: boolean, now: number): GatewayStatus {
  return {
    phase: reachable ? 'ready' : 'failed',
    engine: reachable
      ? { reachable: true, endpoint: 'unix:///var/run/docker.sock', version: '24.0.7' }
      : { reachable: false, endpoint: 'unix:///var/run/docker.sock', error: 'connect ENOENT /var/run/docker.sock' },
    image: 'katanemo/plano:0.4.36',
    containerName: 'switchyard-plano',
    ...(reachable ? { containerId: 'c0ffee123456', port: 12000, readySince: now - 3_725_000, startedAt: now - 3_731_000 } : {}),
    restarts: 0,
    restartsInRow: 0,
    maxRestarts: 3,
    recoveryAttempts: 0,
    fallbacks: 0,
    fallbackActive: false,
    ...(reachable ? { lastHealth: { at: now - 4000, ok: true, latencyMs: 3, check: 'health' as const, status: 200 } } : {}),
    ...(reachable ? {} : { lastError: { code: 'CONTAINER_FAILED', message: 'No container engine reachable at unix:///var/run/docker.sock' } }),
    history: reachable
      ? [
          { at: now - 3_731_000, kind: 'transition', phase: 'starting', reason: 'container started' },
          { at: now - 3_725_000, kind: 'health', phase: 'ready', reason: 'readiness passed', ok: true, latencyMs: 41 },
        ]
      : [{ at: now - 1000, kind: 'error', phase: 'failed', reason: 'No container engine reachable' }],
  };
}

/** The gateway container as the fake's inspect shows it. */
export const FAKE_CONTAINER: ContainerDetails = {
  id: 'c0ffee123456deadbeef',
  name: 'switchyard-plano',
  image: 'katanemo/plano:0.4.36',
  imageId: 'sha256:9b1f3c0a7e',
  created: '2026-11-26T09:00:00Z',
  state: { status: 'running', running: true, startedAt: '2026-11-26T09:00:02Z' },
  command: ['supervisord', '-c', '/etc/supervisord.conf'],
  networkMode: 'slirp4netns',
  ports: [{ container: '12000/tcp', hostIp: '127.0.0.1', hostPort: '12000' }],
  mounts: [{ source: '/home/user/.config/switchyard/gateway/plano_config.yaml', destination: '/app/plano_config.yaml', readOnly: true }],
  envNames: ['OPENAI_API_KEY', 'PATH'],
  labels: { 'io.switchyard.managed': 'true', 'io.switchyard.port': '12000' },
};

/** The fake's provider test: a model list per protocol, a missing `$ENV` key named, `fail` in the URL fails. */
export function fakeProviderCheck(target: ProviderTarget): ProviderCheck {
  const provider = FAKE_PROVIDERS.find((p) => p.name === target.name);
  const type = target.draft?.type ?? provider?.type ?? 'openai';
  const base = target.draft?.base_url ?? provider?.baseUrl ?? 'https://api.openai.com/v1';
  const url = type === 'openai' ? `${base}/models` : `${base}/v1/models`;
  const ref = /^\$([A-Z0-9_]+)$/.exec(target.draft?.api_key ?? '')?.[1];
  if (ref === 'MISSING_KEY') return { ok: false, url, latencyMs: 0, models: [], code: 'AUTH_FAILED', message: `$${ref} is not set, so there is no key to send; nothing was sent` };
  if (base.includes('fail')) return { ok: false, url, status: 401, latencyMs: 41, models: [], code: 'AUTH_FAILED', message: `${target.name ?? 'provider'} rejected the credentials (HTTP 401): Incorrect API key provided` };
  const models = type === 'anthropic' ? ['claude-sonnet-4-5', 'claude-haiku-4-5'] : ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'o3-mini'];
  return { ok: true, url, status: 200, latencyMs: 87, models, message: `${target.name ?? new URL(base).host} answered HTTP 200 in 87 ms with ${models.length} models` };
}
