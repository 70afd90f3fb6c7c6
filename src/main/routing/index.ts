/**
 * Switchyard's router, importable from plain Node (no Electron):
 *
 *   const router = createRouter(config);            // mode from config.routing.mode
 *   // embedded mode routes through a gateway someone runs: createRouter(config, { gateway: supervisor })
 *   const res = await router.route({ messages: [{ role: 'user', content: 'hi' }] });
 *   for await (const part of router.stream(req, { signal })) ...
 *   await router.close();
 */
export { createRouter } from './router-factory';
export type { CreateRouterDeps } from './router-factory';
export type { GatewayTarget, PlanoModelNames } from './gateway-target';
export { DirectRouter } from './direct-router';
export { PlanoProxyRouter } from './plano-proxy-router';
export { PlanoEmbeddedRouter } from './plano-embedded-router';
export type { PlanoEmbeddedDeps } from './plano-embedded-router';
export { BaseRouter, RouteError } from './base-router';
export type { Execution } from './base-router';
export { PlanoChatClient, planoChatUrl, planoModelName } from './plano-client';
export type { PlanoEndpoint } from './plano-client';
export { buildDirectPlan } from './direct-plan';
export { executePlan } from './chat-executor';
export type { ChatPlan, ExecEnv } from './chat-executor';
export { TraceBuilder } from './route-trace';
export { ProviderCooldowns, coolingDownError } from './provider-cooldowns';
export type { CooldownView } from './provider-cooldowns';
export { retryDelay, NO_RETRY } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
// The request schema (validate-request.ts, zod) is left out: the router loads it only when a request needs it.
export { resolveRequest } from './resolve-request';
export type { ResolvedRequest } from './resolve-request';
export { systemClock } from '../timing/clock';
export type { Clock } from '../timing/clock';
export type { Router, RouterDeps, RouteOptions } from './types';
export { SwitchyardError, serializeError, deserializeError, isSerializedError } from '../../shared/errors';
export type { ErrorCode, SerializedError } from '../../shared/errors';
export type { ChatRequest, ChatResponse, ChatMessage, StreamPart, RouteTrace, RouteAttempt, Usage, RoutingMode } from '../../shared/chat';
export type { SwitchyardConfig, ProviderConfig } from '../../shared/config';
