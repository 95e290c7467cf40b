// Peer scores: every peer starts at 0; malformed, over-limit or provably bad messages cost points, and a
// score at or below the ban threshold bans the peer (with backoff). Scores drift back towards 0 (10 % of
// the distance per minute) so an honest peer that once sent something odd is not marked for ever. Keyed by
// peer id, so they survive reconnects within a run.
import type { Clock } from "../consensus/index.js";

export const PENALTY = Object.freeze({
  /** A frame that does not decode, or a message on a channel/topic that does not carry its type. */
  malformed: 20,
  /** A message the node's verdict called provably bad (bad signature, unknown signer, equivocation). */
  rejected: 10,
  /** A message over the peer's rate limit. */
  overLimit: 1,
  /** A frame over its channel's size cap (the stream is dropped). */
  oversize: 25,
  /** A z-score anomaly reported by the anomaly detector. */
  anomaly: 5,
});

export const BAN_THRESHOLD = -100;
const DECAY_PER_MINUTE = 0.1;

interface Entry {
  score: number;
  at: number;
}

export class PeerScores {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  get(peer: string): number {
    const entry = this.entries.get(peer);
    if (entry === undefined) return 0;
    this.decay(entry);
    return entry.score;
  }

  /** Lowers the score; true when it reached the ban threshold (the caller bans and resets). */
  penalise(peer: string, points: number): boolean {
    let entry = this.entries.get(peer);
    if (entry === undefined) {
      entry = { score: 0, at: this.clock.now() };
      this.entries.set(peer, entry);
    }
    this.decay(entry);
    entry.score -= points;
    return entry.score <= BAN_THRESHOLD;
  }

  reset(peer: string): void {
    this.entries.delete(peer);
  }

  private decay(entry: Entry): void {
    const now = this.clock.now();
    const minutes = (now - entry.at) / 60_000;
    if (minutes > 0) entry.score *= (1 - DECAY_PER_MINUTE) ** minutes;
    entry.at = now;
  }
}
