import { BaseRouter } from './base-router';
import type { ChatPlan } from './chat-executor';
import { buildDirectPlan } from './direct-plan';
import type { ResolvedRequest } from './resolve-request';

/** Sends each request straight to its provider over that provider's own wire protocol. */
export class DirectRouter extends BaseRouter {
  readonly mode = 'direct' as const;

  protected planFor(resolved: ResolvedRequest, stream: boolean): ChatPlan {
    return buildDirectPlan(resolved.provider, resolved, stream);
  }
}
