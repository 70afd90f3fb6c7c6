/**
 * The exact key values Switchyard knows of, found in text in time linear in the text however many keys
 * there are (a config with thousands of providers holds thousands of keys, and every API result, history
 * write and log line is scrubbed of all of them).
 */

/** Known values shorter than this are not scrubbed: `abc` would shred ordinary text. */
export const MIN_KNOWN_SECRET_LENGTH = 6;
/** Up to this many keys, the engine's own substring search (one pass per key) beats the indexed scan. */
const FEW = 8;

export class KnownSecrets {
  /** Longest first, so a key that contains another is replaced whole. */
  readonly values: readonly string[];
  /** First MIN_KNOWN_SECRET_LENGTH characters → the keys starting with them, longest first. */
  readonly #byHead = new Map<string, string[]>();
  /** For `unfinishedTail`, built on first use: the values in sort order, and their first characters. */
  #sorted: string[] | undefined;
  #firsts: Set<string> | undefined;

  constructor(secrets: Iterable<string>) {
    const unique = new Set<string>();
    for (const s of secrets) if (typeof s === 'string' && s.length >= MIN_KNOWN_SECRET_LENGTH) unique.add(s);
    this.values = [...unique].sort((a, b) => b.length - a.length);
    if (this.values.length <= FEW) return;
    for (const secret of this.values) {
      const head = secret.slice(0, MIN_KNOWN_SECRET_LENGTH);
      const list = this.#byHead.get(head);
      if (list) list.push(secret);
      else this.#byHead.set(head, [secret]);
    }
  }

  get size(): number {
    return this.values.length;
  }

  /**
   * How many characters at the end of `text` could be the start of a known value (the longest such end,
   * shorter than the value): what a stream must hold back until the next piece shows whether a key follows.
   */
  unfinishedTail(text: string): number {
    const longest = this.values[0];
    if (longest === undefined) return 0;
    const sorted = (this.#sorted ??= [...this.values].sort());
    const firsts = (this.#firsts ??= new Set(this.values.map((v) => v[0]!)));
    for (let i = Math.max(0, text.length - longest.length + 1); i < text.length; i++) {
      if (!firsts.has(text[i]!)) continue;
      const tail = text.slice(i);
      // Values that start with `tail` sort together, right from the first one not below it.
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < tail) lo = mid + 1;
        else hi = mid;
      }
      for (let j = lo; j < sorted.length && sorted[j]!.startsWith(tail); j++) if (sorted[j]!.length > tail.length) return text.length - i;
    }
    return 0;
  }

  /** `text` with every known value replaced by `marker`. */
  replaceIn(text: string, marker: string): string {
    if (this.values.length === 0 || text.length < MIN_KNOWN_SECRET_LENGTH) return text;
    if (this.values.length <= FEW) {
      let out = text;
      for (const secret of this.values) if (out.includes(secret)) out = out.split(secret).join(marker);
      return out;
    }
    let out = '';
    let copied = 0;
    const last = text.length - MIN_KNOWN_SECRET_LENGTH;
    for (let i = 0; i <= last; ) {
      const candidates = this.#byHead.get(text.slice(i, i + MIN_KNOWN_SECRET_LENGTH));
      const match = candidates?.find((secret) => text.startsWith(secret, i));
      if (match === undefined) {
        i++;
        continue;
      }
      out += text.slice(copied, i) + marker;
      i += match.length;
      copied = i;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}
