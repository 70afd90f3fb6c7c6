import type { ProxyHealth } from '../../shared/api';

type HealthFetch = (url: string, init: { signal: AbortSignal; redirect: 'manual' }) => Promise<{ status: number; body?: unknown; text(): Promise<string> }>;

const HEALTH_TIMEOUT_MS = 5_000;

/**
 * The Plano proxy's health as the Modes diagram shows it. Checked (`GET /healthz` on the gateway's root)
 * whenever the configured URL changes, so a URL that leads nowhere is shown failing at once rather than
 * keeping the previous gateway's "healthy · 408 ms".
 */
export class ProxyHealthCheck {
  private current: ProxyHealth | undefined;
  private checkedUrl: string | undefined;

  constructor(
    private readonly fetch: HealthFetch,
    private readonly changed: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  get health(): ProxyHealth | undefined {
    return this.current && { ...this.current };
  }

  /** Checks `baseUrl` unless it is the URL checked last. Resolves when the answer is in. */
  async follow(baseUrl: string): Promise<void> {
    if (baseUrl === this.checkedUrl) return;
    this.checkedUrl = baseUrl;
    const url = healthUrl(baseUrl);
    const at = this.now();
    this.current = { url, state: 'checking', at };
    this.changed();
    let next: ProxyHealth;
    try {
      const response = await this.fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS), redirect: 'manual' });
      await response.text().catch(() => '');
      const latencyMs = this.now() - at;
      next = response.status >= 200 && response.status < 300
        ? { url, state: 'healthy', at, latencyMs, status: response.status }
        : { url, state: 'failing', at, latencyMs, status: response.status, error: `/healthz answered HTTP ${response.status}` };
    } catch (error) {
      next = { url, state: 'failing', at, error: reason(error) };
    }
    // A newer URL was set meanwhile: its own check reports.
    if (this.checkedUrl !== baseUrl) return;
    this.current = next;
    this.changed();
  }
}

/** Plano answers /healthz at its root; the configured URL may carry /v1. */
export function healthUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/healthz`;
}

function reason(error: unknown): string {
  if ((error as Error)?.name === 'TimeoutError') return `no answer within ${HEALTH_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
