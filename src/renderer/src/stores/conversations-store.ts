import { createStore } from 'zustand/vanilla';
import type { ConversationSummary, SwitchyardBridge } from '../../../shared/api';
import { serializeError, type SerializedError } from '../../../shared/errors';

/**
 * The conversation list: loaded from history, refreshed on `history.changed`; pinned ones first. A query
 * is answered at once from titles, then by the API's search over message text.
 */
export interface ConversationsStoreState {
  list: ConversationSummary[];
  query: string;
  /** The API's answer for `query` (titles and message text); undefined until it arrives. */
  results?: ConversationSummary[];
  loaded: boolean;
  error?: SerializedError;
  refresh(): Promise<void>;
  setQuery(query: string): void;
  rename(id: string, title: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  dispose(): void;
}

/** Typing pauses this long before the search over message text is asked for. */
export const SEARCH_DEBOUNCE_MS = 150;

/** What the list shows: search results (or, until they arrive, title matches), pinned first. */
export function shownConversations(state: Pick<ConversationsStoreState, 'list' | 'query' | 'results'>): ConversationSummary[] {
  const q = state.query.trim().toLowerCase();
  const base = !q ? state.list : (state.results ?? state.list.filter((c) => c.title.toLowerCase().includes(q) || c.preview.toLowerCase().includes(q)));
  return [...base.filter((c) => c.pinned), ...base.filter((c) => !c.pinned)];
}

export function createConversationsStore(bridge: SwitchyardBridge) {
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const search = async (query: string): Promise<void> => {
    try {
      const results = await bridge.history.search({ query });
      if (store.getState().query === query) store.setState({ results });
    } catch (error) {
      store.setState({ error: serializeError(error) });
    }
  };
  const store = createStore<ConversationsStoreState>()((set, get) => ({
    list: [],
    query: '',
    loaded: false,
    async refresh() {
      try {
        const list = await bridge.history.list();
        set({ list, loaded: true, error: undefined });
        if (get().query.trim()) await search(get().query);
      } catch (error) {
        set({ loaded: true, error: serializeError(error) });
      }
    },
    setQuery(query) {
      set({ query, results: undefined });
      if (searchTimer) clearTimeout(searchTimer);
      if (query.trim()) searchTimer = setTimeout(() => void search(query), SEARCH_DEBOUNCE_MS);
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
    async setPinned(id, pinned) {
      const patch = (list: ConversationSummary[] | undefined) => list?.map((c) => (c.id === id ? { ...c, pinned } : c));
      set({ list: patch(get().list)!, results: patch(get().results) });
      try {
        await bridge.history.pin({ id, pinned });
      } catch (error) {
        set({ error: serializeError(error) });
        await get().refresh();
      }
    },
    async remove(id) {
      try {
        await bridge.history.delete({ id });
        set({ list: get().list.filter((c) => c.id !== id), results: get().results?.filter((c) => c.id !== id) });
      } catch (error) {
        set({ error: serializeError(error) });
      }
    },
    dispose() {
      off();
      if (refreshTimer) clearTimeout(refreshTimer);
      if (searchTimer) clearTimeout(searchTimer);
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
