import type { RouteTrace, RoutingMode, Usage } from './chat';
import type { SerializedError } from './errors';

/**
 * The Traffic view's records: one per chat request, whoever sent it — the playground, Compare, or an
 * outside client through the local endpoint. Summaries travel as events; bodies only on request.
 */

export const TRAFFIC_SOURCES = ['playground', 'compare', 'endpoint'] as const;
export type TrafficSource = (typeof TRAFFIC_SOURCES)[number];

export type TrafficStatus = 'running' | 'ok' | 'error' | 'cancelled';

/** An outside client, as the endpoint saw it. */
export interface TrafficClient {
  /** The wire protocol it spoke. */
  api: 'openai' | 'anthropic';
  path: string;
  userAgent?: string;
  /** Its address (loopback unless the endpoint was opened to the network). */
  remote?: string;
}

export interface TrafficEntry {
  id: string;
  /** Increases by one per request while the app runs: the order requests began in. */
  seq: number;
  startedAt: number;
  source: TrafficSource;
  client?: TrafficClient;
  stream: boolean;
  /** The mode asked for (Compare may pick one); the trace says which path served. */
  mode: RoutingMode;
  /** As requested, then as served once the reply is in. */
  provider?: string;
  model?: string;
  status: TrafficStatus;
  /** The HTTP status the endpoint answered with (outside clients only). */
  httpStatus?: number;
  error?: SerializedError;
  ttftMs?: number;
  latencyMs?: number;
  usage?: Usage;
  /** USD, when the config has a price for the served model. */
  costUsd?: number;
  trace?: RouteTrace;
}

/** One entry with what was sent and answered (keys redacted; long strings such as inline images shortened). */
export interface TrafficDetail extends TrafficEntry {
  requestBody: unknown;
  /** The reply as the client got it; for a stream, the whole reply as one body. */
  responseBody?: unknown;
}

export interface TrafficView {
  entries: TrafficEntry[];
  /** Whether the log (bodies included) is kept in the data folder across restarts. */
  persist: boolean;
  /** How many entries the log keeps; older ones are dropped. */
  capacity: number;
}
