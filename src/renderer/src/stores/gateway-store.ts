import { createStore } from 'zustand/vanilla';
import type { SwitchyardBridge } from '../../../shared/api';
import { serializeError, type SerializedError } from '../../../shared/errors';
import type { GatewayEvent, GatewayStatus, LogLine, PullProgress, StatsSample } from '../../../shared/gateway';

/** Keeps memory bounded on a gateway that runs for days. */
export const MAX_LOG_LINES = 5000;
export const MAX_STATS = 120;
export const MAX_EVENTS = 500;

export type GatewayAction = 'start' | 'stop' | 'restart';

export interface GatewayStoreState {
  status?: GatewayStatus;
  events: GatewayEvent[];
  logs: LogLine[];
  stats: StatsSample[];
  /** Latest progress per layer while an image is being pulled. */
  pull: Record<string, PullProgress>;
  configYaml?: string;
  configError?: SerializedError;
  busy?: GatewayAction;
  actionError?: SerializedError;
  loadError?: SerializedError;
  load(): Promise<void>;
  loadConfig(): Promise<void>;
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
        const { yaml } = await bridge.gateway.config();
        set({ configYaml: yaml, configError: undefined });
      } catch (error) {
        set({ configError: serializeError(error) });
      }
    },
    async run(action) {
      set({ busy: action, actionError: undefined });
      try {
        const status = await bridge.gateway[action]();
        set({ status, busy: undefined });
      } catch (error) {
        set({ busy: undefined, actionError: serializeError(error) });
      }
    },
    clearLogs() {
      set({ logs: [] });
    },
    dispose() {
      for (const off of offs) off();
    },
  }));

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
