import type { Conversation } from '../../../shared/api';
import { FakeBridge, makeLongConversation } from './fake-bridge';

/**
 * The fake bridge dressed with demo data, for `?fake` pages (bench, screenshots). Query parameters:
 * `tps` tokens per second (default 60), `long` adds a conversation of that many messages,
 * `noengine` simulates an unreachable container engine, `empty` starts with no providers,
 * `words` sets the length of the default reply.
 */
export function createDemoBridge(params: URLSearchParams): FakeBridge {
  const tps = Number(params.get('tps') ?? 60);
  const words = Number(params.get('words') ?? 120);
  const conversations: Conversation[] = [sampleConversation()];
  const long = Number(params.get('long') ?? 0);
  if (long > 0) conversations.push(makeLongConversation(long));
  const bridge = new FakeBridge({
    transport: params.has('browser') ? 'browser' : 'electron',
    tokenIntervalMs: 1000 / Math.max(1, tps),
    firstTokenDelayMs: 250,
    conversations,
    ...(params.has('noengine') ? { engineReachable: false } : {}),
    ...(params.has('empty') ? { providers: [] } : {}),
    mode: params.has('embedded') ? 'plano_embedded' : 'direct',
  });
  const reply = (): string => demoReply(words);
  bridge.replies = Array.from({ length: 50 }, () => ({ text: reply() }));
  // Live resource samples and log lines, as a running container would send.
  let t = 0;
  setInterval(() => {
    t++;
    bridge.emit('gateway.stats', { at: Date.now(), cpuPercent: 4 + 3 * Math.sin(t / 3) + Math.random() * 2, memoryBytes: (88 + 6 * Math.sin(t / 5)) * 1024 * 1024, memoryLimitBytes: 512 * 1024 * 1024 });
    if (t % 3 === 0) bridge.pushLog(`[brightstaff] GET /healthz 200 ${Math.round(2 + Math.random() * 3)}ms`);
  }, 1000);
  for (let i = 0; i < 40; i++) bridge.emit('gateway.stats', { at: Date.now() - (40 - i) * 1000, cpuPercent: 4 + 3 * Math.sin(i / 3), memoryBytes: (88 + 6 * Math.sin(i / 5)) * 1024 * 1024, memoryLimitBytes: 512 * 1024 * 1024 });
  return bridge;
}

function demoReply(words: number): string {
  const filler = 'The router picks a path for each request, records every attempt, and falls back to Direct when the gateway fails its health checks.'.split(' ');
  // Paragraphs of about 60 words, as chat replies have.
  const body = Array.from({ length: words }, (_, i) => filler[i % filler.length] + ((i + 1) % 60 === 0 ? '\n\n' : ' ')).join('');
  return `Here is a quick answer.\n\n${body}\n\n\`\`\`ts\n// retry with full jitter\nconst delay = Math.random() * Math.min(cap, base * 2 ** attempt);\nawait sleep(delay);\n\`\`\`\n\n- **TTFT** is measured to the first token\n- *tokens/s* excludes it\n`;
}

function sampleConversation(): Conversation {
  const now = Date.now();
  return {
    id: 'conv-sample',
    title: 'Backoff strategies',
    createdAt: now - 3_600_000,
    updatedAt: now - 60_000,
    settings: { provider: 'openai', model: 'gpt-4o-mini' },
    messages: [
      { id: 's1', role: 'user', content: 'What is exponential backoff with full jitter?', createdAt: now - 120_000, status: 'complete' },
      {
        id: 's2',
        role: 'assistant',
        content:
          'It spreads retries out randomly so clients do not retry in lockstep:\n\n```python\nimport random, time\n\ndef backoff(attempt, base=0.1, cap=10):\n    # full jitter: anywhere between 0 and the exponential bound\n    return random.uniform(0, min(cap, base * 2 ** attempt))\n```\n\n1. Double the bound each attempt\n2. Cap it\n3. Sleep a **random** time below it\n\nSee [the AWS article](https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).',
        createdAt: now - 110_000,
        status: 'complete',
        response: {
          id: 'r2',
          usage: { inputTokens: 18, outputTokens: 96, totalTokens: 114 },
          model: 'gpt-4o-mini-2024-07-18',
          provider: 'openai',
          finishReason: 'stop',
          latencyMs: 1840,
          metadata: {},
          trace: {
            mode: 'plano_embedded',
            servedBy: 'direct',
            retries: 1,
            fallbackReason: 'gateway health check failed',
            overheadMs: 2,
            ttftMs: 420,
            latencyMs: 1840,
            attempts: [
              { target: 'plano', via: 'plano_embedded', url: 'http://127.0.0.1:12000/v1/chat/completions', errorCode: 'NETWORK_ERROR', errorMessage: 'connect ECONNREFUSED 127.0.0.1:12000', startedAt: now - 110_000, durationMs: 3 },
              { target: 'openai', via: 'direct', url: 'https://api.openai.com/v1/chat/completions', status: 200, startedAt: now - 109_990, ttfbMs: 400, durationMs: 1830 },
            ],
          },
        },
      },
    ],
  };
}
