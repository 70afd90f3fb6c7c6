/** A reply long enough to stream for a while: `count` numbered words, so progress is visible and countable. */
export function numberedWords(count: number, prefix = 'word'): string {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`).join(' ');
}
