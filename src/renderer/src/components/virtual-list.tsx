import { useCallback, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { measureElement, observeElementRect, useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';

/**
 * A windowing list for variable-height rows, on TanStack Virtual: only the rows near the viewport are in
 * the DOM; heights are measured as rows render and estimated until then, and a row above the viewport
 * that changes height does not move what the user is reading. With `stickToBottom` the list opens at its
 * end and, while scrolled to the end, stays there as rows are added or the last one grows (a streaming
 * reply).
 */

export interface VirtualListProps<T> {
  items: T[];
  getKey(item: T, index: number): string;
  renderItem(item: T, index: number): ReactNode;
  /**
   * A row's height before it is measured: a number for all rows, or per item. The closer it is, the less
   * the list jumps and re-lays out as rows above the viewport are measured while scrolling up.
   */
  estimateHeight?: number | ((item: T) => number);
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
const FALLBACK_RECT = { width: 800, height: 800 };
/** How near the end still counts as "at the end" for following a growing reply. */
const BOTTOM_SLACK = 48;
/** Row height assumed for the overscan count when heights are estimated per item. */
const DEFAULT_ROW = 120;

/** A scroller with no size yet (or in a DOM without layout) is treated as FALLBACK_RECT, not as empty. */
function observeRectOrFallback(instance: Virtualizer<HTMLDivElement, Element>, onRect: (rect: { width: number; height: number }) => void): void | (() => void) {
  return observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : FALLBACK_RECT));
}

/**
 * When a row above the viewport is measured, TanStack moves the scroll position by the difference so that
 * what the user reads stays put (its own rule, below). But it writes that position from the offset of the
 * last scroll event: a row measured after the user scrolled and before the scroll event arrived put them
 * back where they were, so scrolling up a long list stalled on every newly measured row. The correction is
 * made here from where the list really is, and TanStack's own write is skipped.
 */
export function keepRowsAboveInPlace(item: VirtualItem, delta: number, instance: Virtualizer<HTMLDivElement, Element>): boolean {
  const offset = instance.scrollOffset ?? 0;
  const firstMeasure = !instance.itemSizeCache.has(item.key);
  // TanStack's rule: a first measurement counts if the row starts above the fold; a re-measurement only
  // if the row is wholly above it and the user is not scrolling up.
  const adjust = firstMeasure ? item.start < offset : item.end <= offset && instance.scrollDirection !== 'backward';
  const element = instance.scrollElement;
  if (!adjust || !element || Math.abs(element.scrollTop - offset) < 1) return adjust;
  element.scrollTop += delta;
  return false;
}

export function VirtualList<T>({ items, getKey, renderItem, estimateHeight = 120, overscanPx = 600, stickToBottom = false, className = '', label, testId, busy, followSignal }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const estimate = useCallback((index: number) => (typeof estimateHeight === 'number' ? estimateHeight : estimateHeight(itemsRef.current[index]!)), [estimateHeight]);
  // The virtualizer recomputes every row's position when getItemKey changes identity: keep it stable
  // while the keys are the same (scrolling, or a streaming reply growing), not new on every render.
  const keys = items.map(getKey);
  const keysSignature = keys.join('\n');
  const getItemKey = useMemo(() => (index: number) => keys[index]!, [keysSignature]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: estimate,
    getItemKey,
    overscan: Math.ceil(overscanPx / (typeof estimateHeight === 'number' ? estimateHeight : DEFAULT_ROW)),
    initialRect: FALLBACK_RECT,
    observeElementRect: observeRectOrFallback,
    // A row measured at 0 (no layout) keeps its estimate, or every row would fit and all would render.
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || estimate(instance.indexFromElement(element)),
    anchorTo: stickToBottom ? 'end' : 'start',
    followOnAppend: stickToBottom,
    scrollEndThreshold: BOTTOM_SLACK,
  });

  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = keepRowsAboveInPlace;

  // Open at the end; and jump back there when the user sends (even if they had scrolled up).
  useLayoutEffect(() => {
    if (stickToBottom || followSignal !== undefined) virtualizer.scrollToEnd();
    // Only on mount and on a new signal, not when the virtualizer or stickToBottom changes.
  }, [followSignal]);

  return (
    <div ref={scrollRef} className={`vlist ${className}`} tabIndex={0} role="list" aria-label={label} aria-busy={busy || undefined} data-testid={testId} data-total={items.length}>
      <div className="vlist-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} ref={virtualizer.measureElement} data-index={row.index} className="vrow" role="listitem" style={{ transform: `translateY(${row.start}px)` }}>
            {renderItem(items[row.index]!, row.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
