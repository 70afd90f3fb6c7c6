import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { DeltaPart } from '../providers/types';
import { BaseRouter, type Execution } from './base-router';
import { executePlan, type ChatPlan } from './chat-executor';
import { buildDirectPlan } from './direct-plan';
import type { GatewayTarget } from './gateway-target';
import { PlanoChatClient, planoChatUrl } from './plano-client';
import type { TraceBuilder } from './route-trace';
import type { RouterDeps } from './types';
import { resolveRequest, type ResolvedRequest } from './resolve-request';

export interface PlanoEmbeddedDeps extends RouterDeps {
  /** The gateway requests go through; its owner starts, supervises and stops it. */
  gateway: GatewayTarget;
}

/**
 * Why the gateway itself failed a request before any text (as opposed to an answer it relayed), for the
 * trace; undefined when the error is the upstream's.
 */
function gatewayFailure(error: unknown): string | undefined {
  if (!(error instanceof SwitchyardError)) return undefined;
  if (error.code === 'NETWORK_ERROR' || (error.code === 'TIMEOUT' && error.details.timeout === 'connect')) return `gateway unreachable: ${error.message}`;
  if (error.code === 'TIMEOUT' && error.details.timeout === 'first_byte') return `gateway did not answer in time: ${error.message}`;
  return undefined;
}

/**
 * Embedded mode: requests go through a local Plano gateway that someone else runs (see GatewayTarget).
 * While the gateway is not taking traffic (starting, restarting, failed, in its recovery hold) or when a
 * request cannot reach it, or gets no first byte from it in time, before its first token, the request is
 * served by Direct if fallback is on; the trace then says servedBy 'direct' with the reason. A model's
 * fallback chain applies on top: each model in turn goes to the gateway, then Direct. The gateway's own
 * health checks are its breaker; only the Direct path has provider cooldowns here.
 *
 * The gateway knows each model by the name its generated config gives it; a Plano name in a request (from
 * the gateway's model list, say) is read back as the provider's own model id, so Direct gets what the
 * provider expects.
 */
export class PlanoEmbeddedRouter extends BaseRouter {
  readonly mode = 'plano_embedded' as const;
  readonly #gateway: GatewayTarget;
  readonly #fallback: boolean;
  /** One client per gateway origin: its URL, headers and retry policy are worked out once, not per request. */
  #client: PlanoChatClient | undefined;

  constructor(config: SwitchyardConfig, deps: PlanoEmbeddedDeps) {
    super(config, deps);
    this.#gateway = deps.gateway;
    this.#fallback = config.routing.enableFallback && config.routing.planoEmbedded.fallback;
  }

  protected override async resolve(request: unknown): Promise<ResolvedRequest> {
    const resolved = await resolveRequest(this.config, request);
    const models = this.#gateway.models;
    if (models.lists(resolved.provider.name, resolved.model)) return resolved;
    const named = models.fromPlano(resolved.model);
    const asked = (request as { provider?: string }).provider;
    if (!named || (asked !== undefined && asked !== named.provider)) return resolved;
    const provider = this.config.providers[named.provider]!;
    return { provider, model: named.model, wire: { ...resolved.wire, model: named.model } };
  }

  /** The gateway plan: the Plano client pointed at the gateway, with the model's Plano name. */
  protected planFor(resolved: ResolvedRequest, stream: boolean): ChatPlan {
    const origin = this.#gateway.origin;
    if (!origin) throw new SwitchyardError('CONTAINER_FAILED', `The embedded gateway is not running (${this.#gateway.unavailableReason()})`);
    const client = this.#clientFor(origin);
    const model = this.#gateway.models.toPlano(resolved.provider.name, resolved.model);
    // A stream's headers come as soon as the provider starts answering; a plain request's only with the
    // whole reply, so it gets as long as Direct would give the provider.
    const firstByteTimeoutMs = stream ? undefined : Math.max(client.endpoint.firstByteTimeoutMs, resolved.provider.firstByteTimeoutMs);
    return client.plan(resolved, stream, model, firstByteTimeoutMs);
  }

  #clientFor(origin: string): PlanoChatClient {
    if (this.#client?.endpoint.baseUrl === origin) return this.#client;
    const settings = this.config.routing.planoEmbedded;
    const proxy = this.config.routing.planoProxy;
    this.#client = new PlanoChatClient({
      baseUrl: origin,
      headers: {},
      timeoutMs: settings.timeoutMs,
      firstByteTimeoutMs: settings.firstByteTimeoutMs,
      // With fallback on, Direct is the better retry for a gateway that does not answer: no backoff wait.
      retryCount: this.#fallback ? 0 : proxy.retryCount,
      backoffBaseMs: proxy.backoffBaseMs,
      backoffMaxMs: proxy.backoffMaxMs,
      via: 'plano_embedded',
    });
    return this.#client;
  }

  /** One model: through the gateway, or by Direct when the gateway cannot serve it before its first token. */
  protected override async *executeHop(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, signal?: AbortSignal): AsyncGenerator<DeltaPart, Execution, undefined> {
    const gateway = this.#gateway;
    if (!gateway.acceptsTraffic()) {
      if (this.#fallback) {
        const reason = gateway.unavailableReason();
        const origin = gateway.origin;
        trace.skip({ target: 'plano', via: 'plano_embedded', url: origin ? planoChatUrl(origin) : '', provider: resolved.provider.name, model: resolved.model }, reason);
        return yield* this.direct(resolved, stream, trace, reason, signal);
      }
      // No fallback: a gateway that is still coming up is worth waiting for; a failed one is an error.
      await trace.wait(gateway.whenSettled(signal));
      if (signal?.aborted) throw new SwitchyardError('CANCELLED', 'The request was cancelled', { retryable: false });
      if (!gateway.acceptsTraffic()) {
        const status = gateway.status();
        throw new SwitchyardError('CONTAINER_FAILED', `The embedded gateway is not available: ${status.lastError?.message ?? gateway.unavailableReason()}`, {
          details: { phase: status.phase },
        });
      }
    }
    const plan = this.planFor(resolved, stream);
    const attempt = executePlan(plan, this.env, trace, signal);
    let yielded = false;
    try {
      let step = await attempt.next();
      while (!step.done) {
        yielded = true;
        yield step.value;
        step = await attempt.next();
      }
      return { completion: step.value, plan };
    } catch (error) {
      const failure = signal?.aborted ? undefined : gatewayFailure(error);
      // The container may have died or stopped answering between health checks: have it looked at now.
      if (failure) gateway.checkNow();
      // Text the caller has seen cannot be taken back: the reply ends with the error, honestly.
      if (yielded || !failure || !this.#fallback) throw error;
      return yield* this.direct(resolved, stream, trace, failure, signal);
    } finally {
      await attempt.return(undefined as never);
    }
  }

  /** Direct for this model, traced as a fallback from the gateway, behind the provider's cooldown like any Direct request. */
  private async *direct(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, reason: string, signal?: AbortSignal): AsyncGenerator<DeltaPart, Execution, undefined> {
    trace.fellBack(reason);
    const plan = buildDirectPlan(resolved.provider, resolved, stream);
    const completion = yield* this.executeGuarded(plan, resolved.provider, trace, signal);
    return { completion, plan };
  }
}
