/** The shortest prefix of a key that still counts as a leak: 8 characters say too much about a 30-character key. */
export const LEAK_PREFIX_CHARS = 8;

/** The longest prefix of `key` (at least LEAK_PREFIX_CHARS long) found in `text`, or undefined. */
export function leakedPrefix(text: string, key: string): string | undefined {
  for (let length = key.length; length >= LEAK_PREFIX_CHARS; length--) {
    const prefix = key.slice(0, length);
    if (text.includes(prefix)) return prefix;
  }
  return undefined;
}
