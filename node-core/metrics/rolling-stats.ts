// A rolling mean and variance: Welford's exact running figures for the first `span` samples, then
// exponential forgetting with weight 1/span (the same update with a fixed weight), so the baseline follows a
// network that changes slowly while one burst moves it little. The state is three numbers, so it persists.

export interface RollingStatsState {
  /** Samples folded in (it keeps counting past the span). */
  readonly count: number;
  readonly mean: number;
  /** Population variance of the weighted samples. */
  readonly variance: number;
}

export class RollingStats {
  private n = 0;
  private m = 0;
  private v = 0;

  constructor(private readonly span: number) {}

  get count(): number {
    return this.n;
  }

  get mean(): number {
    return this.m;
  }

  get variance(): number {
    return this.v;
  }

  get stdDev(): number {
    return Math.sqrt(this.v);
  }

  add(x: number): void {
    this.n++;
    // With weight 1/n this is exactly Welford's update of the population variance (West 1979).
    const w = 1 / Math.min(this.n, this.span);
    const delta = x - this.m;
    this.m += w * delta;
    this.v = (1 - w) * (this.v + w * delta * delta);
  }

  /** (x - mean) / max(stdDev, floor); 0 when both are 0 and x is the mean. */
  zScore(x: number, floor = 0): number {
    const sd = Math.max(this.stdDev, floor);
    const d = x - this.m;
    if (sd === 0) return d === 0 ? 0 : d > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return d / sd;
  }

  state(): RollingStatsState {
    return { count: this.n, mean: this.m, variance: this.v };
  }

  restore(state: RollingStatsState): void {
    this.n = state.count;
    this.m = state.mean;
    this.v = state.variance;
  }
}
