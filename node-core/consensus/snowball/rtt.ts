// The round-trip estimate that times re-sent queries: an exponentially weighted moving average of clean
// reply latencies (replies to queries sent once), as TCP's SRTT. A query not answered after `factor` times
// the estimate is most likely lost, not slow, and is asked again. The delay is clamped so one odd sample
// cannot make re-sends flood (floor) or come too late to matter before the poll's deadline (ceiling);
// before any sample the ceiling is used.

/** Weight of a new sample (TCP's 1/8). */
const GAIN = 0.125;

export class RttEstimate {
  private srtt: number | null = null;

  constructor(
    private readonly factor: number,
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {}

  /** A clean round trip of `ms` (ignored when not a finite number >= 0). */
  sample(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.srtt = this.srtt === null ? ms : this.srtt + GAIN * (ms - this.srtt);
  }

  get estimateMs(): number | null {
    return this.srtt;
  }

  /** How long to wait for an answer before asking again. */
  resendDelayMs(): number {
    if (this.srtt === null) return this.maxMs;
    return Math.min(this.maxMs, Math.max(this.minMs, this.factor * this.srtt));
  }
}
