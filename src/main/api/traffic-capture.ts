import { shareMapped, type ShareLimits } from '../logging/redact';

/**
 * What the Traffic view keeps of a body: long strings (inline images, pasted documents) and long lists
 * shortened, so a log of hundreds of requests stays a few megabytes, and every string run through `scrub`
 * (the key redaction) before it is cut, so no half of a key survives. Parts that need neither are shared
 * with the body rather than copied: a request's body and its reply are built for the one request and
 * not changed after it, and copying them was most of what logging a request cost.
 */

const MAX_STRING = 4096;
const MAX_ITEMS = 200;
const MAX_DEPTH = 32;

const LIMITS: ShareLimits = {
  depth: MAX_DEPTH,
  tooDeep: '[too deep]',
  string: (text) => (text.length > MAX_STRING ? shorten(text) : undefined),
  list: (items) => (items.length > MAX_ITEMS ? [...items.slice(0, MAX_ITEMS), `[${items.length - MAX_ITEMS} more items]`] : undefined),
};

export function captureBody(value: unknown, scrub: (text: string) => string = (text) => text): unknown {
  return shareMapped(value, scrub, LIMITS);
}

/** A data URL keeps its media type; other text its start. Both say how long they were. */
function shorten(text: string): string {
  if (text.startsWith('data:')) return `${text.slice(0, text.indexOf(',') + 1)}…[${text.length} characters]`;
  return `${text.slice(0, MAX_STRING)}…[${text.length} characters]`;
}
