/**
 * Last line of defence for keys: every value leaving the API (results, stream parts, events, history
 * writes) is walked and any known key value is replaced. Upstream error bodies sometimes echo the key
 * ("Incorrect API key provided: sk-..."), and this is what keeps it out of the renderer and the disk.
 */

export const REDACTED = '[redacted]';
/** Shorter values are not treated as keys: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;

export type Redact = <T>(value: T) => T;

export function createRedactor(secrets: () => readonly string[]): Redact {
  return <T>(value: T): T => {
    const list = secrets().filter((s) => s.length >= MIN_SECRET_LENGTH);
    if (list.length === 0) return value;
    // Longest first, so a key that contains another key is replaced whole.
    list.sort((a, b) => b.length - a.length);
    return walk(value, list) as T;
  };
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrub(k, secrets)] = walk(v, secrets);
    return out;
  }
  return value;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
