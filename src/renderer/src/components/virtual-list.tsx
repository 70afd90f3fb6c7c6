import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type UIEvent } from 'react';

/**
 * A windowing list for variable-height rows: only the rows near the viewport are in the DOM. Heights are
 * measured as rows render (ResizeObserver) and estimated until then. With `stickToBottom`, a list that is
 * scrolled to the end stays there while the last row grows (a streaming reply).
 */

export interface VirtualListProps<T> {
  items: T[];
  getKey(item: T, index: number): string;
  renderItem(item: T, index: number): ReactNode;
  estimateHeight?: number;
  /** Extra pixels rendered above and below the viewport. */
  overscanPx?: number;
  stickToBottom?: boolean;
  className?: string;
  label: string;
  testId?: string;
  busy?: boolean;
  /** When this value changes, jump to the end and follow again (the user just sent a message). */
  followSignal?: unknown;
}

/** Used before layout exists (first render, or a DOM without layout such as tests). */
const FALLBACK_VIEWPORT = 800;
const BOTTOM_SLACK = 48;

export function VirtualList<T>({ items, getKey, renderItem, estimateHeight = 120, overscanPx = 600, stickToBottom = false, className = '', label, testId, busy, followSignal }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [measureVersion, setMeasureVersion] = useState(0);
  const atBottom = useRef(true);
  const stickRef = useRef(stickToBottom);
  stickRef.current = stickToBottom;
  const pendingBump = useRef<number | undefined>(undefined);

  const keys = useMemo(() => items.map(getKey), [items, getKey]);
  const offsets = useMemo(() => {
    const out = new Array<number>(keys.length + 1);
    out[0] = 0;
    for (let i = 0; i < keys.length; i++) out[i + 1] = out[i]! + (heights.current.get(keys[i]!) ?? estimateHeight);
    return out;
    // measureVersion: recompute when a row's measured height changes.
  }, [keys, estimateHeight, measureVersion]);
  const total = offsets[keys.length]!;

  const first = Math.max(0, upperBound(offsets, scrollTop - overscanPx) - 1);
  const last = Math.min(keys.length, upperBound(offsets, scrollTop + viewport + overscanPx));

  const observer = useMemo(() => {
    if (typeof ResizeObserver === 'undefined') return undefined;
    return new ResizeObserver((entries) => {
      let changed = false;
      let shiftAbove = 0;
      const el = scrollRef.current;
      for (const entry of entries) {
        const node = entry.target as HTMLElement;
        const key = node.dataset.vkey;
        if (!key) continue;
        const h = node.getBoundingClientRect().height;
        const old = heights.current.get(key);
        if (h > 0 && old !== h) {
          heights.current.set(key, h);
          changed = true;
          // Rows above the viewport growing would push the visible content down; compensate.
          if (el && Number(node.dataset.vtop) + (old ?? estimateHeight) <= el.scrollTop) shiftAbove += h - (old ?? estimateHeight);
        }
      }
      if (el && shiftAbove !== 0 && !atBottom.current) el.scrollTop += shiftAbove;
      // Follow a growing last row (a streaming reply) here, where layout is already fresh, rather than in a
      // render effect where reading scrollHeight would force a synchronous reflow on every update.
      if (el && changed && stickRef.current && atBottom.current) el.scrollTop = el.scrollHeight;
      if (changed && pendingBump.current === undefined) {
        pendingBump.current = requestAnimationFrame(() => {
          pendingBump.current = undefined;
          setMeasureVersion((v) => v + 1);
        });
      }
    });
  }, [estimateHeight]);

  useEffect(() => () => observer?.disconnect(), [observer]);

  const measureRef = useCallback(
    (node: HTMLDivElement | null) => {
      if (node && observer) observer.observe(node);
    },
    [observer],
  );

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const update = (): void => setViewport(el.clientHeight || FALLBACK_VIEWPORT);
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the end in view when rows are added or on first open (growth of a row is followed in the observer).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !stickToBottom || !atBottom.current) return;
    if (el.scrollHeight > el.clientHeight) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [items.length, stickToBottom]);

  useLayoutEffect(() => {
    if (followSignal === undefined) return;
    atBottom.current = true;
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [followSignal]);

  const onScroll = (e: UIEvent<HTMLDivElement>): void => {
    const el = e.currentTarget;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
    setScrollTop(el.scrollTop);
  };

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      <div key={keys[i]} ref={measureRef} data-vkey={keys[i]} data-vtop={offsets[i]} className="vrow" role="listitem" style={{ transform: `translateY(${offsets[i]}px)` }}>
        {renderItem(item, i)}
      </div>,
    );
  }

  return (
    <div ref={scrollRef} className={`vlist ${className}`} onScroll={onScroll} tabIndex={0} role="list" aria-label={label} aria-busy={busy || undefined} data-testid={testId} data-total={items.length}>
      <div className="vlist-inner" style={{ height: total }}>
        {rows}
      </div>
    </div>
  );
}

/** First index whose value is greater than `value` (offsets are sorted). */
function upperBound(offsets: number[], value: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
