import { useEffect, useState } from 'react';

/** Copies text to the clipboard and says so for two seconds (announced to screen readers too). */
export function CopyButton({ text, label = 'Copy', className = '', testId }: { text: string | (() => string); label?: string; className?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(typeof text === 'function' ? text() : text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" className={`btn btn-ghost btn-small ${className}`} onClick={() => void copy()} aria-label={label} data-testid={testId}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}</span>
    </button>
  );
}
