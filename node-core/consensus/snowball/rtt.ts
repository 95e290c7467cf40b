// The round-trip estimate that times re-sent queries, as TCP's retransmission timer (RFC 6298): a smoothed
// round trip (SRTT, gain 1/8) and its mean deviation (RTTVAR, gain 1/4) over clean reply latencies
// (replies to queries sent once, Karn's rule). A query not answered after factor x SRTT + varianceFactor x
// RTTVAR is most likely lost, not slow, and is asked again: with a steady network that is little more than
// one round trip, with a jittery one proportionally more. The delay is clamped so odd samples cannot make
// re-sends flood (floor) or come too late to matter before the poll's deadline (ceiling); before any
// sample the ceiling is used.

/** Weight of a new sample in SRTT (RFC 6298's alpha) and in RTTVAR (its beta). */
const SRTT_GAIN = 0.125;
const RTTVAR_GAIN = 0.25;

export class RttEstimate {
  private srtt: number | null = null;
  private rttvar = 0;

  constructor(
    private readonly factor: number,
    private readonly varianceFactor: number,
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {}

  /** A clean round trip of `ms` (ignored when not a finite number >= 0). */
  sample(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    if (this.srtt === null) {
      this.srtt = ms;
      this.rttvar = ms / 2;
      return;
    }
    this.rttvar += RTTVAR_GAIN * (Math.abs(this.srtt - ms) - this.rttvar);
    this.srtt += SRTT_GAIN * (ms - this.srtt);
  }

  get estimateMs(): number | null {
    return this.srtt;
  }

  get deviationMs(): number | null {
    return this.srtt === null ? null : this.rttvar;
  }

  /** How long to wait for an answer before asking again. */
  resendDelayMs(): number {
    if (this.srtt === null) return this.maxMs;
    const delay = this.factor * this.srtt + this.varianceFactor * this.rttvar;
    return Math.min(this.maxMs, Math.max(this.minMs, delay));
  }
}
