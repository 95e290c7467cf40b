// Which validators look silent: one whose oldest unanswered query is older than a few re-send delays has
// not answered anything since, so a poll that sampled it may count its weight as NO before the deadline.
// That only lets a poll FAIL early (success still needs alpha real YES answers), so it can cost liveness
// when an honest validator is slow, never safety. Without it, a poll holding a silent validator's draws
// waits for the full query timeout, and every later poll of the same conflict sets waits behind it
// (verdicts apply in send order): silent weight would decide the latency.
export class SilenceTracker {
  /** Validator id -> time of its oldest query still unanswered. */
  private readonly outstandingSince = new Map<string, number>();

  /** A query went to `id` at `now`; an older unanswered one keeps its time. */
  asked(id: string, now: number): void {
    if (!this.outstandingSince.has(id)) this.outstandingSince.set(id, now);
  }

  /** `id` answered something: whatever it owes, it is alive. */
  answered(id: string): void {
    this.outstandingSince.delete(id);
  }

  /** When `id`'s oldest unanswered query was sent (undefined: it owes nothing). */
  owedSince(id: string): number | undefined {
    return this.outstandingSince.get(id);
  }

  /** True when `id` has owed an answer for at least `afterMs`. */
  isSilent(id: string, now: number, afterMs: number): boolean {
    const since = this.outstandingSince.get(id);
    return since !== undefined && now - since >= afterMs;
  }

  /** Keeps the map bounded by the validator set: forget ids that are no longer validators. */
  retainOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.outstandingSince.keys()]) if (!ids.has(id)) this.outstandingSince.delete(id);
  }

  get size(): number {
    return this.outstandingSince.size;
  }
}
