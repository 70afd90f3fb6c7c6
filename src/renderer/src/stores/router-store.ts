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
  /** The mode a switch is in flight to, so the button can show it is busy. */
  switchingTo?: RoutingMode;
  switchError?: SerializedError;
  load(): Promise<void>;
  setMode(mode: RoutingMode): Promise<void>;
  /** Resolves to the error (code + message) when the API refused the settings, undefined on success. */
  saveModeSettings(mode: RoutingMode, settings: unknown): Promise<SerializedError | undefined>;
  refreshSettings(): Promise<void>;
  dispose(): void;
}

export function createRouterStore(bridge: SwitchyardBridge) {
  const store = createStore<RouterStoreState>()((set, get) => ({
    models: [],
    async load() {
      try {
        const [state, models, settings] = await Promise.all([bridge.router.state(), bridge.router.listModels(), bridge.settings.get()]);
        set({ state, models, settings, loadError: undefined });
      } catch (error) {
        set({ loadError: serializeError(error) });
      }
    },
    async setMode(mode) {
      set({ switchingTo: mode, switchError: undefined });
      try {
        const state = await bridge.router.setMode({ mode });
        set({ state, switchingTo: undefined });
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
      try {
        const [settings, models] = await Promise.all([bridge.settings.get(), bridge.router.listModels()]);
        set({ settings, models });
      } catch (error) {
        set({ loadError: serializeError(error) });
      }
    },
    dispose() {
      off();
    },
  }));
  const off = bridge.on('router.state', (state) => store.setState({ state }));
  return store;
}

export type RouterStore = ReturnType<typeof createRouterStore>;
