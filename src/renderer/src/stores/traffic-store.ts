import { createStore } from 'zustand/vanilla';
import type { SwitchyardBridge } from '../../../shared/api';
import { serializeError, type SerializedError } from '../../../shared/errors';
import type { TrafficDetail, TrafficEntry, TrafficSource, TrafficStatus } from '../../../shared/traffic';

/** What the list shows: the newest first. */
export interface TrafficFilters {
  source: TrafficSource | 'all';
  status: TrafficStatus | 'all';
  /** Matches provider, model, user agent and path. */
  text: string;
}

export interface TrafficStoreState {
  /** Oldest first, as the log keeps them; at most `capacity`. */
  entries: TrafficEntry[];
  capacity: number;
  persist: boolean;
  filters: TrafficFilters;
  selectedId?: string;
  detail?: TrafficDetail;
  error?: SerializedError;
  load(): Promise<void>;
  select(id: string | undefined): Promise<void>;
  setFilters(change: Partial<TrafficFilters>): void;
  clear(): Promise<void>;
  setPersist(persist: boolean): Promise<void>;
  exportLines(): Promise<{ filename: string; mimeType: string; content: string } | undefined>;
  dispose(): void;
}

export function visibleEntries(entries: TrafficEntry[], filters: TrafficFilters): TrafficEntry[] {
  const text = filters.text.trim().toLowerCase();
  const out: TrafficEntry[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (filters.source !== 'all' && e.source !== filters.source) continue;
    if (filters.status !== 'all' && e.status !== filters.status) continue;
    if (text !== '' && ![e.provider, e.model, e.client?.userAgent, e.client?.path].some((v) => v?.toLowerCase().includes(text))) continue;
    out.push(e);
  }
  return out;
}

/** The Traffic view's data: the log as the API keeps it, kept current by `traffic.entry` events. */
export function createTrafficStore(bridge: SwitchyardBridge) {
  const store = createStore<TrafficStoreState>()((set, get) => ({
    entries: [],
    capacity: 500,
    persist: false,
    filters: { source: 'all', status: 'all', text: '' },
    async load() {
      try {
        const view = await bridge.traffic.list();
        // Events that arrived while loading are newer than the list; keep them.
        const known = new Map(view.entries.map((e) => [e.id, e]));
        for (const e of get().entries) if (!known.has(e.id)) known.set(e.id, e);
        set({ entries: [...known.values()].sort((a, b) => a.seq - b.seq), capacity: view.capacity, persist: view.persist, error: undefined });
      } catch (e) {
        set({ error: serializeError(e) });
      }
    },
    async select(id) {
      set({ selectedId: id, detail: undefined });
      if (id === undefined) return;
      try {
        const detail = await bridge.traffic.get({ id });
        if (get().selectedId === id) set({ detail });
      } catch (e) {
        set({ error: serializeError(e) });
      }
    },
    setFilters(change) {
      set({ filters: { ...get().filters, ...change } });
    },
    async clear() {
      try {
        await bridge.traffic.clear();
        set({ entries: [], selectedId: undefined, detail: undefined });
      } catch (e) {
        set({ error: serializeError(e) });
      }
    },
    async setPersist(persist) {
      try {
        set({ persist: (await bridge.traffic.setPersist({ persist })).persist });
      } catch (e) {
        set({ error: serializeError(e) });
      }
    },
    async exportLines() {
      try {
        return await bridge.traffic.export();
      } catch (e) {
        set({ error: serializeError(e) });
        return undefined;
      }
    },
    dispose() {
      for (const off of unsubscribe) off();
    },
  }));

  const unsubscribe = [
    bridge.on('traffic.entry', (entry) => {
      const { entries, capacity, selectedId } = store.getState();
      const at = entries.findIndex((e) => e.id === entry.id);
      const next = at === -1 ? [...entries, entry].slice(-capacity) : entries.map((e, i) => (i === at ? entry : e));
      store.setState({ entries: next });
      // The open detail follows its request to the end.
      if (selectedId === entry.id && entry.status !== 'running') void store.getState().select(entry.id);
    }),
    bridge.on('traffic.cleared', () => store.setState({ entries: [], selectedId: undefined, detail: undefined })),
  ];
  return store;
}
