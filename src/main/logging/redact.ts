import { KnownSecrets } from './known-secrets';

/**
 * Secret redaction: the one implementation every output goes through — the router's errors (before their
 * provider text is cut to length), the API's results, events and stream parts, history writes and exports,
 * the log file, the CLI's output. Three nets, because one is never enough:
 * 1. the exact key values Switchyard knows about (from the config), wherever they appear in a string;
 * 2. values shaped like credentials (sk-..., sk-ant-..., Bearer ..., gsk_..., xai-..., AIza...);
 * 3. for log lines, field names that hold secrets (apiKey, api_key, authorization, token, password, ...).
 * Where text must be shortened, `clip` redacts first and cuts after: a key cut in half is no longer a
 * known value, and its first half would survive any later redaction.
 */

export const REDACTED = '[REDACTED]';

/** Normalized (lower case, no separators) names that end like a secret: apiKey, x-api-key, access_token... */
const SECRET_NAME_RE = /(key|authorization|auth|token|secret|password|passwd|cookie|credential|credentials|signature)$/;
/** Counts and ids that end in a secret-ish word but are not secrets. */
const SAFE_NAMES = new Set(['maxtokens', 'keys', 'tokens', 'idempotencykey', 'cachekey', 'sortkey', 'hotkey']);

export function isSecretFieldName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SAFE_NAMES.has(normalized)) return false;
  return SECRET_NAME_RE.test(normalized);
}

const SECRET_VALUE_PATTERNS: RegExp[] = [
  // OpenAI (sk-..., sk-proj-...), Anthropic (sk-ant-...), OpenRouter (sk-or-...), DeepSeek: all start sk-.
  /\bsk-[A-Za-z0-9_-]{6,}/g,
  // Authorization header values, in any case.
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi,
  /\bgsk_[A-Za-z0-9]{8,}/g, // Groq
  /\bxai-[A-Za-z0-9]{8,}/g, // xAI
  /\bAIza[A-Za-z0-9_-]{20,}/g, // Google
  /\bhf_[A-Za-z0-9]{10,}/g, // Hugging Face
];

const QUERY_SECRET = /([?&](?:api[_-]?key|key|token|access_token|secret)=)[^&\s"'#]+/gi;
const HEADER_SECRET = /\b((?:x-api-key|api-key|x-goog-api-key)\s*[:=]\s*)(?!\[REDACTED\])[^\s,;"']+/gi;

export interface RedactorOptions {
  /** Also hide values shaped like credentials that no config names (default true). Off where model text passes. */
  shapes?: boolean;
}

export class Redactor {
  private known: KnownSecrets;
  private readonly shapes: boolean;

  constructor(secrets: Iterable<string> = [], options: RedactorOptions = {}) {
    this.known = new KnownSecrets(secrets);
    this.shapes = options.shapes ?? true;
  }

  /** Adds exact values to scrub from every string. */
  addSecrets(secrets: Iterable<string>): void {
    this.known = new KnownSecrets([...this.known.values, ...secrets]);
  }

  redactString(text: string): string {
    const out = this.known.replaceIn(text, REDACTED);
    return this.shapes ? redactShapes(out) : out;
  }

  /** How many characters at the end of `text` could begin a known key (see KnownSecrets.unfinishedTail). */
  unfinishedTail(text: string): number {
    return this.known.unfinishedTail(text);
  }

  /** Knows no key and looks for no shapes: redacting changes nothing. */
  get idle(): boolean {
    return this.known.size === 0 && !this.shapes;
  }

  /** Redacted, then cut to `max` characters (never the other way round). */
  clip(text: string, max: number): string {
    const clean = this.redactString(text);
    return clean.length > max ? `${clean.slice(0, max)}…` : clean;
  }

  /** A deep copy of JSON-like data with every string (and object key) redacted; nothing is dropped or shortened. */
  redactData<T>(value: T): T {
    // Nothing to look for: hand the value back as it is.
    if (this.idle) return value;
    return this.walkData(value) as T;
  }

  /**
   * Like redactData, but shares every part that holds no key: the value itself when nothing in it needs
   * scrubbing (the usual case), else a copy of only the objects on the way to a change. For values no one
   * changes afterwards, such as a reply on its way out: what would be copied is then never touched.
   */
  redactShared<T>(value: T): T {
    if (this.idle) return value;
    return shareMapped(value, (text) => this.redactString(text)) as T;
  }

  private walkData(value: unknown): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (Array.isArray(value)) return value.map((v) => this.walkData(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.redactString(k)] = this.walkData(v);
      return out;
    }
    return value;
  }

  /** A JSON-safe deep copy for a log line: secret-named fields hidden whole; errors, cycles, bigint, Maps handled; bounded. */
  redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value === 'bigint') return value.toString();
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
    if (depth > 8) return '[too deep]';
    const obj = value as object;
    if (seen.has(obj)) return '[circular]';
    seen.add(obj);
    try {
      if (value instanceof Error) return this.redactValue(errorFields(value), depth + 1, seen);
      if (value instanceof Date) return value.toISOString();
      if (Array.isArray(value)) return value.slice(0, 100).map((v) => this.redactValue(v, depth + 1, seen) ?? null);
      if (value instanceof Map) return this.redactValue(Object.fromEntries(value), depth + 1, seen);
      if (value instanceof Headers) return this.redactValue(Object.fromEntries(value.entries()), depth + 1, seen);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) {
        // Booleans (hasKey: true) say nothing secret; anything else under a secret name is hidden whole.
        if (isSecretFieldName(k) && v !== undefined && v !== null && v !== '' && typeof v !== 'boolean') {
          out[k] = REDACTED;
          continue;
        }
        const redacted = this.redactValue(v, depth + 1, seen);
        if (redacted !== undefined) out[k] = redacted;
      }
      return out;
    } finally {
      seen.delete(obj);
    }
  }
}

/**
 * `value` with `text` applied to every string and object key, sharing every part it leaves alone (see
 * redactShared). `limits` may then put a shorter stand-in for a long string or list, and cut the depth.
 */
export function shareMapped(value: unknown, text: (s: string) => string, limits?: ShareLimits, depth = 0): unknown {
  if (typeof value === 'string') {
    const mapped = text(value);
    return limits?.string(mapped) ?? mapped;
  }
  if (value === null || typeof value !== 'object') return value;
  if (limits && depth >= limits.depth) return limits.tooDeep;
  if (Array.isArray(value)) {
    const list = limits?.list(value) ?? value;
    let out: unknown[] | undefined = list === value ? undefined : list;
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      const mapped = shareMapped(item, text, limits, depth + 1);
      if (mapped !== item) (out ??= list.slice())[i] = mapped;
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const mapped = shareMapped(item, text, limits, depth + 1);
    const name = text(key);
    if (mapped === item && name === key) continue;
    out ??= { ...record };
    if (name !== key) delete out[key];
    out[name] = mapped;
  }
  return out ?? value;
}

export interface ShareLimits {
  depth: number;
  /** What stands for an object or list deeper than `depth`. */
  tooDeep: string;
  /** A shorter stand-in for a long string, or undefined to keep it. */
  string(value: string): string | undefined;
  /** A shorter stand-in for a long list (a new array), or undefined to keep it. */
  list(value: unknown[]): unknown[] | undefined;
}

/** Keys in query strings (`?key=...`), raw header dumps (`x-api-key: ...`) and credential-shaped values. */
function redactShapes(text: string): string {
  let out = text.replace(QUERY_SECRET, (_, prefix: string) => `${prefix}${REDACTED}`);
  out = out.replace(HEADER_SECRET, (_, prefix: string) => `${prefix}${REDACTED}`);
  for (const pattern of SECRET_VALUE_PATTERNS) {
    out = out.replace(pattern, (_match, scheme?: string) =>
      typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** The useful parts of an error: name, message, code (SwitchyardError/undici/errno), details, cause. */
function errorFields(error: Error): Record<string, unknown> {
  const e = error as Error & { code?: unknown; details?: unknown; retryable?: unknown; status?: unknown };
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (e.code !== undefined) out.code = e.code;
  if (e.retryable !== undefined) out.retryable = e.retryable;
  if (e.status !== undefined) out.status = e.status;
  if (e.details !== undefined && typeof e.details === 'object' && Object.keys(e.details as object).length > 0) out.details = e.details;
  if (error.cause !== undefined) out.cause = error.cause;
  if (error.stack) out.stack = error.stack.split('\n').slice(0, 8).join('\n');
  return out;
}
