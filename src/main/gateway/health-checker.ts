import { Agent, request, type Dispatcher } from 'undici';
import type { HealthResult } from '../../shared/gateway';
import type { Clock } from '../timing/clock';

/**
 * Switchyard's own HTTP checks of the gateway (engine-side HEALTHCHECKs do not run under every engine):
 * liveness is `GET /healthz` (Envoy answers it alone), readiness `GET /v1/models` (goes through the routing
 * service, so it proves the gateway can actually route).
 */
export interface HealthCheckerOptions {
  clock: Clock;
  timeoutMs: number;
  healthPath: string;
  readinessPath: string;
  dispatcher?: Dispatcher;
}

export class HealthChecker {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: HealthCheckerOptions) {
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 1000, connect: { timeout: options.timeoutMs } });
  }

  async check(check: HealthResult['check'], origin: string, signal?: AbortSignal): Promise<HealthResult> {
    const { clock, timeoutMs } = this.options;
    const path = check === 'health' ? this.options.healthPath : this.options.readinessPath;
    const at = clock.now();
    const started = clock.monotonic();
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(new URL(path, origin), {
        method: 'GET',
        dispatcher: this.dispatcher,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await response.body.text();
      const latencyMs = clock.monotonic() - started;
      const result: HealthResult = { at, ok: response.statusCode === 200, latencyMs, check, status: response.statusCode };
      if (!result.ok) result.error = `${path} answered ${response.statusCode}${body ? `: ${body.slice(0, 200)}` : ''}`;
      else if (check === 'readiness' && !isModelList(body)) {
        result.ok = false;
        result.error = `${path} answered 200 but not an OpenAI model list`;
      }
      return result;
    } catch (error) {
      const latencyMs = clock.monotonic() - started;
      const reason = timeout.aborted ? `no answer within ${timeoutMs} ms` : describe(error);
      return { at, ok: false, latencyMs, check, error: `${path}: ${reason}` };
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

function isModelList(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return Array.isArray(parsed.data);
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  const message = e.cause?.message ?? e.message ?? String(error);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
