// Finality latency statistics over the last transactions seen final (snowball:final's finalMs): the
// median and the 99th percentile by the nearest-rank method, so both are latencies that really occurred.

export interface FinalityStats {
  readonly count: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly last: number | null;
}

/** The nearest-rank percentile (0 < p ≤ 100) of unsorted values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] as number;
}

export function finalityStats(latenciesMs: readonly number[]): FinalityStats {
  return {
    count: latenciesMs.length,
    p50: percentile(latenciesMs, 50),
    p99: percentile(latenciesMs, 99),
    last: latenciesMs[latenciesMs.length - 1] ?? null,
  };
}

/** Appends to a bounded window (the oldest leave first). */
export function pushBounded<T>(window: readonly T[], value: T, capacity: number): T[] {
  const next = [...window, value];
  return next.length > capacity ? next.slice(next.length - capacity) : next;
}
