import type { SwitchyardConfig } from '../../shared/config';
import { BaseRouter } from './base-router';
import type { ChatPlan } from './chat-executor';
import { PlanoChatClient } from './plano-client';
import type { RouterDeps } from './types';
import type { ResolvedRequest } from './resolve-request';

/** Sends every request to an external Plano gateway as `provider/model`, retrying what is worth retrying. */
export class PlanoProxyRouter extends BaseRouter {
  readonly mode = 'plano_proxy' as const;
  readonly #client: PlanoChatClient;

  constructor(config: SwitchyardConfig, deps: RouterDeps = {}) {
    super(config, deps);
    const proxy = config.routing.planoProxy;
    this.#client = new PlanoChatClient({
      baseUrl: proxy.baseUrl,
      apiKey: proxy.apiKey,
      headers: proxy.headers,
      timeoutMs: proxy.timeoutMs,
      firstByteTimeoutMs: proxy.firstByteTimeoutMs,
      retryCount: proxy.retryCount,
      backoffBaseMs: proxy.backoffBaseMs,
      backoffMaxMs: proxy.backoffMaxMs,
      retryAfterMaxMs: proxy.retryAfterMaxMs,
      via: 'plano_proxy',
    });
  }

  protected planFor(resolved: ResolvedRequest, stream: boolean): ChatPlan {
    return this.#client.plan(resolved, stream);
  }
}
