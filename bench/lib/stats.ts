/** Small, dependency-free statistics for latency samples (milliseconds in, formatted figures out). */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank: p99 of 2,000 samples is the 1,980th, an actual observation.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / samples.length;
}

/** Milliseconds → microseconds, rounded: the unit overheads are discussed in. */
export function us(ms: number): number {
  return Math.round(ms * 1000);
}

export function pct(value: number, base: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return 'n/a';
  const p = ((value - base) / base) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}

export function mib(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 100) / 100;
}
