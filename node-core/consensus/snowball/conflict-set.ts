// One Snowball instance: the transactions spending one outpoint. Holds each member's success count d, the
// preference (the member seen first, until another member has strictly more successes: Snowball's rule),
// the confidence
// (consecutive successes of the preference) and the decision. Finality is per transaction: a set whose
// preference reaches beta is only "confident"; it decides (freezes) when the engine finalizes that member,
// i.e. once the member is confident in every set it spends from. Members that lost elsewhere (rejected
// through another outpoint) are excluded: they can no longer be preferred, so the remaining members can
// still win, and an outpoint that only leaned towards a rejected transaction is free again.
// Poll verdicts reach the set through expect/report and are applied strictly in send order (send-order.ts);
// recordSuccess/recordFailure apply one verdict at once and assume the caller keeps that order. Verdicts are
// often released several at once (a slow poll held later ones back): the moment one of them makes the
// preference confident, onConfident lets the engine finalize before the next verdict is applied, so a
// failure that comes after beta successes in send order cannot undo a decision Snowball had reached.
import { type OrderedVerdict, SendOrder } from "./send-order.js";

export class ConflictSet {
  private readonly successes = new Map<string, number>();
  private readonly excluded = new Set<string>();
  private prefId: string | null = null;
  /** The member whose success came last, and how many in a row it had while preferred. */
  private last: string | null = null;
  private cnt = 0;
  private readonly order = new SendOrder();
  private decided: string | null = null;
  private roundsWithoutSuccess = 0;

  constructor(
    readonly key: string,
    private readonly beta: number,
    /** Called when a verdict made member `id` confident (the engine may decide the set right there). */
    private readonly onConfident: ((set: ConflictSet, id: string) => void) | null = null,
    /**
     * True while polls ask every validator (at most k of them): the preference then stays with the member
     * seen first until another has strictly more successes. False in sampled mode (more than k validators),
     * where ties go to the lowest txid, so nodes that saw the members in different orders converge faster.
     */
    private readonly firstSeen: () => boolean = () => true,
  ) {}

  get preference(): string | null {
    return this.prefId;
  }

  get decidedFor(): string | null {
    return this.decided;
  }

  /** The decided member, or else the preference when it has at least beta consecutive successes. */
  get confidentFor(): string | null {
    if (this.decided !== null) return this.decided;
    return this.prefId !== null && this.confidence >= this.beta ? this.prefId : null;
  }

  /**
   * Freezes the set for `id` (the engine finalized it: confident in all its sets). Returns false, changing
   * nothing, when `id` is not a member or the set already decided.
   */
  decide(id: string): boolean {
    if (this.decided !== null || !this.successes.has(id) || this.excluded.has(id)) return false;
    this.decided = id;
    this.prefId = id;
    this.order.clear();
    return true;
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

  /**
   * A new member. It becomes the preference only when there is none: a rival that arrives later, even with a
   * lower txid, never takes the preference without more successes. (A lowest-txid rule for ties let a
   * validator that had answered YES for the member it knew switch as soon as it heard of a rival: with a
   * deep pipeline one node finalized on that first answer while the rest then converged on the rival,
   * seen on a five-daemon devnet with a double spend sent to two nodes at once.)
   */
  add(id: string): void {
    if (this.successes.has(id)) return;
    this.successes.set(id, 0);
    if (this.decided !== null) return;
    if (this.prefId === null || this.excluded.has(this.prefId) || this.beats(id, this.prefId)) {
      this.switchPreference(id);
    }
  }

  /** Poll `seq` (sequences grow in send order) asks about member `id`: its verdict will be waited for. */
  expect(seq: number, id: string): void {
    if (this.decided !== null || !this.successes.has(id) || this.excluded.has(id)) return;
    this.order.expect(seq, id);
  }

  /** Poll `seq` judged member `id`; applied once every earlier poll of this set has been applied. */
  report(seq: number, id: string, ok: boolean): void {
    this.applyInOrder(this.order.report(seq, id, ok));
  }

  /** Polls whose verdicts are still held back. */
  get pendingPolls(): number {
    return this.order.size;
  }

  /** The engine dropped its polls (stopped): their verdicts will never come. */
  abandonPending(): void {
    this.order.clear();
  }

  /** A successful poll for `id`, applied now (the caller keeps send order); true when `id` is now confident. */
  recordSuccess(id: string): boolean {
    if (this.decided !== null || !this.successes.has(id) || this.excluded.has(id)) return false;
    this.successes.set(id, this.successesOf(id) + 1);
    if (this.prefId === null || this.beats(id, this.prefId)) this.prefId = id;
    if (id === this.prefId && this.last === id) this.cnt++;
    else {
      this.cnt = 1;
      this.last = id;
    }
    return this.confidentFor === id;
  }

  /** A failed poll for `id`, applied now: only the preferred member loses confidence. */
  recordFailure(id: string): void {
    if (this.decided === null && id === this.prefId) this.cnt = 0;
  }

  /** Called once per poll that asked about any member of this set. */
  noteRound(anySuccess: boolean): void {
    this.roundsWithoutSuccess = anySuccess ? 0 : this.roundsWithoutSuccess + 1;
  }

  /** `id` lost in another conflict set: never prefer it again. */
  exclude(id: string): void {
    if (!this.successes.has(id) || this.excluded.has(id)) return;
    this.excluded.add(id);
    if (this.decided !== null) return;
    if (this.prefId === id) {
      const best = this.best();
      if (best !== null) this.switchPreference(best);
    }
    // Its verdicts can no longer change anything here; waiting for them would hold back later polls.
    this.applyInOrder(this.order.dropMember(id));
  }

  /** Drops a member (the engine forgetting an old decided transaction). */
  remove(id: string): void {
    if (!this.successes.delete(id)) return;
    this.excluded.delete(id);
    const released = this.order.dropMember(id);
    if (this.last === id) {
      this.last = null;
      if (this.decided === null) this.cnt = 0;
    }
    if (this.prefId === id && this.decided === null) this.prefId = this.best();
    this.applyInOrder(released);
  }

  /** Applies released verdicts, oldest poll first; each poll counts once toward stall detection. */
  private applyInOrder(verdicts: readonly OrderedVerdict[]): void {
    for (let i = 0; i < verdicts.length && this.decided === null; ) {
      const seq = verdicts[i]!.seq;
      let anySuccess = false;
      for (; i < verdicts.length && verdicts[i]!.seq === seq && this.decided === null; i++) {
        const v = verdicts[i]!;
        if (v.ok) {
          // A success of a member that already lost elsewhere is no success for this set.
          if (this.successes.has(v.id) && !this.excluded.has(v.id)) anySuccess = true;
          if (this.recordSuccess(v.id)) this.onConfident?.(this, v.id);
        } else this.recordFailure(v.id);
      }
      if (this.decided === null) this.noteRound(anySuccess);
    }
  }

  /** `a` takes the preference from `b`: strictly more successes (or `b` lost elsewhere). */
  private beats(a: string, b: string): boolean {
    if (this.excluded.has(a)) return false;
    if (this.excluded.has(b)) return true;
    const da = this.successesOf(a);
    const db = this.successesOf(b);
    return da > db || (!this.firstSeen() && da === db && a < b);
  }

  /** The member that can still win with the most successes; the one seen first among equals. */
  private best(): string | null {
    let best: string | null = null;
    for (const member of this.successes.keys()) {
      if (this.excluded.has(member)) continue;
      if (best === null || this.beats(member, best)) best = member;
    }
    return best;
  }

  private switchPreference(id: string): void {
    this.prefId = id;
    this.last = null;
    this.cnt = 0;
  }
}
