import { messageText, type ChatRequest, type ChatResponse, type RoutingMode, type StreamPart, type ToolCall } from '../../src/shared/chat';
import type { SwitchyardConfig } from '../../src/shared/config';
import { SwitchyardError } from '../../src/shared/errors';
import type { RouteOptions, Router } from '../../src/main/routing/types';

/**
 * A deterministic Router for API tests: echoes the last user message word by word. Behaviour is steered
 * through the message text so tests can drive it through any transport:
 * - `slow` in the message: 50 ms between words, and honours the abort signal;
 * - `leak-key` in the message: fails like a provider that echoes the key in its error body;
 * - `fail` in the message: fails with UPSTREAM_ERROR;
 * - `hold` in the message: `route` answers only when its signal aborts (then with CANCELLED, counted in `aborts`).
 * With tools and a user message last, it calls the first tool (arguments `{"text": <the message>}`).
 */
export class FakeRouter implements Router {
  closed = false;
  readonly aborted: boolean[] = [];

  constructor(
    private readonly config: SwitchyardConfig,
    private readonly log: FakeRouterLog,
  ) {}

  get mode(): RoutingMode {
    return this.config.routing.mode;
  }

  async route(request: ChatRequest, options: RouteOptions = {}): Promise<ChatResponse> {
    this.log.requests.push({ mode: this.mode, request });
    const text = lastUser(request);
    if (text.includes('hold')) await this.heldUntilAborted(options.signal);
    this.maybeFail(text);
    return this.response(text, toolCallFor(request, text));
  }

  async *stream(request: ChatRequest, options: RouteOptions = {}): AsyncIterable<StreamPart> {
    this.log.requests.push({ mode: this.mode, request });
    const text = lastUser(request);
    const provider = this.providerName(request);
    yield { type: 'start', provider, model: 'fake-model', mode: this.mode };
    try {
      this.maybeFail(text);
    } catch (error) {
      const e = error as SwitchyardError;
      yield { type: 'error', error: { code: e.code, message: e.message, retryable: e.retryable } };
      return;
    }
    const call = toolCallFor(request, text);
    if (call) {
      yield { type: 'tool-call-start', index: 0, id: call.id, name: call.name };
      yield { type: 'tool-call-delta', index: 0, argumentsDelta: call.arguments };
      yield { type: 'tool-call', index: 0, toolCall: call };
      yield { type: 'finish', response: this.response(text, call) };
      return;
    }
    const words = text.split(/\s+/).filter(Boolean);
    for (const word of words) {
      if (text.includes('slow')) await sleep(50);
      if (options.signal?.aborted) {
        this.log.aborts++;
        yield { type: 'error', error: { code: 'CANCELLED', message: 'cancelled', retryable: false } };
        return;
      }
      yield { type: 'text-delta', text: `${word} ` };
    }
    yield { type: 'finish', response: this.response(text) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.log.closed.push(this.mode);
  }

  private heldUntilAborted(signal: AbortSignal | undefined): Promise<never> {
    return new Promise((_resolve, reject) => {
      signal?.addEventListener(
        'abort',
        () => {
          this.log.aborts++;
          reject(new SwitchyardError('CANCELLED', 'cancelled'));
        },
        { once: true },
      );
    });
  }

  private providerName(request: ChatRequest): string {
    return request.provider ?? Object.keys(this.config.providers)[0] ?? 'none';
  }

  private maybeFail(text: string): void {
    const provider = Object.values(this.config.providers)[0];
    if (text.includes('leak-key')) {
      throw new SwitchyardError('AUTH_FAILED', `Incorrect API key provided: ${provider?.apiKey ?? ''}`, {
        details: { body: `{"error":{"message":"Incorrect API key provided: ${provider?.apiKey ?? ''}"}}` },
      });
    }
    if (text.includes('fail')) throw new SwitchyardError('UPSTREAM_ERROR', 'upstream said 500', { retryable: true });
  }

  private response(text: string, call?: ToolCall): ChatResponse {
    const content = call
      ? ''
      : text
          .split(/\s+/)
          .filter(Boolean)
          .map((w) => `${w} `)
          .join('');
    const words = content.split(' ').length - 1;
    return {
      id: 'resp-1',
      content,
      usage: { inputTokens: words, outputTokens: words, totalTokens: 2 * words },
      model: 'fake-model',
      provider: Object.keys(this.config.providers)[0] ?? 'none',
      finishReason: call ? 'tool_calls' : 'stop',
      ...(call ? { toolCalls: [call] } : {}),
      latencyMs: 12,
      metadata: {},
      trace: { mode: this.mode, servedBy: this.mode, attempts: [], retries: 0, overheadMs: 1, latencyMs: 12 },
    };
  }
}

export interface FakeRouterLog {
  created: RoutingMode[];
  closed: RoutingMode[];
  requests: { mode: RoutingMode; request: ChatRequest }[];
  aborts: number;
}

export function fakeRouterFactory(): { factory: (config: SwitchyardConfig) => FakeRouter; log: FakeRouterLog } {
  const log: FakeRouterLog = { created: [], closed: [], requests: [], aborts: 0 };
  return {
    log,
    factory: (config) => {
      log.created.push(config.routing.mode);
      return new FakeRouter(config, log);
    },
  };
}

function toolCallFor(request: ChatRequest, text: string): ToolCall | undefined {
  const tool = request.tools?.[0];
  if (!tool || request.messages.at(-1)?.role !== 'user') return undefined;
  return { id: `call_${request.messages.length}`, name: tool.name, arguments: JSON.stringify({ text }) };
}

function lastUser(request: ChatRequest): string {
  const message = [...request.messages].reverse().find((m) => m.role === 'user');
  return message ? messageText(message) : '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
