import type { ChatInput, ChatResult } from '../../shared/api';
import type { StreamMeta } from '../../shared/api-transport';
import type { StreamPart } from '../../shared/chat';
import { serializeError, SwitchyardError } from '../../shared/errors';
import type { HistoryRecorder } from './history-recorder';
import type { Redact } from './redactor';
import type { RouterLease } from './router-pool';
import type { RouterService } from './router-service';

export type StreamSink = (part: StreamPart, meta: StreamMeta) => void;

/**
 * Chats in flight at once, across every window, tab and socket. Each holds an upstream request and a
 * history record; a page (or a script with the token) opening sockets in a loop must not multiply them.
 */
export const DEFAULT_MAX_CHATS_IN_FLIGHT = 64;

/**
 * Chat through the current router (or another mode's, for compare), recorded in history. A stream always
 * ends with exactly one `finish` or `error` part unless the caller cancelled (then nothing more is sent:
 * the caller's side reports CANCELLED itself, its port or socket is gone). Both transports come through
 * here, so the cap on chats in flight is one count for the whole app.
 */
export class ChatService {
  #inFlight = 0;

  constructor(
    private readonly router: RouterService,
    private readonly recorder: HistoryRecorder,
    private readonly redact: Redact,
    private readonly maxInFlight = DEFAULT_MAX_CHATS_IN_FLIGHT,
  ) {}

  send(input: ChatInput): Promise<ChatResult> {
    return this.#counted(() => this.#send(input));
  }

  stream(input: ChatInput, sink: StreamSink, signal: AbortSignal): Promise<void> {
    return this.#counted(() => this.#stream(input, sink, signal));
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

  async #send(input: ChatInput): Promise<ChatResult> {
    const record = await this.recorder.begin(input, 'pending');
    let lease: RouterLease | undefined;
    try {
      lease = await this.router.lease(input.mode);
      const response = await lease.router.route({ ...input.request, stream: false });
      await record.complete(response);
      this.router.recordResponse(response);
      return { ...record.meta, response: this.redact(response) };
    } catch (error) {
      await record.fail(serializeError(error));
      throw error;
    } finally {
      lease?.release();
    }
  }

  async #stream(input: ChatInput, sink: StreamSink, signal: AbortSignal): Promise<void> {
    const record = await this.recorder.begin(input, 'streaming');
    let lease: RouterLease | undefined;
    let content = '';
    let ended = false;
    const emit = (part: StreamPart): void => {
      if (!signal.aborted) sink(this.redact(part), record.meta);
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
