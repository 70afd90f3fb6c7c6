import type { ApiEventName, ApiEvents } from '../../shared/api';

/** One pushed event, as the transports forward it. */
export type ApiEventMessage = { [E in ApiEventName]: { name: E; payload: ApiEvents[E] } }[ApiEventName];
export type ApiEventListener = (event: ApiEventMessage) => void;

/**
 * The API's outgoing events. Transports subscribe; a transport that throws cannot break the others.
 * `transform` runs once per event before delivery (the API uses it to scrub key values).
 */
export class ApiEventBus {
  private readonly listeners = new Set<ApiEventListener>();

  constructor(private readonly transform: <T>(value: T) => T = (v) => v) {}

  emit<E extends ApiEventName>(name: E, payload: ApiEvents[E]): void {
    if (this.listeners.size === 0) return;
    const message = { name, payload: this.transform(payload) } as ApiEventMessage;
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch {
        // a broken subscriber (a closed window, a dead socket) must not stop the others
      }
    }
  }

  /** Whether anyone listens: a payload that is costly to build (the router state) is built only then. */
  get listening(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
