/** What the embedded-gateway supervisor reports; the dashboard and the route trace read these. */

export const GATEWAY_PHASES = [
  'idle', // never started
  'pulling',
  'creating',
  'starting', // container started, waiting for /healthz then readiness
  'ready',
  'unhealthy', // a health check failed; a restart follows
  'restarting',
  'stopping',
  'stopped',
  'failed', // gave up (max restarts reached, no engine, pull failed); recovery continues in the background
] as const;
export type GatewayPhase = (typeof GATEWAY_PHASES)[number];

export type GatewayEventKind =
  | 'transition'
  | 'health'
  | 'restart'
  | 'fallback'
  | 'recovery'
  | 'pull'
  | 'adopt'
  | 'cleanup' // a leftover container from an earlier run was removed
  | 'error';

export interface GatewayEvent {
  at: number;
  kind: GatewayEventKind;
  phase: GatewayPhase;
  reason: string;
  /** Health checks: pass or fail, and how long the check took. */
  ok?: boolean;
  latencyMs?: number;
}

export interface HealthResult {
  at: number;
  ok: boolean;
  latencyMs: number;
  /** Which check: the liveness endpoint (/healthz) or the readiness one (/v1/models). */
  check: 'health' | 'readiness';
  status?: number;
  error?: string;
}

export interface GatewayStatus {
  phase: GatewayPhase;
  engine: { reachable: boolean; endpoint: string; version?: string; error?: string };
  image: string;
  containerName: string;
  containerId?: string;
  /** Host port the listener is published on (127.0.0.1). */
  port?: number;
  /** When the current container became ready (epoch ms). */
  readySince?: number;
  startedAt?: number;
  /** Restarts after a failure while within the restart budget, counted over the supervisor's life. */
  restarts: number;
  /** Failed starts in a row so far; after `maxRestarts` of them the gateway is given up (refills after a healthy hold). */
  restartsInRow: number;
  maxRestarts: number;
  /** Attempts to bring a given-up gateway back in the background, counted over the supervisor's life. */
  recoveryAttempts: number;
  /** Set while background recovery runs: the gateway stays `failed` (and Direct serves, with fallback on) meanwhile. */
  recovery?: GatewayRecovery;
  fallbacks: number;
  /** True while requests are being served by Direct because the gateway failed. */
  fallbackActive: boolean;
  fallbackReason?: string;
  lastHealth?: HealthResult;
  lastError?: { code: string; message: string };
  history: GatewayEvent[];
}

export interface GatewayRecovery {
  /** The attempt under way, or the next one while waiting. */
  attempt: number;
  step: 'waiting' | 'pulling' | 'creating' | 'starting';
  /** While waiting: when the next attempt begins (epoch ms). */
  nextAttemptAt?: number;
}

export interface LogLine {
  seq: number;
  at: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface StatsSample {
  at: number;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

export interface PullProgress {
  image: string;
  layer: string;
  status: string;
  current?: number;
  total?: number;
  done: boolean;
}

/** Where Plano sends one model, read from the generated plano_config.yaml. */
export interface GatewayRoute {
  /** The name clients send (`provider/model`). */
  model: string;
  /** The upstream: the config's base_url, or Plano's own endpoint for a provider it knows. */
  upstream: string;
  /** `$ENV` reference of the key, if any. */
  accessKey?: string;
  default: boolean;
}

/** The gateway container as `docker inspect` shows it; env values never leave main. */
export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  imageId: string;
  created: string;
  state: { status: string; running: boolean; startedAt?: string; exitCode?: number };
  command: string[];
  networkMode: string;
  ports: { container: string; hostIp?: string; hostPort?: string }[];
  mounts: { source: string; destination: string; readOnly: boolean }[];
  /** Variable names only; the UI shows their values masked. */
  envNames: string[];
  labels: Record<string, string>;
}
