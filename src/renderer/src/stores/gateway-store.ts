import { createStore } from 'zustand/vanilla';
import type { SwitchyardBridge } from '../../../shared/api';
import { serializeError, type SerializedError } from '../../../shared/errors';
import type { ContainerDetails, GatewayEvent, GatewayRoute, GatewayStatus, LogLine, PullProgress, StatsSample } from '../../../shared/gateway';

/** Keeps memory bounded on a gateway that runs for days. */
export const MAX_LOG_LINES = 5000;
export const MAX_STATS = 120;
export const MAX_EVENTS = 500;

export type GatewayAction = 'start' | 'stop' | 'restart';

/** How the last Start/Stop/Restart ended, once the gateway settled. */
export interface ActionOutcome {
  action: GatewayAction;
  ok: boolean;
  message: string;
}

/** Phases an action has settled in: start and restart end ready (or failed), stop ends stopped. */
const SETTLED: Record<GatewayAction, GatewayStatus['phase'][]> = {
  start: ['ready', 'failed', 'unhealthy', 'stopped'],
  restart: ['ready', 'failed', 'unhealthy', 'stopped'],
  stop: ['stopped', 'idle', 'failed'],
};

export interface GatewayStoreState {
  status?: GatewayStatus;
  events: GatewayEvent[];
  logs: LogLine[];
  stats: StatsSample[];
  /** Latest progress per layer while an image is being pulled. */
  pull: Record<string, PullProgress>;
  configYaml?: string;
  routes?: GatewayRoute[];
  configError?: SerializedError;
  /** The container as the engine describes it (null: there is none). */
  inspect?: ContainerDetails | null;
  inspectError?: SerializedError;
  /** An action in flight: from the click until the gateway has settled. */
  busy?: GatewayAction;
  outcome?: ActionOutcome;
  actionError?: SerializedError;
  loadError?: SerializedError;
  load(): Promise<void>;
  loadConfig(): Promise<void>;
  loadInspect(): Promise<void>;
  run(action: GatewayAction): Promise<void>;
  clearLogs(): void;
  dispose(): void;
}

export function createGatewayStore(bridge: SwitchyardBridge) {
  const store = createStore<GatewayStoreState>()((set, get) => ({
    events: [],
    logs: [],
    stats: [],
    pull: {},
    async load() {
      try {
        const [status, logs] = await Promise.all([bridge.gateway.status(), bridge.gateway.logs({})]);
        // Events pushed while loading are merged, not lost.
        const seen = new Set(status.history.map(eventKey));
        const extra = get().events.filter((e) => !seen.has(eventKey(e)));
        set({ status, events: [...status.history, ...extra].slice(-MAX_EVENTS), logs: mergeLogs(logs, get().logs), loadError: undefined });
      } catch (error) {
        set({ loadError: serializeError(error) });
      }
    },
    async loadConfig() {
      try {
        const { yaml, routes } = await bridge.gateway.config();
        set({ configYaml: yaml, routes, configError: undefined });
      } catch (error) {
        set({ configError: serializeError(error) });
      }
    },
    async loadInspect() {
      try {
        set({ inspect: await bridge.gateway.inspect(), inspectError: undefined });
      } catch (error) {
        set({ inspectError: serializeError(error) });
      }
    },
    async run(action) {
      set({ busy: action, actionError: undefined, outcome: undefined });
      try {
        set({ status: await bridge.gateway[action]() });
        const status = await settled(action);
        set({ busy: undefined, outcome: outcomeOf(action, status) });
      } catch (error) {
        const e = serializeError(error);
        set({ busy: undefined, actionError: e, outcome: { action, ok: false, message: `${VERBS[action]} failed: ${e.code} ${e.message}` } });
      }
    },
    clearLogs() {
      set({ logs: [] });
    },
    dispose() {
      for (const off of offs) off();
    },
  }));

  /** Resolves with the first status in which `action` has settled (the API may answer before that). */
  const settled = (action: GatewayAction): Promise<GatewayStatus> =>
    new Promise((resolve) => {
      const check = (status: GatewayStatus | undefined): boolean => {
        if (!status || !SETTLED[action].includes(status.phase)) return false;
        resolve(status);
        return true;
      };
      if (check(store.getState().status)) return;
      const off = store.subscribe((s) => {
        if (check(s.status)) off();
      });
    });

  const offs = [
    bridge.on('gateway.status', (status) => store.setState({ status })),
    bridge.on('gateway.event', (event) => store.setState((s) => ({ events: [...s.events, event].slice(-MAX_EVENTS) }))),
    bridge.on('gateway.log', (line) => store.setState((s) => ({ logs: mergeLogs(s.logs, [line]) }))),
    bridge.on('gateway.stats', (sample) => store.setState((s) => ({ stats: [...s.stats, sample].slice(-MAX_STATS) }))),
    bridge.on('gateway.pull', (progress) =>
      store.setState((s) => {
        const pull = { ...s.pull, [progress.layer]: progress };
        // A finished pull clears the panel once every layer is done.
        return { pull: Object.values(pull).every((p) => p.done) ? {} : pull };
      }),
    ),
  ];
  return store;
}

const VERBS: Record<GatewayAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

function outcomeOf(action: GatewayAction, status: GatewayStatus): ActionOutcome {
  if (action === 'stop') return status.phase === 'failed' ? { action, ok: false, message: `Stop failed: ${status.lastError?.message ?? 'the gateway is in a failed state'}` } : { action, ok: true, message: 'Gateway stopped.' };
  if (status.phase === 'ready') return { action, ok: true, message: `Gateway ready${status.port ? ` on 127.0.0.1:${status.port}` : ''}.` };
  const why = status.lastError ? `${status.lastError.code} ${status.lastError.message}` : `the gateway is ${status.phase}`;
  return { action, ok: false, message: `${VERBS[action]} failed: ${why}` };
}

function eventKey(e: GatewayEvent): string {
  return `${e.at}|${e.kind}|${e.phase}|${e.reason}`;
}

function mergeLogs(a: LogLine[], b: LogLine[]): LogLine[] {
  if (b.length === 0) return a;
  const last = a.at(-1)?.seq ?? 0;
  // Lines arrive both from the initial fetch and from events; seq numbers drop the duplicates.
  const merged = [...a, ...b.filter((l) => l.seq > last)];
  return merged.length > MAX_LOG_LINES ? merged.slice(-MAX_LOG_LINES) : merged;
}

export type GatewayStore = ReturnType<typeof createGatewayStore>;
