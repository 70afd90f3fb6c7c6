import { render } from '@testing-library/react';
import { App, type PageId } from '../app/app';
import { createAppStores, disposeAppStores, type AppStores } from '../stores/app-stores';
import { FakeBridge, type FakeBridgeOptions } from '../demo/fake-bridge';
import { MemoryStorage } from './memory-storage';

/** The window size layouts are chosen by; tests run at the desktop size unless they ask for a small window. */
export function setViewport(width: number, height = 800): void {
  (window as unknown as { happyDOM?: { setViewport(v: { width: number; height: number }): void } }).happyDOM?.setViewport({ width, height });
}

/** Renders the whole app on a fresh fake bridge and fresh stores (no shared state between tests). */
export function renderApp(options: FakeBridgeOptions & { page?: PageId; bridge?: FakeBridge; width?: number } = {}) {
  setViewport(options.width ?? 1280);
  const bridge = options.bridge ?? new FakeBridge(options);
  const stores: AppStores = createAppStores(bridge, new MemoryStorage());
  const result = render(<App stores={stores} initialPage={options.page ?? 'playground'} />);
  return {
    ...result,
    bridge,
    stores,
    cleanup() {
      result.unmount();
      disposeAppStores(stores);
    },
  };
}
