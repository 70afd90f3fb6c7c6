import type { ProviderSummary, StreamHandle } from '../../../shared/api';
import { messageText, type ChatRequest, type ChatResponse, type RouteTrace, type RoutingMode, type StreamPart, type ToolCall } from '../../../shared/chat';
import type { SerializedError } from '../../../shared/errors';

/**
 * One scripted reply of the fake bridge, played as timed stream parts: a start part, the text token by
 * token, then a finish part with a route trace (or an error part, or CANCELLED when cancelled).
 */

export interface FakeReply {
  text?: string;
  /** Fail with this error instead (after `failAfterTokens` tokens, default 0). */
  error?: SerializedError;
  failAfterTokens?: number;
  /** Mark the reply as served by Direct after the gateway failed. */
  fallback?: string;
  retries?: number;
  model?: string;
  /** The trace's attempts as given (a model fallback chain, a cooldown), instead of the ones made up here. */
  attempts?: RouteTrace['attempts'];
  /**
   * Tool calls to make after the text, their arguments streamed in two pieces. By default, a request with
   * tools whose last message is the user's calls the first tool.
   */
  toolCalls?: ToolCall[];
}

/** Read at every step, so a test can change the pace of a bridge while it streams. */
export interface FakeStreamTiming {
  /** Delay between streamed tokens (ms). 0 streams on the next macrotask for each token. */
  tokenIntervalMs: number;
  /** Time to first token (ms). */
  firstTokenDelayMs: number;
}

export interface FakeStreamPlan {
  request: ChatRequest;
  reply: FakeReply;
  mode: RoutingMode;
  provider: ProviderSummary | undefined;
  timing: FakeStreamTiming;
  nextResponseId: () => string;
}

export interface FakeStreamSink {
  /** Every part but the last. */
  part(part: StreamPart): void;
  /** A finish is about to be delivered; `servedBy` is the route that served it. */
  finishing(response: ChatResponse, servedBy: RoutingMode): void;
  /** The last part (finish, error or CANCELLED), with the text streamed before it. Called once. */
  end(part: StreamPart, content: string): void;
}

export function playFakeStream(plan: FakeStreamPlan, sink: FakeStreamSink): StreamHandle {
  const { request, reply, mode, provider, timing } = plan;
  const model = reply.model ?? request.model ?? provider?.defaultModel ?? 'unknown';
  const last = request.messages.at(-1);
  const lastText = last ? messageText(last) : '';
  const toolCalls = reply.toolCalls ?? defaultToolCalls(request, lastText);
  const text =
    reply.text ??
    (toolCalls.length > 0 ? '' : last?.role === 'tool' ? `The tool answered: **${lastText}**` : `You said: **${lastText}**\n\n\`\`\`ts\nconst answer = 42;\n\`\`\`\n`);
  const tokens = text.match(/\S+\s*|\s+/g) ?? [];
  const started = performance.now();
  const startedAt = Date.now();
  const servedBy: RoutingMode = reply.fallback ? 'direct' : mode;
  const failsNow = (i: number): boolean => reply.error !== undefined && i >= (reply.failAfterTokens ?? 0);

  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let content = '';
  let firstTokenAt: number | undefined;

  const trace = (): RouteTrace => {
    const latencyMs = Math.round(performance.now() - started);
    const attempts: RouteTrace['attempts'] = reply.attempts ? structuredClone(reply.attempts) : [];
    if (reply.fallback && !reply.attempts) {
      attempts.push({ target: 'plano', via: 'plano_embedded', url: 'http://127.0.0.1:12000/v1/chat/completions', errorCode: 'NETWORK_ERROR', errorMessage: reply.fallback, outcome: 'fell_back', reason: reply.fallback, startedAt, durationMs: 3 });
    }
    if (!reply.attempts) {
      attempts.push({ target: provider?.name ?? 'unknown', via: servedBy, url: `${provider?.baseUrl ?? ''}/chat/completions`, status: reply.error ? 500 : 200, outcome: reply.error ? 'failed' : 'served', startedAt, ttfbMs: timing.firstTokenDelayMs, durationMs: latencyMs });
    }
    return {
      mode,
      servedBy,
      attempts,
      retries: reply.retries ?? 0,
      ...(reply.fallback ? { fallbackReason: reply.fallback } : {}),
      overheadMs: 1,
      ...(firstTokenAt !== undefined ? { ttftMs: Math.round(firstTokenAt - started) } : {}),
      latencyMs,
    };
  };

  const end = (part: StreamPart): void => {
    if (finished) return;
    finished = true;
    if (timer) clearTimeout(timer);
    sink.end(part, content);
    resolveDone();
  };

  const response = (): ChatResponse => {
    const inputTokens = request.messages.reduce((n, m) => n + Math.ceil(messageText(m).length / 4), 0);
    return {
      id: `resp-${plan.nextResponseId()}`,
      content,
      usage: { inputTokens, outputTokens: tokens.length, totalTokens: inputTokens + tokens.length },
      model: model === 'gpt-4o-mini' ? 'gpt-4o-mini-2024-07-18' : model,
      provider: provider?.name ?? 'unknown',
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      latencyMs: Math.round(performance.now() - started),
      metadata: {},
      trace: trace(),
    };
  };

  let i = 0;
  const step = (): void => {
    if (finished) return;
    if (failsNow(i)) {
      end({ type: 'error', error: reply.error!, trace: trace() });
      return;
    }
    if (i >= tokens.length) {
      toolCalls.forEach((call, index) => {
        const half = Math.ceil(call.arguments.length / 2);
        sink.part({ type: 'tool-call-start', index, id: call.id, name: call.name });
        for (const piece of [call.arguments.slice(0, half), call.arguments.slice(half)]) sink.part({ type: 'tool-call-delta', index, argumentsDelta: piece });
        sink.part({ type: 'tool-call', index, toolCall: call });
      });
      const finish = response();
      sink.finishing(finish, servedBy);
      end({ type: 'finish', response: finish });
      return;
    }
    if (firstTokenAt === undefined) firstTokenAt = performance.now();
    // Emit every token that is due by now, so the rate holds even when timers fire late (as a network
    // chunk would carry several parts).
    const due = timing.tokenIntervalMs > 0 ? Math.floor((performance.now() - firstTokenAt) / timing.tokenIntervalMs) + 1 : i + 1;
    do {
      content += tokens[i]!;
      sink.part({ type: 'text-delta', text: tokens[i]! });
      i++;
    } while (i < due && i < tokens.length && !finished && !failsNow(i));
    timer = setTimeout(step, timing.tokenIntervalMs);
  };

  // Parts never arrive synchronously, as over a real transport.
  timer = setTimeout(() => {
    if (finished) return;
    sink.part({ type: 'start', provider: provider?.name ?? 'unknown', model, mode });
    timer = setTimeout(step, timing.firstTokenDelayMs);
  }, 0);

  return {
    done,
    cancel: () => end({ type: 'error', error: { code: 'CANCELLED', message: 'Cancelled by the user', retryable: false }, trace: trace() }),
  };
}

function defaultToolCalls(request: ChatRequest, lastText: string): ToolCall[] {
  const tool = request.tools?.[0];
  if (!tool || request.messages.at(-1)?.role !== 'user') return [];
  return [{ id: `call_demo_${request.messages.length}`, name: tool.name, arguments: JSON.stringify({ query: lastText }) }];
}
