import type { RoutingMode } from '../../shared/chat';
import { DEFAULT_COOLDOWN, type CooldownSettings } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';

/** A provider that is cooling down (or being probed), as the UI lists it. */
export interface CooldownView {
  provider: string;
  via: RoutingMode;
  /** When a request may probe it again (epoch ms); while probing, the probe is in flight. */
  until: number;
  failures: number;
  probing: boolean;
}

/** May a request go to the provider now: yes, yes as the probe after a cooldown, or no until `until`. */
export type Admission = { admitted: true; probe: boolean } | { admitted: false; until: number; failures: number };

const ADMITTED: Admission = Object.freeze({ admitted: true, probe: false });

/** The longest cooldown, as long as the longest duration a setting takes (the schema's, without loading it). */
const MAX_COOLDOWN_MS = 24 * 3_600_000;

/**
 * One provider's circuit breaker on one path (Direct, or through a gateway). Closed, it counts requests in
 * a row that failed transiently; at `afterFailures` it opens for `durationMs` (or as long as the provider's
 * last Retry-After asked, if longer). Then one request goes through as the probe: a reply (or any answer
 * that is not a transient failure: the provider is up) closes it, a transient failure opens it again.
 * Requests that arrive while the probe is in flight are turned away like those during the cooldown.
 */
export class Breaker {
  failures = 0;
  until = 0;
  probing = false;

  constructor(
    readonly provider: string,
    readonly via: RoutingMode,
    public settings: CooldownSettings,
    private readonly changed: () => void = () => undefined,
  ) {}

  admit(now: number): Admission {
    if (this.until === 0) return ADMITTED;
    if (now < this.until || this.probing) return { admitted: false, until: this.until, failures: this.failures };
    this.probing = true;
    return { admitted: true, probe: true };
  }

  /** The provider answered (or refused the request itself): it is up. */
  succeeded(): void {
    const wasOpen = this.until !== 0;
    this.failures = 0;
    this.until = 0;
    this.probing = false;
    if (wasOpen) this.changed();
  }

  /** A transient failure after the request's retries; returns the end of the cooldown it opened, if it did. */
  failed(now: number, retryAfterMs: number | undefined): number | undefined {
    this.failures += 1;
    const wasProbe = this.probing;
    this.probing = false;
    const { afterFailures, durationMs } = this.settings;
    if (afterFailures === 0 || (!wasProbe && this.failures < afterFailures)) return undefined;
    // A hostile Retry-After cannot shut a provider out for longer than any setting could.
    this.until = now + Math.min(MAX_COOLDOWN_MS, Math.max(durationMs, retryAfterMs ?? 0));
    this.changed();
    return this.until;
  }

  /** The probe ended without a verdict (cancelled): the next request probes instead. */
  abandoned(): void {
    this.probing = false;
  }
}

/**
 * Every provider's breaker, per path. Shared by the routers of one app so a mode switch or config reload
 * does not forget which providers are failing (settings are re-read from the config each time).
 */
export class ProviderCooldowns {
  readonly #breakers = new Map<string, Breaker>();
  readonly #listeners = new Set<() => void>();
  readonly #changed = (): void => {
    for (const listener of this.#listeners) listener();
  };

  /** Called when a provider starts or stops cooling down; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The breaker for a provider on a path, created closed on first use. */
  breaker(provider: string, via: RoutingMode, settings: CooldownSettings = DEFAULT_COOLDOWN): Breaker {
    const key = `${via}\u0000${provider}`;
    let breaker = this.#breakers.get(key);
    if (breaker === undefined) {
      breaker = new Breaker(provider, via, settings, this.#changed);
      this.#breakers.set(key, breaker);
    } else {
      // A reloaded config: keep the count, take the new limits.
      breaker.settings = settings;
    }
    return breaker;
  }

  /** The providers cooling down or being probed now. */
  list(now: number): CooldownView[] {
    const out: CooldownView[] = [];
    for (const b of this.#breakers.values()) {
      if (b.until !== 0 && (now < b.until || b.probing)) out.push({ provider: b.provider, via: b.via, until: b.until, failures: b.failures, probing: b.probing });
    }
    return out;
  }
}

/** The error a request gets when its provider is cooling down and nothing else can serve it. */
export function coolingDownError(provider: string, until: number, failures: number, now: number): SwitchyardError {
  const waitMs = Math.max(0, until - now);
  return new SwitchyardError(
    'COOLING_DOWN',
    `${provider} is cooling down after ${failures} failed request${failures === 1 ? '' : 's'} in a row; it will be tried again in ${formatWait(waitMs)} (at ${new Date(until).toISOString()})`,
    { retryable: true, details: { provider, cooldownUntil: until, retryAfterMs: waitMs, failures } },
  );
}

function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)} ms`;
  const s = Math.ceil(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}
