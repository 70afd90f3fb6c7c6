export {
  createRouterDispatcher,
  DEFAULT_IDLE_CONNECTIONS_PER_ORIGIN,
  DEFAULT_MAX_CONNECTIONS_PER_ORIGIN,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
} from './dispatcher';
export type { DispatcherOptions } from './dispatcher';
export { sendHttpRequest } from './http-request';
export type { HttpCall, HttpResponse } from './http-request';
export { mapTransportError, timeoutError, cancelledError, errorCodeOf } from './transport-errors';
export type { TimeoutKind } from './transport-errors';
