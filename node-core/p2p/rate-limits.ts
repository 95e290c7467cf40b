// Per-peer rate limits per message class: a token bucket per (peer, class), refilled continuously at the
// class's rate up to its burst. A message over the limit is dropped and counted (and costs the peer a
// little score), never buffered. The rates are far above what an honest node of this protocol sends
// (a Snowball querier sends at most 16 queries in flight to a validator; a block range answer per request).
import type { Clock } from "../consensus/index.js";

export const RATE_CLASSES = ["status", "sync", "txs", "snowball", "consensus", "gossip"] as const;
export type RateClass = (typeof RATE_CLASSES)[number];

export interface RateLimit {
  /** Messages per second, sustained. */
  readonly perSecond: number;
  /** Messages allowed at once. */
  readonly burst: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateClass, RateLimit>> = {
  status: { perSecond: 5, burst: 20 },
  sync: { perSecond: 200, burst: 400 },
  txs: { perSecond: 2_000, burst: 4_000 },
  snowball: { perSecond: 5_000, burst: 10_000 },
  consensus: { perSecond: 1_000, burst: 2_000 },
  gossip: { perSecond: 5_000, burst: 10_000 },
};

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly dropped = new Map<RateClass, number>();

  constructor(
    private readonly limits: Readonly<Record<RateClass, RateLimit>>,
    private readonly clock: Clock,
  ) {}

  /** True when `peer` may send one more message of `cls` now (and takes the token). */
  allow(peer: string, cls: RateClass): boolean {
    const limit = this.limits[cls];
    const key = `${cls}\u0000${peer}`;
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: limit.burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      // A wall clock stepping back must not drain the bucket (and so throttle the peer until it catches up).
      const refill = (Math.max(0, now - bucket.at) / 1000) * limit.perSecond;
      bucket.tokens = Math.min(limit.burst, bucket.tokens + refill);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    this.dropped.set(cls, (this.dropped.get(cls) ?? 0) + 1);
    return false;
  }

  /** Forgets a disconnected peer's buckets. */
  forget(peer: string): void {
    for (const cls of RATE_CLASSES) this.buckets.delete(`${cls}\u0000${peer}`);
  }

  drops(): Record<string, number> {
    return Object.fromEntries(RATE_CLASSES.map((cls) => [cls, this.dropped.get(cls) ?? 0]));
  }
}
