import type { ApiMethodName } from '../../shared/api';
import { isApiMethodName } from '../../shared/api-transport';
import { deserializeError, serializeError, SwitchyardError } from '../../shared/errors';
import { createApiServices, type ApiDeps, type ApiServices } from './api-services';
import type { StreamSink } from './chat-service';
import type { ApiEventListener } from './event-bus';
import { chatInputSchema, METHOD_SCHEMAS } from './method-schemas';
import { createMethodHandlers } from './method-table';
import { plainJson } from './plain-json';
import { checkPayloadSize, parseArgs } from './validate-args';

/**
 * The transport-agnostic API: what IPC and browser mode both call. Every call is size-checked, validated
 * against the method's schema, run, scrubbed of key values and reduced to plain JSON, so the two
 * transports cannot differ in what they accept or return. Failures are thrown as SwitchyardError; the
 * transports serialize them.
 */
export interface ApiCore {
  /** `signal`: the caller went away (an HTTP client closed its connection); a chat in flight is cancelled. */
  invoke(method: string, args: unknown, signal?: AbortSignal): Promise<unknown>;
  /** Resolves when the stream is over; parts after `signal` aborts are not delivered. */
  streamChat(args: unknown, sink: StreamSink, signal: AbortSignal): Promise<void>;
  subscribe(listener: ApiEventListener): () => void;
  close(): Promise<void>;
  readonly services: ApiServices;
}

export function createApiCore(deps: ApiDeps): ApiCore {
  return apiCoreFrom(createApiServices(deps));
}

export function apiCoreFrom(services: ApiServices): ApiCore {
  const handlers = createMethodHandlers(services);
  const call = async (method: ApiMethodName, args: unknown, signal: AbortSignal | undefined): Promise<unknown> => {
    const handler = handlers[method] as (a: unknown, signal: AbortSignal | undefined) => unknown;
    return handler(parseArgs(METHOD_SCHEMAS[method], args, method), signal);
  };
  /** Errors leave as SwitchyardErrors with key values scrubbed from message and details. */
  const scrubbed = (error: unknown, method: string): SwitchyardError => {
    const clean = services.redact(serializeError(error));
    // Expected failures (bad input, upstream errors) are the caller's to show; a bug is worth a log line.
    if (clean.code === 'INTERNAL') services.logger.log('error', 'api.internal_error', { method, error: clean.message, stack: (error as Error)?.stack });
    return deserializeError(clean);
  };
  return {
    services,
    async invoke(method, args, signal) {
      if (!isApiMethodName(method)) {
        throw new SwitchyardError('VALIDATION_FAILED', `unknown method "${String(method).slice(0, 100)}"`, {
          details: { field: 'method' },
        });
      }
      try {
        checkPayloadSize(args);
        const result = await call(method, args, signal);
        return plainJson(services.redact(result));
      } catch (error) {
        throw scrubbed(error, String(method).slice(0, 100));
      }
    },
    async streamChat(args, sink, signal) {
      try {
        checkPayloadSize(args);
        const input = parseArgs(chatInputSchema, args, 'chat.stream');
        // Parts come out of the chat service scrubbed of keys and as plain JSON.
        await services.chat.stream(input, sink, signal);
      } catch (error) {
        throw scrubbed(error, 'chat.stream');
      }
    },
    subscribe: (listener) => services.events.subscribe(listener),
    close: () => services.close(),
  };
}

export type { StreamSink } from './chat-service';
export type { ApiEventListener, ApiEventMessage } from './event-bus';
