import { useEffect, useState } from 'react';

/** Layout breakpoints: below NARROW the nav rail and conversation list fold into drawers; below WIDE the parameters open as a sheet. */
export const NARROW_QUERY = '(max-width: 899px)';
export const WIDE_QUERY = '(min-width: 1200px)';

/** Whether a media query matches, following changes (false where matchMedia does not exist). */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia(query);
    const onChange = (): void => setMatches(mq.matches);
    onChange();
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}
