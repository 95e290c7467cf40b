// Which peer a block range is asked from: the seeds' "AI peer selector", done plainly. Each peer has a
// measured throughput (blocks per second of its answers, an exponential moving average), a latency (time
// to its answer) and a failure count (timeouts, empty or wrong answers); the selector picks the best
// scoring candidate, and with probability epsilon a random one, so a peer that was slow once (or is new)
// gets measured again. The scores survive restarts through a small store the host provides.
import type { Rng } from "../consensus/index.js";

export interface SyncPeerStats {
  /** Blocks per second of its answers (EWMA). */
  throughput: number;
  /** Milliseconds from request to answer (EWMA). */
  latencyMs: number;
  /** Failures, decayed by half on each success. */
  failures: number;
  samples: number;
}

/** Where the scores persist (the daemon: a JSON file in the data directory). */
export interface SyncScoreStore {
  load(): Record<string, SyncPeerStats> | null;
  save(scores: Record<string, SyncPeerStats>): void;
}

const ALPHA = 0.3;
const MAX_PEERS_KEPT = 512;

function isStats(value: unknown): value is SyncPeerStats {
  const v = value as SyncPeerStats;
  return (
    typeof v === "object" &&
    v !== null &&
    [v.throughput, v.latencyMs, v.failures, v.samples].every(
      (x) => typeof x === "number" && Number.isFinite(x) && x >= 0,
    )
  );
}

export class SyncPeerSelector {
  private readonly stats = new Map<string, SyncPeerStats>();

  constructor(
    private readonly epsilon: number,
    private readonly rng: Rng,
    private readonly store: SyncScoreStore | null,
  ) {
    const saved = store?.load() ?? null;
    if (saved !== null && typeof saved === "object") {
      for (const [peer, stats] of Object.entries(saved))
        if (isStats(stats)) this.stats.set(peer, { ...stats });
    }
  }

  /** Higher is better: throughput, lowered by latency and by recent failures. Unmeasured peers look average. */
  score(peer: string): number {
    const s = this.stats.get(peer);
    if (s === undefined) return this.averageScore();
    // A peer that only ever failed is an average peer with its failures counted.
    const base = s.samples === 0 ? this.averageScore() : s.throughput / (1 + s.latencyMs / 1000);
    return base / (1 + s.failures) ** 2;
  }

  private averageScore(): number {
    let sum = 0;
    let n = 0;
    for (const s of this.stats.values()) {
      if (s.samples === 0) continue;
      sum += s.throughput / (1 + s.latencyMs / 1000) / (1 + s.failures) ** 2;
      n++;
    }
    return n === 0 ? 1 : sum / n;
  }

  /** One of `candidates` (non-empty): the best scoring, or a random one with probability epsilon. */
  choose(candidates: readonly string[]): string {
    if (candidates.length === 1 || this.rng.float() < this.epsilon) {
      return candidates[this.rng.int(candidates.length)] as string;
    }
    let best = candidates[0] as string;
    let bestScore = this.score(best);
    for (const peer of candidates.slice(1)) {
      const s = this.score(peer);
      if (s > bestScore) {
        best = peer;
        bestScore = s;
      }
    }
    return best;
  }

  success(peer: string, blocks: number, elapsedMs: number): void {
    const s = this.entry(peer);
    const throughput = (blocks * 1000) / Math.max(1, elapsedMs);
    s.throughput = s.samples === 0 ? throughput : s.throughput + ALPHA * (throughput - s.throughput);
    s.latencyMs = s.samples === 0 ? elapsedMs : s.latencyMs + ALPHA * (elapsedMs - s.latencyMs);
    s.failures /= 2;
    s.samples++;
  }

  failure(peer: string): void {
    this.entry(peer).failures += 1;
  }

  snapshot(): Record<string, SyncPeerStats> {
    return Object.fromEntries([...this.stats].map(([peer, s]) => [peer, { ...s }]));
  }

  save(): void {
    this.store?.save(this.snapshot());
  }

  private entry(peer: string): SyncPeerStats {
    let s = this.stats.get(peer);
    if (s === undefined) {
      if (this.stats.size >= MAX_PEERS_KEPT) {
        // Forget the least measured peer.
        let worst: string | null = null;
        for (const [p, e] of this.stats)
          if (worst === null || e.samples < (this.stats.get(worst)?.samples ?? 0)) worst = p;
        if (worst !== null) this.stats.delete(worst);
      }
      s = { throughput: 0, latencyMs: 0, failures: 0, samples: 0 };
      this.stats.set(peer, s);
    }
    return s;
  }
}
