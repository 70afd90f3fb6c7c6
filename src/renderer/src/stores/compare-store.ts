import { createStore } from 'zustand/vanilla';
import type { ChatInput, StreamHandle, SwitchyardBridge } from '../../../shared/api';
import type { ChatResponse, RoutingMode } from '../../../shared/chat';
import { serializeError, type SerializedError } from '../../../shared/errors';
import { FLUSH_INTERVAL_MS } from './chat-store';

/** One prompt to two or three routes at once, streamed side by side; nothing is saved to history. */

export interface CompareRoute {
  /** Empty: the router's current mode. */
  mode: RoutingMode | '';
  provider: string;
  model: string;
}

export interface CompareResult {
  status: 'idle' | 'pending' | 'streaming' | 'complete' | 'error' | 'cancelled';
  text: string;
  served?: { mode: RoutingMode; provider: string; model: string };
  response?: Omit<ChatResponse, 'content'>;
  error?: SerializedError;
}

export interface CompareStoreState {
  prompt: string;
  system: string;
  routes: CompareRoute[];
  results: CompareResult[];
  running: boolean;
  setPrompt(prompt: string): void;
  setSystem(system: string): void;
  setRoute(index: number, patch: Partial<CompareRoute>): void;
  addRoute(): void;
  removeRoute(index: number): void;
  run(): void;
  stop(): void;
}

export const MAX_COMPARE_ROUTES = 3;
const IDLE: CompareResult = { status: 'idle', text: '' };

export function createCompareStore(bridge: SwitchyardBridge) {
  let handles: StreamHandle[] = [];
  return createStore<CompareStoreState>()((set, get) => {
    const patch = (i: number, p: Partial<CompareResult> | ((r: CompareResult) => Partial<CompareResult>)): void => {
      set({ results: get().results.map((r, j) => (j === i ? { ...r, ...(typeof p === 'function' ? p(r) : p) } : r)) });
    };
    return {
      prompt: '',
      system: '',
      routes: [
        { mode: 'direct', provider: '', model: '' },
        { mode: 'plano_embedded', provider: '', model: '' },
      ],
      results: [IDLE, IDLE],
      running: false,
      setPrompt(prompt) {
        set({ prompt });
      },
      setSystem(system) {
        set({ system });
      },
      setRoute(index, p) {
        set({ routes: get().routes.map((r, i) => (i === index ? { ...r, ...p } : r)) });
      },
      addRoute() {
        if (get().routes.length >= MAX_COMPARE_ROUTES || get().running) return;
        set({ routes: [...get().routes, { mode: '', provider: '', model: '' }], results: [...get().results, IDLE] });
      },
      removeRoute(index) {
        if (get().routes.length <= 2 || get().running) return;
        set({ routes: get().routes.filter((_, i) => i !== index), results: get().results.filter((_, i) => i !== index) });
      },
      run() {
        const { prompt, system, routes, running } = get();
        if (!prompt.trim() || running) return;
        set({ running: true, results: routes.map(() => ({ status: 'pending', text: '' })) });
        handles = routes.map((route, i) => {
          const input: ChatInput = {
            ephemeral: true,
            request: {
              stream: true,
              messages: [...(system.trim() ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }],
              ...(route.provider ? { provider: route.provider } : {}),
              ...(route.model.trim() ? { model: route.model.trim() } : {}),
            },
            ...(route.mode ? { mode: route.mode } : {}),
          };
          let buffer = '';
          let timer: ReturnType<typeof setTimeout> | undefined;
          const flush = (): void => {
            timer = undefined;
            const text = buffer;
            buffer = '';
            if (text) patch(i, (r) => ({ text: r.text + text, status: 'streaming' }));
          };
          try {
            return bridge.streamChat(input, (part) => {
              if (part.type === 'start') patch(i, { status: 'streaming', served: { mode: part.mode, provider: part.provider, model: part.model } });
              else if (part.type === 'text-delta') {
                buffer += part.text;
                timer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
              } else if (part.type === 'finish' || part.type === 'error') {
                if (timer) clearTimeout(timer);
                flush();
                if (part.type === 'finish') {
                  const { content, ...response } = part.response;
                  patch(i, { status: 'complete', text: content, response });
                } else patch(i, { status: part.error.code === 'CANCELLED' ? 'cancelled' : 'error', error: part.error });
              }
            });
          } catch (error) {
            patch(i, { status: 'error', error: serializeError(error) });
            return { done: Promise.resolve(), cancel: () => undefined };
          }
        });
        void Promise.allSettled(handles.map((h) => h.done)).then(() => set({ running: false }));
      },
      stop() {
        for (const h of handles) h.cancel();
      },
    };
  });
}

export type CompareStore = ReturnType<typeof createCompareStore>;
