import type { ChatInput, ChatResult } from '../../shared/api';
import type { StreamMeta } from '../../shared/api-transport';
import type { ChatResponse, RouteTrace, StreamPart } from '../../shared/chat';
import { serializeError, SwitchyardError, type SerializedError } from '../../shared/errors';
import type { TrafficClient } from '../../shared/traffic';
import type { HistoryRecorder } from './history-recorder';
import type { ApiRedaction } from './redactor';
import type { RouterLease } from './router-pool';
import type { RouterService } from './router-service';
import type { TrafficLog } from './traffic-log';

export type StreamSink = (part: StreamPart, meta: StreamMeta) => void;

/**
 * A chat from outside the app (the local endpoint): who sent it and how, for the Traffic log. Such chats are
 * never recorded in history and are not counted against the app's cap: the endpoint keeps its own.
 */
export interface ChatOrigin {
  client: TrafficClient;
  /** The body as the client sent it. */
  requestBody: unknown;
  /** The reply as the client got it (in its own wire format). */
  responseBody(response: ChatResponse): unknown;
  /** The HTTP status a failure reaches the client with. */
  httpStatus(error: SerializedError): number;
}

/** A chat's Traffic record, in the terms of the chat: the reply in the client's own format when it came from outside. */
interface TrackedChat {
  complete(response: ChatResponse): void;
  fail(error: SerializedError, trace?: RouteTrace): void;
  cancel(trace?: RouteTrace): void;
}

/**
 * Chats in flight at once, across every window, tab and socket. Each holds an upstream request and a
 * history record; a page (or a script with the token) opening sockets in a loop must not multiply them.
 */
export const DEFAULT_MAX_CHATS_IN_FLIGHT = 64;

/**
 * Chat through the current router (or another mode's, for compare), recorded in history. A stream always
 * ends with exactly one `finish` or `error` part unless the caller cancelled (then nothing more is sent:
 * the caller's side reports CANCELLED itself, its port or socket is gone). Both transports and the local
 * endpoint come through here, so the cap on chats in flight is one count for the whole app, and this is
 * where what leaves is scrubbed of keys: a stream's parts once each as they go (see StreamRedaction).
 */
export class ChatService {
  #inFlight = 0;

  constructor(
    private readonly router: RouterService,
    private readonly recorder: HistoryRecorder,
    private readonly traffic: TrafficLog,
    private readonly redaction: ApiRedaction,
    private readonly maxInFlight = DEFAULT_MAX_CHATS_IN_FLIGHT,
  ) {}

  /** `signal` cancels the upstream request (the caller went away); the chat is then recorded as cancelled. */
  send(input: ChatInput, signal?: AbortSignal, origin?: ChatOrigin): Promise<ChatResult> {
    if (origin) return this.#send(input, signal, origin);
    return this.#counted(() => this.#send(input, signal));
  }

  stream(input: ChatInput, sink: StreamSink, signal: AbortSignal, origin?: ChatOrigin): Promise<void> {
    if (origin) return this.#stream(input, sink, signal, origin);
    return this.#counted(() => this.#stream(input, sink, signal));
  }

  /** The Traffic log's record of one chat: the endpoint's client and bodies, or the app's own request. */
  #track(input: ChatInput, stream: boolean, origin: ChatOrigin | undefined): TrackedChat {
    const request = input.request;
    const record = this.traffic.begin({
      source: origin ? 'endpoint' : input.ephemeral || input.mode !== undefined ? 'compare' : 'playground',
      ...(origin ? { client: origin.client } : {}),
      stream,
      mode: input.mode ?? this.router.mode,
      ...(request.provider !== undefined ? { provider: request.provider } : {}),
      ...(request.model !== undefined ? { model: request.model } : {}),
      requestBody: origin ? origin.requestBody : request,
    });
    return {
      complete: (response) => record.complete(response, origin ? origin.responseBody(response) : replyOf(response), origin ? 200 : undefined),
      fail: (error, trace) => record.fail(error, trace, origin?.httpStatus(error)),
      cancel: (trace) => record.cancel(trace),
    };
  }

  /** Runs a chat counted in, or refuses it (before anything is recorded or sent) when the app is at its cap. */
  async #counted<T>(chat: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.maxInFlight) {
      throw new SwitchyardError(
        'RATE_LIMITED',
        `Too many chats in flight: ${this.maxInFlight} are running across all windows and tabs; wait for one to finish`,
        { retryable: true, details: { limit: this.maxInFlight, scope: 'app' } },
      );
    }
    this.#inFlight++;
    try {
      return await chat();
    } finally {
      this.#inFlight--;
    }
  }

  async #send(input: ChatInput, signal: AbortSignal | undefined, origin?: ChatOrigin): Promise<ChatResult> {
    const record = await this.recorder.begin(input, 'pending');
    const traffic = this.#track(input, false, origin);
    let lease: RouterLease | undefined;
    try {
      lease = await this.router.lease(input.mode);
      const response = await lease.router.route({ ...input.request, stream: false }, signal ? { signal } : undefined);
      await record.complete(response);
      this.router.recordResponse(response);
      // The router's reply is this request's alone: scrubbed where it holds a key, not copied where it does not.
      const redacted = this.redaction.redactShared(response);
      traffic.complete(redacted);
      return { ...record.meta, response: redacted };
    } catch (error) {
      const trace = (error as { trace?: RouteTrace }).trace;
      if (signal?.aborted) {
        await record.cancel('');
        traffic.cancel(trace);
      } else {
        const serialized = serializeError(error);
        await record.fail(serialized);
        traffic.fail(this.redaction.redact(serialized), trace);
      }
      throw error;
    } finally {
      lease?.release();
    }
  }

  async #stream(input: ChatInput, sink: StreamSink, signal: AbortSignal, origin?: ChatOrigin): Promise<void> {
    const record = await this.recorder.begin(input, 'streaming');
    const traffic = this.#track(input, true, origin);
    let lease: RouterLease | undefined;
    let content = '';
    let ended = false;
    const scrub = this.redaction.stream();
    const emit = (part: StreamPart): void => {
      for (const clean of scrub.pass(part)) {
        if (clean.type === 'finish') traffic.complete(clean.response);
        else if (clean.type === 'error') {
          if (signal.aborted || clean.error.code === 'CANCELLED') traffic.cancel(clean.trace);
          else traffic.fail(clean.error, clean.trace);
        }
        if (!signal.aborted) sink(clean, record.meta);
      }
    };
    try {
      lease = await this.router.lease(input.mode);
      for await (const part of lease.router.stream({ ...input.request, stream: true }, { signal })) {
        if (part.type === 'text-delta') {
          content += part.text;
          record.progress(content);
        } else if (part.type === 'finish') {
          ended = true;
          await record.complete(part.response);
          this.router.recordResponse(part.response);
        } else if (part.type === 'error') {
          ended = true;
          if (signal.aborted || part.error.code === 'CANCELLED') await record.cancel(content);
          else await record.fail(part.error, content);
        }
        emit(part);
        if (ended) break;
      }
      if (!ended) {
        if (signal.aborted) {
          await record.cancel(content);
          traffic.cancel();
        } else {
          const error = serializeError(new SwitchyardError('MALFORMED_RESPONSE', 'the stream ended without a finish part'));
          await record.fail(error, content);
          emit({ type: 'error', error });
        }
      }
    } catch (error) {
      // Router.stream promises not to throw; if it does anyway, the caller still gets a final part.
      const serialized = serializeError(error);
      if (signal.aborted) await record.cancel(content);
      else await record.fail(serialized, content);
      emit({ type: 'error', error: serialized });
    } finally {
      lease?.release();
    }
  }
}

/** The app's own reply as the Traffic log shows it: what the model said, without the figures shown beside it. */
function replyOf(response: ChatResponse): unknown {
  const { trace: _trace, metadata: _metadata, latencyMs: _latency, ...reply } = response;
  return reply;
}
