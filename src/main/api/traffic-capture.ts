/**
 * What the Traffic view keeps of a body: a copy in which long strings (inline images, pasted documents) and
 * long lists are shortened, so a log of hundreds of requests stays a few megabytes. Key values are the
 * redactor's business, applied to the copy by the caller.
 */

const MAX_STRING = 4096;
const MAX_ITEMS = 200;
const MAX_DEPTH = 32;

export function captureBody(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? shorten(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => captureBody(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more items]`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = captureBody(item, depth + 1);
  }
  return out;
}

/** A data URL keeps its media type; other text its start. Both say how long they were. */
function shorten(text: string): string {
  if (text.startsWith('data:')) return `${text.slice(0, text.indexOf(',') + 1)}…[${text.length} characters]`;
  return `${text.slice(0, MAX_STRING)}…[${text.length} characters]`;
}
