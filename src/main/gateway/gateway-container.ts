import type { Logger } from '../logging/logger';
import { pause, type Clock } from '../timing/clock';
import type { ContainerEngine, EngineStatsSample } from './container-engine';
import { asSwitchyardError } from './gateway-errors';

/** How many of the container's last output lines explain an exit. */
const RECENT_LINES = 5;

/**
 * One gateway container the supervisor created (or adopted): where it listens, whether it became ready,
 * its output and resource samples as they come, why it stopped, and how to get rid of it.
 */
export class GatewayContainer {
  /** It passed its readiness check: it has a gateway worth stopping gracefully. */
  ready = false;
  readonly #logs = new AbortController();
  #logsDone: Promise<void> = Promise.resolve();
  #stats: AbortController | undefined;
  readonly #recent: string[] = [];

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly engine: ContainerEngine,
    private readonly clock: Clock,
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get shortId(): string {
    return this.id.slice(0, 12);
  }

  /** Engines name containers by full or short id in their events. */
  matches(containerId: string): boolean {
    return containerId.startsWith(this.id) || this.id.startsWith(containerId);
  }

  /** Follows the container's output once it runs (some engines end a follow on a not-yet-started container). */
  followLogs(onLine: (stream: 'stdout' | 'stderr', text: string) => void): void {
    this.#logsDone = this.engine
      .followLogs(
        this.id,
        (stream, text) => {
          this.#recent.push(text);
          if (this.#recent.length > RECENT_LINES) this.#recent.shift();
          onLine(stream, text);
        },
        this.#logs.signal,
      )
      .catch(() => {});
  }

  streamStats(onSample: (sample: EngineStatsSample) => void): void {
    const stats = new AbortController();
    this.#stats = stats;
    void this.engine.streamStats(this.id, onSample, stats.signal).catch(() => {});
  }

  /** Stops following its output and resource use (the container itself is left alone). */
  letGo(): void {
    this.#stats?.abort();
    this.#logs.abort();
  }

  /** Undefined while the container runs; otherwise why it stopped, with its last output lines. */
  async exitReason(signal: AbortSignal): Promise<string | undefined> {
    const state = await this.engine.inspectContainer(this.id);
    if (state.running) return undefined;
    // Give the log stream a moment to deliver the last lines (Plano prints why it exited).
    await Promise.race([this.#logsDone, pause(this.clock, 250, signal)]);
    const code = state.exitCode !== undefined ? ` with code ${state.exitCode}` : '';
    const oom = state.oomKilled ? ' (out of memory)' : '';
    const tail = this.#recent.slice(-2).join(' | ');
    return `container ${state.status === 'removed' ? 'was removed' : `exited${code}${oom}`}${tail ? `; last output: ${tail}` : ''}`;
  }

  /**
   * Removes the container; `graceful` stops it first, but only once it has been ready: a gateway still
   * starting has nothing to shut down, and Plano's entrypoint ignores SIGTERM in its first moments, so a
   * stop would wait out the whole grace period.
   */
  async discard(graceful: boolean, stopTimeoutSec: number, logger: Logger): Promise<void> {
    this.letGo();
    try {
      if (graceful && this.ready) await this.engine.stopContainer(this.id, stopTimeoutSec);
      await this.engine.removeContainer(this.id);
    } catch (error) {
      logger.log('warn', 'gateway.remove_failed', { id: this.id, error: asSwitchyardError(error).message });
    }
  }
}
