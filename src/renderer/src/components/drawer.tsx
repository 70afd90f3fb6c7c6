import { useEffect, useRef, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal panel that slides over the page (navigation, conversations, parameters on a small window):
 * focus moves into it and stays there, Escape or a click outside closes it, and focus returns to what
 * opened it.
 */
export function Drawer({ open, onClose, side, label, children, testId }: { open: boolean; onClose(): void; side: 'left' | 'right'; label: string; children: ReactNode; testId?: string }) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement as HTMLElement | null;
    const first = panel.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel.current)?.focus();
    return () => opener?.focus?.();
  }, [open]);
  if (!open) return null;
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !panel.current) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const [head, tail] = [items[0]!, items.at(-1)!];
    if (e.shiftKey && document.activeElement === head) {
      e.preventDefault();
      tail.focus();
    } else if (!e.shiftKey && document.activeElement === tail) {
      e.preventDefault();
      head.focus();
    }
  };
  return (
    <div className="drawer-layer" data-testid={testId}>
      <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />
      <div ref={panel} className={`drawer drawer-${side}`} role="dialog" aria-modal="true" aria-label={label} tabIndex={-1} onKeyDown={onKeyDown}>
        <button type="button" className="icon-btn drawer-close" onClick={onClose} aria-label={`Close ${label.toLowerCase()}`}>
          ×
        </button>
        {children}
      </div>
    </div>
  );
}
