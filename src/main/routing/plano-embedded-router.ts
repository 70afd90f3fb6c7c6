import type { SwitchyardConfig } from '../../shared/config';
import { SwitchyardError } from '../../shared/errors';
import type { ContainerEngine } from '../gateway/container-engine';
import { DockerEngine } from '../gateway/docker-engine';
import { GatewaySupervisor, type GatewaySupervisorOptions } from '../gateway/supervisor';
import { BaseRouter, type Execution } from './base-router';
import { executePlan, type ChatPlan } from './chat-executor';
import { buildDirectPlan } from './direct-plan';
import { PlanoChatClient } from './plano-client';
import type { TraceBuilder } from './route-trace';
import type { RouterDeps } from './types';
import type { ResolvedRequest } from './validate-request';

export interface PlanoEmbeddedDeps extends RouterDeps {
  /** The Docker-API engine; defaults to the one at `plano_embedded.docker_host` (or DOCKER_HOST, or the default socket). */
  engine?: ContainerEngine;
  /** Supervisor settings that are not in the config file: extra binds, work dir, backoff, ... */
  supervisor?: Omit<GatewaySupervisorOptions, 'config' | 'engine' | 'clock' | 'logger' | 'random'>;
  /** Start the gateway right away (default). Requests before it is ready go to Direct when fallback is on. */
  autoStart?: boolean;
}

/** Errors that mean the gateway itself could not be reached (as opposed to an answer it relayed). */
function isGatewayConnectionFailure(error: unknown): error is SwitchyardError {
  if (!(error instanceof SwitchyardError)) return false;
  return error.code === 'NETWORK_ERROR' || (error.code === 'TIMEOUT' && error.details.timeout === 'connect');
}

/**
 * Embedded mode: requests go through a Plano container that Switchyard runs and supervises. While the
 * gateway is not taking traffic (starting, restarting, failed, in its recovery hold) or when a request
 * cannot reach it before its first token, the request is served by Direct if fallback is on; the trace
 * then says servedBy 'direct' with the reason.
 */
export class PlanoEmbeddedRouter extends BaseRouter {
  readonly mode = 'plano_embedded' as const;
  readonly supervisor: GatewaySupervisor;

  constructor(config: SwitchyardConfig, deps: PlanoEmbeddedDeps = {}) {
    super(config, deps);
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

  /** The gateway plan: the retrying Plano client pointed at our container. */
  protected planFor(resolved: ResolvedRequest, stream: boolean): ChatPlan {
    const settings = this.config.routing.planoEmbedded;
    const proxy = this.config.routing.planoProxy;
    const origin = this.supervisor.origin;
    if (!origin) throw new SwitchyardError('CONTAINER_FAILED', `The embedded gateway is not running (${this.supervisor.unavailableReason()})`);
    const client = new PlanoChatClient(
      {
        baseUrl: origin,
        headers: {},
        timeoutMs: settings.timeoutMs,
        firstByteTimeoutMs: settings.firstByteTimeoutMs,
        // With fallback on, Direct is the better retry for a gateway that does not answer: no backoff wait.
        retryCount: this.supervisor.fallbackEnabled ? 0 : proxy.retryCount,
        backoffBaseMs: proxy.backoffBaseMs,
        backoffMaxMs: proxy.backoffMaxMs,
        via: 'plano_embedded',
      },
      this.env,
    );
    return client.plan(resolved, stream);
  }

  protected override async *execute(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, signal?: AbortSignal): AsyncGenerator<string, Execution, undefined> {
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
      if (yielded || signal?.aborted || !supervisor.fallbackEnabled || !isGatewayConnectionFailure(error)) throw error;
      // The container probably died between health checks: let the supervisor look now, serve this one directly.
      supervisor.checkNow();
      return yield* this.direct(resolved, stream, trace, `gateway unreachable: ${error.message}`, signal);
    } finally {
      await attempt.return(undefined as never);
    }
  }

  private async *direct(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, reason: string, signal?: AbortSignal): AsyncGenerator<string, Execution, undefined> {
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
