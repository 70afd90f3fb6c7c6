import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { measureElement, observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';

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
const FALLBACK_RECT = { width: 800, height: 800 };
/** How near the end still counts as "at the end" for following a growing reply. */
const BOTTOM_SLACK = 48;

/** A scroller with no size yet (or in a DOM without layout) is treated as FALLBACK_RECT, not as empty. */
function observeRectOrFallback(instance: Virtualizer<HTMLDivElement, Element>, onRect: (rect: { width: number; height: number }) => void): void | (() => void) {
  return observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : FALLBACK_RECT));
}

export function VirtualList<T>({ items, getKey, renderItem, estimateHeight = 120, overscanPx = 600, stickToBottom = false, className = '', label, testId, busy, followSignal }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateHeight,
    getItemKey: (index) => getKey(items[index]!, index),
    overscan: Math.ceil(overscanPx / estimateHeight),
    initialRect: FALLBACK_RECT,
    observeElementRect: observeRectOrFallback,
    // A row measured at 0 (no layout) keeps its estimate, or every row would fit and all would render.
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || estimateHeight,
    anchorTo: stickToBottom ? 'end' : 'start',
    followOnAppend: stickToBottom,
    scrollEndThreshold: BOTTOM_SLACK,
  });

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
