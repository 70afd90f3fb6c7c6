import { useEffect, useSyncExternalStore } from 'react';

export interface LazyModule<T> {
  /**
   * The module once loaded, else undefined; asking (with `wanted`) starts the load and re-renders the
   * component when it arrives. A failed load leaves undefined and is tried again by the next component.
   */
  use(wanted?: boolean): T | undefined;
}

/**
 * A module the first screen does not need (the syntax highlighter's grammars, KaTeX): loaded in its own
 * chunk the first time a component asks, so opening the app does not parse it and a reply without math
 * never loads KaTeX. With `whenIdle`, it is loaded as soon as the page is idle too, so that parsing it
 * does not land in the middle of opening a conversation or streaming a reply.
 */
export function lazyModule<T>(load: () => Promise<T>, { whenIdle = false } = {}): LazyModule<T> {
  let value: T | undefined;
  let loading: Promise<void> | undefined;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const snapshot = (): T | undefined => value;
  const start = (): void => {
    loading ??= load().then(
      (loaded) => {
        value = loaded;
        for (const listener of listeners) listener();
      },
      () => {
        loading = undefined;
      },
    );
  };
  if (whenIdle) onIdle(start);
  return {
    use(wanted = true) {
      const current = useSyncExternalStore(subscribe, snapshot);
      useEffect(() => {
        if (wanted && current === undefined) start();
      }, [wanted, current]);
      return wanted ? current : undefined;
    },
  };
}

/** Runs `task` when the page is next idle (at the latest after five seconds). */
export function onIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 5_000 });
  else setTimeout(task, 0);
}
