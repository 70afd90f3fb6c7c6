import { createStore } from 'zustand/vanilla';
import type { ConversationSummary, SwitchyardBridge } from '../../../shared/api';
import { serializeError, type SerializedError } from '../../../shared/errors';

/** The conversation list: loaded from history, refreshed on `history.changed`, searched locally. */
export interface ConversationsStoreState {
  list: ConversationSummary[];
  query: string;
  loaded: boolean;
  error?: SerializedError;
  refresh(): Promise<void>;
  setQuery(query: string): void;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
  dispose(): void;
}

export function filterConversations(list: ConversationSummary[], query: string): ConversationSummary[] {
  const q = query.trim().toLowerCase();
  if (!q) return list;
  return list.filter((c) => c.title.toLowerCase().includes(q) || c.preview.toLowerCase().includes(q));
}

export function createConversationsStore(bridge: SwitchyardBridge) {
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const store = createStore<ConversationsStoreState>()((set, get) => ({
    list: [],
    query: '',
    loaded: false,
    async refresh() {
      try {
        const list = await bridge.history.list();
        set({ list, loaded: true, error: undefined });
      } catch (error) {
        set({ loaded: true, error: serializeError(error) });
      }
    },
    setQuery(query) {
      set({ query });
    },
    async rename(id, title) {
      const trimmed = title.trim();
      if (!trimmed) return;
      // Optimistic so the edit box closes at once; a failure reloads the real title.
      set({ list: get().list.map((c) => (c.id === id ? { ...c, title: trimmed } : c)) });
      try {
        await bridge.history.rename({ id, title: trimmed });
      } catch (error) {
        set({ error: serializeError(error) });
        await get().refresh();
      }
    },
    async remove(id) {
      try {
        await bridge.history.delete({ id });
        set({ list: get().list.filter((c) => c.id !== id) });
      } catch (error) {
        set({ error: serializeError(error) });
      }
    },
    dispose() {
      off();
      if (refreshTimer) clearTimeout(refreshTimer);
    },
  }));
  // Streaming emits many changes; coalesce them into one reload.
  const off = bridge.on('history.changed', () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void store.getState().refresh(), 100);
  });
  return store;
}

export type ConversationsStore = ReturnType<typeof createConversationsStore>;
