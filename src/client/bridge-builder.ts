import type { ApiEventName, ApiEvents, ApiMethodName, StreamHandle, SwitchyardApi } from '../shared/api';
import { API_METHOD_NAMES, type StreamMessage, type StreamMeta } from '../shared/api-transport';
import type { StreamPart } from '../shared/chat';
import { deserializeError, isSerializedError, SwitchyardError, type SerializedError } from '../shared/errors';

/**
 * Pieces both client bridges (the Electron preload and the browser-mode client) are assembled from, so
 * they behave the same: named methods built from the method list, envelopes unwrapped into results or
 * SwitchyardErrors, and stream handles with one ending (finish, error, or CANCELLED on cancel).
 */

/** `{result}` → result; `{error}` → throws the SwitchyardError it describes. */
export function unwrapEnvelope(envelope: unknown): unknown {
  if (envelope !== null && typeof envelope === 'object') {
    if ('error' in envelope) {
      const error = (envelope as { error: unknown }).error;
      throw isSerializedError(error) ? deserializeError(error) : new SwitchyardError('INTERNAL', 'malformed error from main');
    }
    if ('result' in envelope) return (envelope as { result: unknown }).result;
    // JSON drops `result: undefined` (methods returning void)
    if (Object.keys(envelope).length === 0) return undefined;
  }
  throw new SwitchyardError('INTERNAL', 'malformed reply from main');
}

/** `{chat: {send}, router: {state, ...}, ...}` with every method calling `call(name, arg)`. */
export function buildApiMethods(call: (method: ApiMethodName, args: unknown) => Promise<unknown>): SwitchyardApi {
  const api: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHOD_NAMES) {
    const [group, name] = method.split('.') as [string, string];
    api[group] ??= {};
    api[group][name] = (args?: unknown) => call(method, args);
  }
  return api as unknown as SwitchyardApi;
}

export type PartHandler = (part: StreamPart, meta: StreamMeta) => void;

export interface StreamController {
  handle: StreamHandle;
  /** Feed a message from the transport. */
  receive(message: StreamMessage): void;
  /** The transport broke (socket closed, port error): end the stream with this error. */
  fail(error: SerializedError): void;
  readonly ended: boolean;
}

/**
 * Turns transport messages into the handle the UI holds. Exactly one terminal part reaches `onPart`:
 * whichever of finish / error / cancel / transport failure comes first; `done` resolves right after it.
 */
export function createStreamController(onPart: PartHandler, cancelTransport: () => void): StreamController {
  let ended = false;
  let lastMeta: StreamMeta = {};
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const deliver = (part: StreamPart, meta: StreamMeta): void => {
    try {
      onPart(part, meta);
    } catch {
      // a throwing UI callback must not wedge the stream
    }
  };
  const finish = (part?: StreamPart): void => {
    if (ended) return;
    ended = true;
    if (part) deliver(part, lastMeta);
    resolveDone();
  };
  const controller: StreamController = {
    handle: {
      done,
      cancel: () => {
        if (ended) return;
        cancelTransport();
        finish({ type: 'error', error: { code: 'CANCELLED', message: 'cancelled', retryable: false } });
      },
    },
    receive: (message) => {
      if (ended) return;
      if (message.type === 'end') {
        finish({ type: 'error', error: { code: 'INTERNAL', message: 'the stream ended without a result', retryable: true } });
        return;
      }
      lastMeta = message.meta;
      if (message.part.type === 'finish' || message.part.type === 'error') {
        ended = true;
        deliver(message.part, message.meta);
        resolveDone();
        return;
      }
      deliver(message.part, message.meta);
    },
    fail: (error) => finish({ type: 'error', error }),
    get ended() {
      return ended;
    },
  };
  return controller;
}

/** A small typed listener registry for pushed events. */
export class EventHandlers {
  private readonly handlers = new Map<ApiEventName, Set<(payload: never) => void>>();

  on<E extends ApiEventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => {
      set.delete(handler as (payload: never) => void);
    };
  }

  dispatch(name: unknown, payload: unknown): void {
    const set = this.handlers.get(name as ApiEventName);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        (handler as (p: unknown) => void)(payload);
      } catch {
        // one component's bug must not stop the others from hearing the event
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }
}
