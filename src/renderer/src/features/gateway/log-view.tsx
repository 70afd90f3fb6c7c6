import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../../../../shared/gateway';
import { CopyButton } from '../../components/copy-button';
import { formatTime } from '../../lib/format';

/** The most lines drawn at once; older matching lines are a scroll of the filter away (copy takes all). */
const MAX_VISIBLE = 1000;

/**
 * Live container logs, following the newest line as `tail -f` does: scrolling up stops following (the
 * view stays where the reader is), scrolling back to the end or "Follow" resumes. Pause freezes the view,
 * filter and copy work on what is shown.
 */
export const LogView = memo(function LogView({ logs, onClear }: { logs: LogLine[]; onClear(): void }) {
  const [paused, setPaused] = useState(false);
  const [frozen, setFrozen] = useState<LogLine[]>([]);
  const [filter, setFilter] = useState('');
  const [follow, setFollow] = useState(true);
  const ref = useRef<HTMLPreElement>(null);
  const source = paused ? frozen : logs;
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const matching = q ? source.filter((l) => l.text.toLowerCase().includes(q)) : source;
    return matching.slice(-MAX_VISIBLE);
  }, [source, filter]);

  useLayoutEffect(() => {
    if (follow && !paused && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [shown, follow, paused]);

  const newSincePause = paused ? logs.length - frozen.length : 0;
  const onScroll = (): void => {
    const el = ref.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
    if (atEnd !== follow) setFollow(atEnd);
  };
  return (
    <div className="logs">
      <div className="logs-bar">
        <label className="sr-only" htmlFor="log-filter">
          Filter logs
        </label>
        <input id="log-filter" type="search" className="input grow" placeholder="Filter logs…" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="log-filter" />
        <button
          type="button"
          className="btn btn-small"
          aria-pressed={paused}
          onClick={() => {
            if (!paused) setFrozen(logs);
            setPaused(!paused);
          }}
          data-testid="log-pause"
        >
          {paused ? `Resume${newSincePause > 0 ? ` (${newSincePause} new)` : ''}` : 'Pause'}
        </button>
        <label className="check small">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} data-testid="log-follow" /> Follow
        </label>
        <CopyButton text={() => shown.map((l) => `${new Date(l.at).toISOString()} ${l.stream} ${l.text}`).join('\n')} label="Copy logs" testId="log-copy" />
        <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>
          Clear
        </button>
      </div>
      <pre ref={ref} className="log-view" tabIndex={0} aria-label="Gateway logs" aria-live="off" onScroll={onScroll} data-testid="log-view">
        {shown.length === 0 ? (
          <span className="muted">{filter ? 'No line matches the filter.' : 'No log lines yet.'}</span>
        ) : (
          shown.map((l) => (
            <div key={l.seq} className={`log-line log-${l.stream}`}>
              <span className="log-time">{formatTime(l.at)}</span> {l.text}
            </div>
          ))
        )}
      </pre>
    </div>
  );
});
