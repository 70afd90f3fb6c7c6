import type { Dispatcher } from 'undici';
import type { ChatRequest, ChatResponse, RouteTrace, RoutingMode, StreamPart } from '../../shared/chat';
import type { ProviderConfig, SwitchyardConfig } from '../../shared/config';
import { SwitchyardError, serializeError } from '../../shared/errors';
import { createRouterDispatcher } from '../http/dispatcher';
import { secretValues } from '../config/secret-values';
import { nullLogger } from '../logging/logger';
import { Redactor } from '../logging/redact';
import type { Completion, DeltaPart } from '../providers/types';
import { executePlan, type ChatPlan, type ExecEnv } from './chat-executor';
import { fallbackHops, fallbackReason, hopName } from './fallback-chain';
import { coolingDownError, ProviderCooldowns } from './provider-cooldowns';
import { systemClock } from '../timing/clock';
import { TraceBuilder } from './route-trace';
import type { RouteOptions, Router, RouterDeps } from './types';
import { resolveRequest, type ResolvedRequest } from './resolve-request';

/** What served a request: the plan that succeeded and what it returned. */
export interface Execution {
  completion: Completion;
  plan: ChatPlan;
}

type Hop = AsyncGenerator<DeltaPart, Execution, undefined>;

/** A failed `route()`: a SwitchyardError that also carries the trace of what was tried. */
export class RouteError extends SwitchyardError {
  readonly trace: RouteTrace | undefined;

  constructor(error: SwitchyardError, trace: RouteTrace | undefined) {
    super(error.code, error.message, { retryable: error.retryable, details: error.details, cause: error.cause });
    this.trace = trace;
  }
}

/**
 * The shared half of every mode: validation before any I/O, the stream of typed parts, the trace, the
 * model fallback chain, provider cooldowns, and the dispatcher's lifetime. A mode says how to reach a
 * model (`planFor`), and may override `executeHop` to try several paths for one model (embedded mode
 * falls back to Direct this way).
 */
export abstract class BaseRouter implements Router {
  abstract readonly mode: RoutingMode;
  protected readonly env: ExecEnv;
  protected readonly cooldowns: ProviderCooldowns;
  readonly #ownsDispatcher: boolean;
  #closed = false;

  constructor(
    protected readonly config: SwitchyardConfig,
    deps: RouterDeps = {},
  ) {
    this.#ownsDispatcher = deps.dispatcher === undefined;
    this.env = {
      dispatcher: deps.dispatcher ?? routerDispatcher(config),
      clock: deps.clock ?? systemClock,
      random: deps.random ?? Math.random,
      logger: deps.logger ?? nullLogger,
      redactor: new Redactor(secretValues(config)),
    };
    this.cooldowns = deps.cooldowns ?? new ProviderCooldowns();
  }

  protected abstract planFor(resolved: ResolvedRequest, stream: boolean): ChatPlan;

  /** Validates the request and settles its provider and model (a mode may read model names its own way). */
  protected resolve(request: unknown): Promise<ResolvedRequest> {
    return resolveRequest(this.config, request);
  }

  /**
   * The model asked for, then its fallback chain in order, each tried when the one before failed before
   * its first token for a reason another model may not have (see fallbackReason); every hop is traced.
   */
  protected async *execute(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, signal?: AbortSignal): Hop {
    const fallbacks = fallbackHops(this.config, resolved);
    // The common case: no chain, nothing to watch for.
    if (fallbacks.length === 0) return yield* this.executeHop(resolved, stream, trace, signal);
    let hop = resolved;
    for (let i = 0; ; i++) {
      trace.beginHop(i);
      const execution = this.executeHop(hop, stream, trace, signal);
      let first: IteratorResult<DeltaPart, Execution>;
      try {
        first = await execution.next();
      } catch (thrown) {
        const next = fallbacks[i];
        const why = next === undefined || signal?.aborted ? undefined : fallbackReason(asSwitchyardError(thrown), this.config.routing);
        if (why === undefined) throw thrown;
        trace.fellBack(`${hopName(hop)} → ${hopName(next!)}: ${why}`);
        hop = next!;
        continue;
      }
      if (first.done) return first.value;
      try {
        // Committed: the caller has a part of this reply, so a later failure ends it.
        yield first.value;
        return yield* execution;
      } finally {
        await execution.return(undefined as never);
      }
    }
  }

  /** One model of the chain, by this mode's path. */
  protected async *executeHop(resolved: ResolvedRequest, stream: boolean, trace: TraceBuilder, signal?: AbortSignal): Hop {
    const plan = this.planFor(resolved, stream);
    const completion = yield* this.executeGuarded(plan, resolved.provider, trace, signal);
    return { completion, plan };
  }

  /**
   * A plan behind its provider's cooldown: skipped (COOLING_DOWN, naming when it is tried again) while the
   * provider cools down, else sent, with the outcome counted: a transient failure (after the plan's own
   * retries) towards the next cooldown, anything the provider answered as the provider being up.
   */
  protected async *executeGuarded(plan: ChatPlan, provider: ProviderConfig, trace: TraceBuilder, signal?: AbortSignal): AsyncGenerator<DeltaPart, Completion, undefined> {
    const clock = this.env.clock;
    const breaker = this.cooldowns.breaker(plan.provider, plan.via, provider.cooldown);
    const admission = breaker.admit(clock.now());
    if (!admission.admitted) {
      const error = coolingDownError(plan.provider, admission.until, admission.failures, clock.now());
      trace.skip(plan, error.message, admission.until);
      throw error;
    }
    let settled = false;
    try {
      const completion = yield* executePlan(plan, this.env, trace, signal);
      settled = true;
      breaker.succeeded();
      return completion;
    } catch (thrown) {
      const error = asSwitchyardError(thrown);
      // A cancel, or our own connection ceiling, says nothing about the provider.
      if (signal?.aborted || error.code === 'CANCELLED' || error.details.local === true) throw thrown;
      settled = true;
      if (!error.retryable) {
        breaker.succeeded();
        throw thrown;
      }
      const retryAfterMs = error.details.retryAfterMs;
      const until = breaker.failed(clock.now(), typeof retryAfterMs === 'number' ? retryAfterMs : undefined);
      if (until !== undefined) trace.cooledDown(until);
      throw thrown;
    } finally {
      // Abandoned or cancelled: no verdict, so a probe lets the next request probe instead.
      if (!settled) breaker.abandoned();
    }
  }

  async route(request: ChatRequest, options: RouteOptions = {}): Promise<ChatResponse> {
    // Same steps as `run`, without handing on the parts nobody reads.
    const trace = new TraceBuilder(this.mode, this.env.clock);
    const upstreamStream = request?.stream === true;
    try {
      const resolved = await this.#begin(request, options.signal);
      const execution = this.execute(resolved, upstreamStream, trace, options.signal);
      let step = await execution.next();
      while (!step.done) {
        trace.markFirstToken();
        step = await execution.next();
      }
      return this.#respond(step.value, trace, upstreamStream);
    } catch (thrown) {
      trace.finish();
      throw new RouteError(asSwitchyardError(thrown), trace.build());
    }
  }

  stream(request: ChatRequest, options: RouteOptions = {}): AsyncIterable<StreamPart> {
    return this.run(request, true, options.signal);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.env.dispatcher.destroy();
  }

  /** Never throws: every failure, even a bad request, ends the stream with an `error` part. */
  private async *run(request: ChatRequest, upstreamStream: boolean, signal?: AbortSignal): AsyncGenerator<StreamPart, void, undefined> {
    const trace = new TraceBuilder(this.mode, this.env.clock);
    const clock = this.env.clock;
    try {
      const resolved = await this.#begin(request, signal);
      let pause = clock.monotonic();
      yield { type: 'start', provider: resolved.provider.name, model: resolved.model, mode: this.mode };
      trace.addWait(clock.monotonic() - pause);

      const execution = this.execute(resolved, upstreamStream, trace, signal);
      let step: IteratorResult<DeltaPart, Execution>;
      try {
        step = await execution.next();
        while (!step.done) {
          trace.markFirstToken();
          pause = clock.monotonic();
          yield step.value;
          // Time the caller spends between parts is theirs, not our overhead.
          trace.addWait(clock.monotonic() - pause);
          step = await execution.next();
        }
      } finally {
        // A caller that stops iterating must not leave the upstream request running.
        await execution.return(undefined as never);
      }
      yield { type: 'finish', response: this.#respond(step.value, trace, upstreamStream) };
    } catch (thrown) {
      trace.finish();
      yield { type: 'error', error: serializeError(asSwitchyardError(thrown)), trace: trace.build() };
    }
  }

  /** Checks that happen before any I/O. */
  async #begin(request: ChatRequest, signal: AbortSignal | undefined): Promise<ResolvedRequest> {
    if (this.#closed) throw new SwitchyardError('INTERNAL', 'The router is closed');
    const resolved = await this.resolve(request);
    if (signal?.aborted) throw new SwitchyardError('CANCELLED', 'The request was cancelled', { retryable: false });
    return resolved;
  }

  #respond({ completion, plan }: Execution, trace: TraceBuilder, upstreamStream: boolean): ChatResponse {
    trace.markFirstToken();
    trace.finish();
    const built = trace.build();
    const response: ChatResponse = {
      id: completion.id || `switchyard-${this.env.clock.now().toString(36)}-${Math.floor(this.env.random() * 1e9).toString(36)}`,
      content: completion.content,
      usage: completion.usage,
      model: completion.model || String(plan.body.model),
      provider: plan.provider,
      latencyMs: built.latencyMs,
      metadata: {
        protocol: plan.protocol.name,
        target: plan.target,
        url: plan.url,
        requestedModel: plan.body.model,
        usageReported: completion.usageReported,
        streamed: upstreamStream,
      },
      trace: built,
    };
    if (completion.toolCalls !== undefined) response.toolCalls = completion.toolCalls;
    if (completion.finishReason !== undefined) response.finishReason = completion.finishReason;
    if (completion.rawFinishReason !== undefined) response.metadata.providerFinishReason = completion.rawFinishReason;
    return response;
  }
}

/** The router's own connection pool, sized by `routing.connections` (defaults when absent). */
function routerDispatcher(config: SwitchyardConfig): Dispatcher {
  const c = config.routing.connections;
  if (c === undefined) return createRouterDispatcher();
  return createRouterDispatcher({ maxConnectionsPerOrigin: c.maxPerOrigin, idleConnectionsPerOrigin: c.idlePerOrigin, keepAliveTimeoutMs: c.idleTimeoutMs });
}

function asSwitchyardError(thrown: unknown): SwitchyardError {
  if (thrown instanceof SwitchyardError) return thrown;
  return new SwitchyardError('INTERNAL', thrown instanceof Error ? thrown.message : String(thrown), { cause: thrown });
}
