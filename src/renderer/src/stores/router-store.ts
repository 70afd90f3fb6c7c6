import { createStore } from 'zustand/vanilla';
import type { ModelInfo, RouterState, SettingsView, SwitchyardBridge } from '../../../shared/api';
import type { RoutingMode } from '../../../shared/chat';
import { serializeError, type SerializedError } from '../../../shared/errors';

/** Router mode, fallback, per-hop latency and the config, kept live from `router.state` events. */
export interface RouterStoreState {
  state?: RouterState;
  models: ModelInfo[];
  settings?: SettingsView;
  loadError?: SerializedError;
  /** The model list failed (a gateway that is down, say); pickers fall back to the configured models. */
  modelsError?: SerializedError;
  /** The mode a switch is in flight to, so the button can show it is busy. */
  switchingTo?: RoutingMode;
  switchError?: SerializedError;
  load(): Promise<void>;
  setMode(mode: RoutingMode): Promise<void>;
  /** Resolves to the error (code + message) when the API refused the settings, undefined on success. */
  saveModeSettings(mode: RoutingMode, settings: unknown): Promise<SerializedError | undefined>;
  refreshSettings(): Promise<void>;
  refreshModels(): Promise<void>;
  dispose(): void;
}

export function createRouterStore(bridge: SwitchyardBridge) {
  const store = createStore<RouterStoreState>()((set, get) => ({
    models: [],
    async load() {
      // The model list can come from a gateway that is down; that must not make the whole app look broken.
      const models = get().refreshModels();
      try {
        const [state, settings] = await Promise.all([bridge.router.state(), bridge.settings.get()]);
        set({ state, settings, loadError: undefined });
      } catch (error) {
        set({ loadError: serializeError(error) });
      }
      await models;
      // The list failed before the router state (and so the configured models) had arrived.
      if (get().modelsError) set({ models: configuredModels(get().state) });
    },
    async refreshModels() {
      try {
        set({ models: await bridge.router.listModels(), modelsError: undefined });
      } catch (error) {
        set({ models: configuredModels(get().state), modelsError: serializeError(error) });
      }
    },
    async setMode(mode) {
      set({ switchingTo: mode, switchError: undefined });
      try {
        const state = await bridge.router.setMode({ mode });
        set({ state, switchingTo: undefined });
        void get().refreshModels();
      } catch (error) {
        set({ switchingTo: undefined, switchError: serializeError(error) });
      }
    },
    async saveModeSettings(mode, settings) {
      try {
        const state = await bridge.router.updateModeSettings({ mode, settings });
        set({ state });
        await get().refreshSettings();
        return undefined;
      } catch (error) {
        return serializeError(error);
      }
    },
    async refreshSettings() {
      const models = get().refreshModels();
      try {
        set({ settings: await bridge.settings.get() });
      } catch (error) {
        set({ loadError: serializeError(error) });
      }
      await models;
    },
    dispose() {
      off();
    },
  }));
  const off = bridge.on('router.state', (state) => {
    const previous = store.getState().state;
    store.setState({ state });
    // A new route (mode switch, fallback, recovery) may serve other models: ask again.
    if (previous?.mode !== state.mode || previous.servedBy !== state.servedBy || store.getState().modelsError) {
      void store.getState().refreshModels();
    }
  });
  return store;
}

function configuredModels(state: RouterState | undefined): ModelInfo[] {
  return (state?.providers ?? []).flatMap((p) => p.models.map((id) => ({ id, provider: p.name, source: 'config' as const })));
}

export type RouterStore = ReturnType<typeof createRouterStore>;
