import { useEffect, useState } from 'react';

/**
 * Seconds left of a provider's Retry-After, counted from when the error arrived; 0 once it has passed
 * (or when there is none). Ticks once a second while counting.
 */
export function useRetryCountdown(retryAfterMs: unknown, since: number | undefined): number {
  const until = typeof retryAfterMs === 'number' && since !== undefined ? since + retryAfterMs : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return Math.max(0, Math.ceil((until - now) / 1000));
}
