// Which validators answered recently, so a transaction stuck in "voting" can say why ("waiting: 55% of
// masternode weight reachable, 70% needed"). A validator is reachable if it answered within the window,
// unreachable if its last query timed out within the window and it has not answered since, and unknown
// otherwise (not asked lately, or asked only by polls that settled before its reply could matter).
import type { ValidatorWeight } from "./interface.js";

interface Seen {
  answeredAt: number;
  timedOutAt: number;
}

export interface ReachableWeight {
  readonly reachable: number;
  /** Weight of validators whose state is known (reachable or unreachable). */
  readonly known: number;
}

export class Reachability {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly windowMs: number) {}

  answered(id: string, now: number): void {
    const s = this.seen.get(id);
    if (s === undefined) this.seen.set(id, { answeredAt: now, timedOutAt: -Infinity });
    else s.answeredAt = now;
  }

  timedOut(id: string, now: number): void {
    const s = this.seen.get(id);
    if (s === undefined) this.seen.set(id, { answeredAt: -Infinity, timedOutAt: now });
    else s.timedOutAt = now;
  }

  weigh(validators: readonly ValidatorWeight[], selfId: string | null, now: number): ReachableWeight {
    const since = now - this.windowMs;
    let reachable = 0;
    let known = 0;
    for (const v of validators) {
      if (v.id === selfId) {
        reachable += v.weight;
        known += v.weight;
        continue;
      }
      const s = this.seen.get(v.id);
      if (s === undefined) continue;
      if (s.answeredAt >= since && s.answeredAt >= s.timedOutAt) {
        reachable += v.weight;
        known += v.weight;
      } else if (s.timedOutAt >= since) known += v.weight;
    }
    return { reachable, known };
  }

  /** Keeps the map bounded by the validator set: forget ids that are no longer validators. */
  retainOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.seen.keys()]) if (!ids.has(id)) this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }
}
