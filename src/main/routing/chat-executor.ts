import type { Dispatcher } from 'undici';
import type { RoutingMode } from '../../shared/chat';
import { SwitchyardError } from '../../shared/errors';
import { sendHttpRequest, type HttpResponse } from '../http/http-request';
import { cancelledError, mapTransportError } from '../http/transport-errors';
import { nullLogger, type Logger } from '../logging/logger';
import type { Redactor } from '../logging/redact';
import { errorFromResponse, malformed, redactProviderText, redirectRefused } from '../providers/provider-errors';
import { SseParser } from '../providers/sse-parser';
import type { Completion, DeltaPart, WireProtocol, WireRequest } from '../providers/types';
import { retryDelay, type RetryPolicy } from './retry-policy';
import type { AttemptHandle, TraceBuilder } from './route-trace';
import type { Clock } from '../timing/clock';

/** Everything needed to send one chat request somewhere, whatever the mode. */
export interface ChatPlan {
  /** Who is asked: a provider name, or `plano`. */
  target: string;
  /** The provider and model the request is for (the gateway passes it on to them). */
  provider: string;
  model: string;
  via: RoutingMode;
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The request the body was built from; the protocol reads replies in its light (JSON output, tools). */
  request: WireRequest;
  protocol: WireProtocol;
  stream: boolean;
  timeoutMs: number;
  firstByteTimeoutMs: number;
  retry: RetryPolicy;
}

export interface ExecEnv {
  dispatcher: Dispatcher;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** Knows the keys this router sends: provider text in errors is redacted with it before it is cut. */
  redactor: Redactor;
}

const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Sends a plan, retrying per its policy, and yields the reply's parts (text, tool calls) as they arrive;
 * returns the full completion. Every attempt lands in the trace. Once a part has been yielded there is no
 * retry: the caller has already seen it.
 */
export async function* executePlan(
  plan: ChatPlan,
  env: ExecEnv,
  trace: TraceBuilder,
  signal?: AbortSignal,
): AsyncGenerator<DeltaPart, Completion, undefined> {
  const payload = JSON.stringify(plan.body);
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw cancelledError(plan.url);
    const handle = trace.beginAttempt(plan, attempt + 1);
    let yielded = false;
    try {
      const response = await trace.wait(
        sendHttpRequest(
          env.dispatcher,
          {
            url: plan.url,
            headers: plan.headers,
            body: payload,
            firstByteTimeoutMs: plan.firstByteTimeoutMs,
            overallTimeoutMs: plan.timeoutMs,
            signal,
          },
          env.clock.monotonic,
        ),
      );
      trace.attemptResponded(handle, response.status, response.ttfbMs);
      if (response.status >= 300) {
        const text = await trace.wait(response.text(ERROR_BODY_LIMIT));
        const ctx = { url: plan.url, target: plan.target, now: env.clock.now() };
        // A redirect is never followed: the request carries a key, and the next host was not configured.
        if (response.status < 400) throw redirectRefused(response.status, response.header('location'), ctx);
        throw errorFromResponse(response.status, text, response.header('retry-after'), ctx);
      }
      let completion: Completion;
      const body = bodyKind(response, plan.stream);
      if (body === 'event-stream') {
        const decoder = plan.protocol.createStreamDecoder(plan.request);
        // The SSE parser runs inline on each chunk rather than as another async generator: one await per
        // network read instead of several per event.
        const parser = new SseParser();
        try {
          for (;;) {
            let chunk: Uint8Array | null;
            try {
              chunk = await trace.wait(response.read());
            } catch (error) {
              // Read on past the end marker so the body ends cleanly and the socket goes back to the pool;
              // a failure after the marker costs nothing, the reply is already complete.
              if (decoder.done) break;
              throw error;
            }
            for (const event of chunk === null ? parser.end() : parser.push(chunk)) {
              for (const part of decoder.push(event)) {
                yielded = true;
                yield part;
              }
            }
            if (chunk === null) break;
          }
        } finally {
          // Stops reading (and frees or closes the socket) whether we finished, failed or were abandoned.
          response.close();
        }
        completion = decoder.finish();
      } else if (body === 'json') {
        // Non-streaming, or a server that ignored `stream: true` and answered with one JSON body.
        completion = plan.protocol.parseCompletion(parseJson(await trace.wait(response.wholeText()), response), plan.request);
        if (plan.stream) {
          for (const part of partsOf(completion)) {
            yielded = true;
            yield part;
          }
        }
      } else {
        response.close();
        throw malformed(`expected an event stream (text/event-stream) but got ${response.header('content-type')}`, {
          status: response.status,
          contentType: response.header('content-type'),
        });
      }
      trace.endAttempt(handle);
      log(env, plan, handle, attempt);
      return completion;
    } catch (thrown) {
      const error = signal?.aborted ? cancelledError(plan.url) : redactProviderText(mapTransportError(thrown, plan.url), env.redactor);
      trace.endAttempt(handle, error);
      log(env, plan, handle, attempt);
      const delay = yielded ? undefined : retryDelay(error, attempt, plan.retry, env.random);
      if (delay === undefined) throw withAttempts(error, attempt + 1);
      trace.retrying(handle, delay);
      await trace.wait(env.clock.sleep(delay, signal));
    }
  }
}

/**
 * How to read a 2xx body. A stream request takes an event stream (or a body without a content type, as
 * some local servers send), or one JSON body from a server that ignored `stream: true`; anything else
 * (an HTML login page from a proxy, say) is named for what it is rather than parsed as events.
 */
function bodyKind(response: HttpResponse, stream: boolean): 'event-stream' | 'json' | 'other' {
  if (!stream) return 'json';
  const type = mediaType(response.header('content-type'));
  if (type === '' || type === 'text/event-stream') return 'event-stream';
  return type === 'application/json' ? 'json' : 'other';
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A whole completion as the parts a stream would have carried. */
function partsOf(completion: Completion): DeltaPart[] {
  const parts: DeltaPart[] = completion.content === '' ? [] : [{ type: 'text-delta', text: completion.content }];
  completion.toolCalls?.forEach((toolCall, index) => {
    parts.push({ type: 'tool-call-start', index, id: toolCall.id, name: toolCall.name });
    if (toolCall.arguments !== '') parts.push({ type: 'tool-call-delta', index, argumentsDelta: toolCall.arguments });
    parts.push({ type: 'tool-call', index, toolCall });
  });
  return parts;
}

function parseJson(text: string, response: HttpResponse): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const type = response.header('content-type') ?? 'no content type';
    throw malformed(`the body is not valid JSON (${type}): ${text}`, { status: response.status });
  }
}

function withAttempts(error: SwitchyardError, attempts: number): SwitchyardError {
  if (attempts <= 1) return error;
  return new SwitchyardError(error.code, error.message, {
    retryable: error.retryable,
    details: { ...error.details, attempts },
    cause: error.cause,
  });
}

function log(env: ExecEnv, plan: ChatPlan, handle: AttemptHandle, attempt: number): void {
  // No logger, no fields object: this runs on every request.
  if (env.logger === nullLogger) return;
  const a = handle.record;
  env.logger.log(a.errorCode ? 'warn' : 'debug', 'route.attempt', {
    target: a.target,
    via: a.via,
    url: a.url,
    attempt: attempt + 1,
    status: a.status,
    errorCode: a.errorCode,
    ttfbMs: a.ttfbMs,
    durationMs: a.durationMs,
    stream: plan.stream,
  });
}
