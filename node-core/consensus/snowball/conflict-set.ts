// One Snowball instance: the transactions spending one outpoint. Holds each member's success count d, the
// preference (the member with the highest d; ties, including the start when nobody has succeeded yet, go
// to the lowest txid so nodes that saw the members in different orders still agree), the confidence
// (consecutive successes of the preference) and the decision. Members that lost elsewhere (rejected through
// another outpoint) are excluded: they can no longer be preferred, so the remaining members can still win.

export class ConflictSet {
  private readonly successes = new Map<string, number>();
  private readonly excluded = new Set<string>();
  private prefId: string | null = null;
  /** The member whose success came last, and how many in a row it had while preferred. */
  private last: string | null = null;
  private cnt = 0;
  /**
   * Polls are pipelined and complete out of order; confidence follows the order polls were SENT. Only
   * successes of polls sent at or after `streakFrom` count toward `cnt`, and a failure resets `cnt` only
   * when its poll was sent at or after the streak began: a slow poll sent earlier (one that waited out the
   * timeout on silent validators) is older evidence than the successes that followed it.
   */
  private streakFrom = 0;
  /** Send sequence used when the caller gives none: completion order, as if each poll were sent last. */
  private autoSeq = 0;
  private decided: string | null = null;
  private roundsWithoutSuccess = 0;

  constructor(
    readonly key: string,
    private readonly beta: number,
  ) {}

  get preference(): string | null {
    return this.prefId;
  }

  get decidedFor(): string | null {
    return this.decided;
  }

  /** Consecutive successes of the current preference. */
  get confidence(): number {
    return this.prefId !== null && this.last === this.prefId ? this.cnt : 0;
  }

  get size(): number {
    return this.successes.size;
  }

  has(id: string): boolean {
    return this.successes.has(id);
  }

  members(): IterableIterator<string> {
    return this.successes.keys();
  }

  successesOf(id: string): number {
    return this.successes.get(id) ?? 0;
  }

  /** At least two members can still win. */
  isContested(): boolean {
    return this.successes.size - this.excluded.size >= 2;
  }

  /** Contested and no member succeeded in the last `rounds` polls that asked about this set. */
  isStalled(rounds: number): boolean {
    return this.decided === null && this.isContested() && this.roundsWithoutSuccess >= rounds;
  }

  confidenceOf(id: string): number {
    if (this.decided === id) return Math.max(this.cnt, this.beta);
    return this.prefId === id ? this.confidence : 0;
  }

  add(id: string): void {
    if (this.successes.has(id)) return;
    this.successes.set(id, 0);
    if (this.decided !== null) return;
    if (this.prefId === null || this.beats(id, this.prefId)) this.switchPreference(id);
  }

  /** A successful poll (sent as number `seq`) for `id`; true when this success decided the set. */
  recordSuccess(id: string, seq: number = this.autoSeq++): boolean {
    if (this.decided !== null || !this.successes.has(id) || this.excluded.has(id)) return false;
    this.successes.set(id, this.successesOf(id) + 1);
    if (this.prefId === null || this.beats(id, this.prefId)) this.prefId = id;
    if (id === this.prefId && this.last === id) {
      if (seq >= this.streakFrom) this.cnt++;
    } else {
      this.cnt = 1;
      this.last = id;
      this.streakFrom = seq;
    }
    if (this.last === this.prefId && this.cnt >= this.beta) {
      this.decided = this.prefId;
      return true;
    }
    return false;
  }

  /** A failed poll (sent as number `seq`) for `id`: only the preferred member loses confidence. */
  recordFailure(id: string, seq: number = this.autoSeq++): void {
    if (this.decided === null && id === this.prefId && seq >= this.streakFrom) {
      this.cnt = 0;
      this.streakFrom = seq + 1;
    }
  }

  /** Called once per poll that asked about any member of this set. */
  noteRound(anySuccess: boolean): void {
    this.roundsWithoutSuccess = anySuccess ? 0 : this.roundsWithoutSuccess + 1;
  }

  /** `id` lost in another conflict set: never prefer it again. */
  exclude(id: string): void {
    if (!this.successes.has(id) || this.excluded.has(id)) return;
    this.excluded.add(id);
    if (this.decided !== null || this.prefId !== id) return;
    let best: string | null = null;
    for (const member of this.successes.keys()) {
      if (this.excluded.has(member)) continue;
      if (best === null || this.beats(member, best)) best = member;
    }
    if (best !== null) this.switchPreference(best);
  }

  /** Drops a member (the engine forgetting an old decided transaction). */
  remove(id: string): void {
    if (!this.successes.delete(id)) return;
    this.excluded.delete(id);
    if (this.last === id) {
      this.last = null;
      if (this.decided === null) this.cnt = 0;
    }
    if (this.prefId === id && this.decided === null) {
      this.prefId = null;
      for (const member of this.successes.keys()) {
        if (this.excluded.has(member)) continue;
        if (this.prefId === null || this.beats(member, this.prefId)) this.prefId = member;
      }
    }
  }

  private beats(a: string, b: string): boolean {
    if (this.excluded.has(a)) return false;
    if (this.excluded.has(b)) return true;
    const da = this.successesOf(a);
    const db = this.successesOf(b);
    return da > db || (da === db && a < b);
  }

  private switchPreference(id: string): void {
    this.prefId = id;
    this.last = null;
    this.cnt = 0;
  }
}
