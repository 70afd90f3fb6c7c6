import type { RoutingMode } from '../../shared/chat';
import type { SwitchyardConfig } from '../../shared/config';
import { nullLogger, type Logger } from '../logging/logger';
import type { GatewayTarget } from '../routing/gateway-target';
import type { Router } from '../routing/types';

/**
 * Builds a router for a config whose `routing.mode` says which one (the router core's createRouter); an
 * embedded-mode router goes through `gateway`.
 */
export type RouterFactory = (config: SwitchyardConfig, gateway: GatewayTarget) => Router;

export interface RouterLease {
  readonly router: Router;
  /** Idempotent. The router is closed once its last lease is released and it is no longer current. */
  release(): void;
}

interface Entry {
  key: string;
  mode: RoutingMode;
  router: Router;
  refs: number;
}

/**
 * Routers by mode, reference-counted. The API pins the current mode's router with one lease; a request
 * takes another for its duration, so swapping modes never cuts a request off: the old router is closed
 * when its last request finishes. A compare request for another mode gets a router that lives only as
 * long as that request.
 */
export class RouterPool {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly factory: RouterFactory,
    private readonly config: () => SwitchyardConfig,
    private readonly gateway: GatewayTarget,
    private readonly logger: Logger = nullLogger,
  ) {}

  async acquire(mode: RoutingMode): Promise<RouterLease> {
    const key = `${this.generation}:${mode}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const base = this.config();
      const router = this.factory({ ...base, routing: { ...base.routing, mode } }, this.gateway);
      entry = { key, mode, router, refs: 0 };
      this.entries.set(key, entry);
      this.logger.log('info', 'router.created', { mode });
    }
    entry.refs++;
    const held = entry;
    let released = false;
    return {
      router: held.router,
      release: () => {
        if (released) return;
        released = true;
        held.refs--;
        // retire never rejects: a router that fails to close is logged there.
        if (held.refs === 0) void this.retire(held);
      },
    };
  }

  /** The config changed: routers made from now on use it; existing ones finish what they are serving. */
  invalidate(): void {
    this.generation++;
  }

  /** How many routers are open (for tests and the state view). */
  get openCount(): number {
    return this.entries.size;
  }

  /** Closes every router, leased or not (quit). */
  async closeAll(): Promise<void> {
    for (const entry of [...this.entries.values()]) void this.retire(entry);
    await Promise.all([...this.closing]);
  }

  private retire(entry: Entry): Promise<void> {
    if (this.entries.get(entry.key) !== entry) return Promise.resolve();
    this.entries.delete(entry.key);
    const closing = entry.router
      .close()
      .catch((error: unknown) => this.logger.log('warn', 'router.close_failed', { mode: entry.mode, error: String(error) }))
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
    this.logger.log('info', 'router.closed', { mode: entry.mode, inUse: entry.refs });
    return closing;
  }
}
