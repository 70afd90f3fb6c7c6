import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { ContainerEngine } from '../gateway/container-engine';
import { DockerEngine } from '../gateway/docker-engine';
import { PlanoModelMap } from '../gateway/plano-model-map';
import { GatewaySupervisor, type GatewaySupervisorOptions } from '../gateway/supervisor';
import { BaseRouter, type Execution } from './base-router';
import { executePlan, type ChatPlan } from './chat-executor';
import { buildDirectPlan } from './direct-plan';
import { PlanoChatClient } from './plano-client';
import type { DeltaPart } from '../providers/types';
import type { TraceBuilder } from './route-trace';
import type { RouterDeps } from './types';
import { resolveRequest, type ResolvedRequest } from './validate-request';

export interface PlanoEmbeddedDeps extends RouterDeps {
  /** The Docker-API engine; defaults to the one at `plano_embedded.docker_host` (or DOCKER_HOST, or the default socket). */
  engine?: ContainerEngine;
  /** Supervisor settings that are not in the config file: extra binds, work dir, backoff, ... */
  supervisor?: Omit<GatewaySupervisorOptions, 'config' | 'engine' | 'clock' | 'logger' | 'random'>;
  /** Start the gateway right away (default). Requests before it is ready go to Direct when fallback is on. */
  autoStart?: boolean;
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
 * Embedded mode: requests go through a Plano container that Switchyard runs and supervises. While the
 * gateway is not taking traffic (starting, restarting, failed, in its recovery hold) or when a request
 * cannot reach it, or gets no first byte from it in time, before its first token, the request is served by
 * Direct if fallback is on; the trace then says servedBy 'direct' with the reason.
 *
 * The gateway knows each model by the name the generated config gives it (PlanoModelMap); a Plano name in
 * a request (from the gateway's model list, say) is read back as the provider's own model id, so Direct
 * gets what the provider expects.
 */
export class PlanoEmbeddedRouter extends BaseRouter {
  readonly mode = 'plano_embedded' as const;
  readonly supervisor: GatewaySupervisor;
  readonly models: PlanoModelMap;

  constructor(config: SwitchyardConfig, deps: PlanoEmbeddedDeps = {}) {
    super(config, deps);
    this.models = new PlanoModelMap(config);
    const engine = deps.engine ?? DockerEngine.fromHost(config.routing.planoEmbedded.dockerHost);
    this.supervisor = new GatewaySupervisor({
      ...deps.supervisor,
      config,
      engine,
      clock: this.env.clock,
      logger: this.env.logger,
      random: this.env.random,
    });
    if (deps.autoStart !== false) {
      this.supervisor.start().catch((error: unknown) => {
        this.env.logger.log('warn', 'gateway.start_failed', { error: error instanceof Error ? error.message : String(error) });
      });
    }
  }

  protected override resolve(request: unknown): ResolvedRequest {
    const resolved = resolveRequest(this.config, request);
    if (this.models.lists(resolved.provider.name, resolved.model)) return resolved;
    const named = this.models.fromPlano(resolved.model);
    const asked = (request as { provider?: string }).provider;
    if (!named || (asked !== undefined && asked !== named.provider)) return resolved;
    const provider = this.config.providers[named.provider]!;
    return { provider, model: named.model, wire: { ...resolved.wire, model: named.model } };
  }

  /** The gateway plan: the retrying Plano client pointed at our container, with the model's Plano name. */
  protected planFor(resolved: ResolvedRequest, stream: boolean): ChatPlan {
    const settings = this.config.routing.planoEmbedded;
    const proxy = this.config.routing.planoProxy;
    const origin = this.supervisor.origin;
    if (!origin) throw new SwitchyardError('CONTAINER_FAILED', `The embedded gateway is not running (${this.supervisor.unavailableReason()})`);
    const model = this.models.toPlano(resolved.provider.name, resolved.model);
    const client = new PlanoChatClient(
      {
        baseUrl: origin,
        headers: {},
        timeoutMs: settings.timeoutMs,
        // A stream's headers come as soon as the provider starts answering; a plain request's only with the
        // whole reply, so it gets as long as Direct would give the provider.
        firstByteTimeoutMs: stream ? settings.firstByteTimeoutMs : Math.max(settings.firstByteTimeoutMs, resolved.provider.firstByteTimeoutMs),
        // With fallback on, Direct is the better retry for a gateway that does not answer: no backoff wait.
        retryCount: this.supervisor.fallbackEnabled ? 0 : proxy.retryCount,
        backoffBaseMs: proxy.backoffBaseMs,
        backoffMaxMs: proxy.backoffMaxMs,
        via: 'plano_embedded',
      },
      this.env,
    );
    return client.plan(resolved, stream, model);
  }

  protected override async *execute(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, signal?: AbortSignal): AsyncGenerator<DeltaPart, Execution, undefined> {
    const supervisor = this.supervisor;
    if (!supervisor.acceptsTraffic()) {
      if (supervisor.fallbackEnabled) return yield* this.direct(resolved, stream, trace, supervisor.unavailableReason(), signal);
      // No fallback: a gateway that is still coming up is worth waiting for; a failed one is an error.
      await trace.wait(supervisor.whenSettled(signal));
      if (signal?.aborted) throw new SwitchyardError('CANCELLED', 'The request was cancelled', { retryable: false });
      if (!supervisor.acceptsTraffic()) {
        const status = supervisor.status();
        throw new SwitchyardError('CONTAINER_FAILED', `The embedded gateway is not available: ${status.lastError?.message ?? supervisor.unavailableReason()}`, {
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
      // The container may have died or stopped answering between health checks: let the supervisor look now.
      if (failure) supervisor.checkNow();
      // Text the caller has seen cannot be taken back: the reply ends with the error, honestly.
      if (yielded || !failure || !supervisor.fallbackEnabled) throw error;
      return yield* this.direct(resolved, stream, trace, failure, signal);
    } finally {
      await attempt.return(undefined as never);
    }
  }

  private async *direct(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, reason: string, signal?: AbortSignal): AsyncGenerator<DeltaPart, Execution, undefined> {
    trace.setFallback(reason);
    const plan = buildDirectPlan(resolved.provider, resolved, stream);
    const completion = yield* executePlan(plan, this.env, trace, signal);
    return { completion, plan };
  }

  /** Stops and removes the gateway container, then releases the HTTP pool. */
  override async close(): Promise<void> {
    await this.supervisor.close();
    await super.close();
  }
}
