import type { Logger } from '../logging/logger';
import { pause, type Clock } from '../timing/clock';
import type { ContainerEngine, EngineEvent } from './container-engine';
import { asSwitchyardError } from './gateway-errors';
import type { GatewayContainer } from './gateway-container';

/** How long to wait before reconnecting to the engine's event stream after it ended. */
const RECONNECT_MS = 1000;

/**
 * The engine's event stream for our containers, and the wake-up it gives the supervision loop: an alarming
 * event about the current container (it died, ran out of memory, was killed, turned unhealthy) or a
 * `nudge()` ends the loop's wait at once instead of at the next periodic check.
 */
export class EngineEvents {
  #pending: EngineEvent[] = [];
  #wake: () => void = () => {};

  constructor(
    private readonly engine: ContainerEngine,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly current: () => GatewayContainer | null,
  ) {}

  /** Follows the engine's events until the signal aborts, reconnecting when the stream ends. */
  async follow(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.engine.watchEvents((event) => this.#onEvent(event), signal);
      } catch (error) {
        this.logger.log('debug', 'gateway.events_disconnected', { error: asSwitchyardError(error).message });
      }
      // The stream ended (engine restart?): periodic checks cover the gap; reconnect shortly.
      await pause(this.clock, RECONNECT_MS, signal);
    }
  }

  /** Asks for an immediate look (a request could not connect, say). */
  nudge(): void {
    this.#pending.push({ action: 'check', containerId: this.current()?.id ?? '', at: this.clock.now() });
    this.wake();
  }

  /** Ends the current wait, if any. */
  wake(): void {
    this.#wake();
  }

  /** Waits up to `ms`, or until an alarming event or a nudge arrives; returns what arrived. */
  async waitForWake(ms: number, signal: AbortSignal): Promise<EngineEvent[]> {
    if (this.#pending.length === 0 && !signal.aborted) {
      const woken = new AbortController();
      const onAbort = (): void => woken.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#wake = onAbort;
      await pause(this.clock, ms, woken.signal);
      this.#wake = () => {};
      signal.removeEventListener('abort', onAbort);
    }
    return this.#pending.splice(0);
  }

  #onEvent(event: EngineEvent): void {
    const current = this.current();
    if (!current?.matches(event.containerId)) return;
    const alarming = event.action === 'die' || event.action === 'oom' || event.action === 'kill' || (event.action === 'health_status' && event.healthStatus === 'unhealthy');
    if (!alarming) return;
    this.#pending.push(event);
    this.wake();
  }
}
