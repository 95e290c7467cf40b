// Stake-weighted sampling with replacement over a fixed list of validators: prefix sums of the weights and
// a binary search per draw, so a draw costs O(log n) and picks each validator with probability
// weight / totalWeight exactly (up to the Rng's 32-bit resolution).
import type { Rng } from "../index.js";

export interface WeightedEntry {
  readonly id: string;
  readonly weight: number;
}

export class WeightedSampler<T extends WeightedEntry> {
  private readonly prefix: number[];
  readonly totalWeight: number;

  /** `entries` must have positive safe-integer weights and a total below 2^32 (the Rng's resolution). */
  constructor(readonly entries: readonly T[]) {
    let total = 0;
    this.prefix = entries.map((e) => {
      total += e.weight;
      return total;
    });
    this.totalWeight = total;
  }

  /** Index of one stake-weighted draw. */
  drawIndex(rng: Rng): number {
    const target = rng.int(this.totalWeight);
    // first index whose prefix sum exceeds target
    let lo = 0;
    let hi = this.prefix.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.prefix[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * `count` draws with replacement, as (entry, multiplicity) in the entries' order (so the result does not
   * depend on draw order beyond the counts themselves).
   */
  sample(rng: Rng, count: number): { entry: T; multiplicity: number }[] {
    const counts = new Uint32Array(this.entries.length);
    for (let i = 0; i < count; i++) counts[this.drawIndex(rng)]!++;
    const out: { entry: T; multiplicity: number }[] = [];
    for (let i = 0; i < counts.length; i++) {
      const m = counts[i]!;
      if (m > 0) out.push({ entry: this.entries[i]!, multiplicity: m });
    }
    return out;
  }
}
