// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualItem, Virtualizer } from '@tanstack/react-virtual';
import { keepRowsAboveInPlace, VirtualList } from './virtual-list';

const items = Array.from({ length: 2000 }, (_, i) => ({ id: `m${i}`, text: `Message number ${i}` }));

function List({ stick = false }: { stick?: boolean }) {
  return <VirtualList items={items} getKey={(m) => m.id} renderItem={(m) => <p>{m.text}</p>} estimateHeight={100} overscanPx={200} label="Messages" testId="list" stickToBottom={stick} />;
}

afterEach(cleanup);

describe('VirtualList', () => {
  it('renders only a window of 2,000 rows, sized for all of them', () => {
    render(<List />);
    const list = screen.getByTestId('list');
    const rows = screen.getAllByRole('listitem');
    // 800px fallback viewport + 2 × 200px overscan at 100px a row.
    expect(rows.length).toBeLessThanOrEqual(13);
    expect(rows[0]!.textContent).toBe('Message number 0');
    expect((list.firstElementChild as HTMLElement).style.height).toBe('200000px');
  });

  it('renders the rows at the scroll position', () => {
    render(<List />);
    const list = screen.getByTestId('list');
    list.scrollTop = 150_000;
    fireEvent.scroll(list);
    const texts = screen.getAllByRole('listitem').map((r) => r.textContent);
    expect(texts).toContain('Message number 1500');
    expect(texts).not.toContain('Message number 0');
    expect(texts.length).toBeLessThanOrEqual(14);
  });
});

describe('VirtualList following', () => {
  it('jumps back to the end when the follow signal changes', () => {
    const { rerender } = render(<VirtualList items={items} getKey={(m) => m.id} renderItem={(m) => <p>{m.text}</p>} estimateHeight={100} label="Messages" testId="list" stickToBottom followSignal="a" />);
    const list = screen.getByTestId('list');
    // happy-dom has no layout: give the scroller real-looking geometry.
    Object.defineProperty(list, 'scrollHeight', { configurable: true, get: () => 200_000 });
    Object.defineProperty(list, 'clientHeight', { configurable: true, get: () => 800 });
    let top = 0;
    Object.defineProperty(list, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => (top = Math.min(v, 200_000 - 800)) });
    fireEvent.scroll(list);
    expect(list.scrollTop).toBe(0);
    rerender(<VirtualList items={items} getKey={(m) => m.id} renderItem={(m) => <p>{m.text}</p>} estimateHeight={100} label="Messages" testId="list" stickToBottom followSignal="b" />);
    expect(list.scrollTop).toBe(200_000 - 800);
  });
});

describe('VirtualList row estimates', () => {
  it('sizes unmeasured rows by their own estimate', () => {
    render(<VirtualList items={items} getKey={(m) => m.id} renderItem={(m) => <p>{m.text}</p>} estimateHeight={(m) => (Number(m.id.slice(1)) % 2 === 0 ? 100 : 300)} label="Messages" testId="list" />);
    expect((screen.getByTestId('list').firstElementChild as HTMLElement).style.height).toBe(`${1000 * 100 + 1000 * 300}px`);
  });
});

describe('keepRowsAboveInPlace', () => {
  const row = (start: number, size: number): VirtualItem => ({ key: 'k', index: 0, start, size, end: start + size, lane: 0 });
  const virtualizer = (scrollOffset: number, scrollTop: number) => {
    const scrollElement = { scrollTop } as HTMLDivElement;
    return { scrollOffset, scrollElement, itemSizeCache: new Map(), scrollDirection: 'backward' } as unknown as Virtualizer<HTMLDivElement, Element>;
  };

  it('lets TanStack correct a row above the fold while the list is where it last saw it', () => {
    const instance = virtualizer(10_000, 10_000);
    expect(keepRowsAboveInPlace(row(9_000, 140), 139, instance)).toBe(true);
    expect(instance.scrollElement!.scrollTop).toBe(10_000);
  });

  it('corrects from the real position when the user scrolled since the last scroll event', () => {
    // The user scrolled up 200px; TanStack would write 10,000 + 139 and undo that step.
    const instance = virtualizer(10_000, 9_800);
    expect(keepRowsAboveInPlace(row(9_000, 140), 139, instance)).toBe(false);
    expect(instance.scrollElement!.scrollTop).toBe(9_939);
  });

  it('leaves rows below the fold alone', () => {
    const instance = virtualizer(10_000, 9_800);
    expect(keepRowsAboveInPlace(row(10_500, 140), 139, instance)).toBe(false);
    expect(instance.scrollElement!.scrollTop).toBe(9_800);
  });
});
