// The verdicts of the polls that asked about one conflict set, released strictly in the order the polls
// were sent. Polls are pipelined and finish out of order (a reply is lost, a validator is slow); applying a
// success while an earlier poll of the same set is still out would let that poll's later failure be
// skipped, so a set could reach beta on a streak that was in fact broken. Only the finished oldest-first
// prefix is released (AvalancheGo applies its polls the same way).

/** One released verdict: poll `seq` judged member `id` a success (`ok`) or a failure. */
export interface OrderedVerdict {
  readonly seq: number;
  readonly id: string;
  readonly ok: boolean;
}

interface Pending {
  readonly seq: number;
  /** Member -> verdict (null while the poll has not judged it yet), in the order the poll asked. */
  readonly verdicts: Map<string, boolean | null>;
  open: number;
}

export class SendOrder {
  /** Ascending by seq. */
  private readonly pending: Pending[] = [];

  /** Polls still holding back (or waiting to release) verdicts for this set. */
  get size(): number {
    return this.pending.length;
  }

  /** Poll `seq` was sent and asks about member `id`. */
  expect(seq: number, id: string): void {
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1]!.seq > seq) at--;
    let entry = at > 0 && this.pending[at - 1]!.seq === seq ? this.pending[at - 1]! : undefined;
    if (entry === undefined) {
      entry = { seq, verdicts: new Map(), open: 0 };
      this.pending.splice(at, 0, entry);
    }
    if (entry.verdicts.has(id)) return;
    entry.verdicts.set(id, null);
    entry.open++;
  }

  /**
   * Poll `seq` judged `id`; returns the verdicts that can now be applied, oldest poll first (empty while
   * an earlier poll is still out, or when `seq`/`id` was never expected or was dropped).
   */
  report(seq: number, id: string, ok: boolean): OrderedVerdict[] {
    const entry = this.find(seq);
    if (entry === undefined || entry.verdicts.get(id) !== null) return [];
    entry.verdicts.set(id, ok);
    entry.open--;
    return this.release();
  }

  /** `id` can no longer change this set (it lost elsewhere or was forgotten): stop waiting for it. */
  dropMember(id: string): OrderedVerdict[] {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const entry = this.pending[i]!;
      const v = entry.verdicts.get(id);
      if (v === undefined) continue;
      entry.verdicts.delete(id);
      if (v === null) entry.open--;
      if (entry.verdicts.size === 0) this.pending.splice(i, 1);
    }
    return this.release();
  }

  /** Forgets every poll (the set decided, or the engine stopped and dropped its polls). */
  clear(): void {
    this.pending.length = 0;
  }

  private find(seq: number): Pending | undefined {
    for (const entry of this.pending) if (entry.seq === seq) return entry;
    return undefined;
  }

  private release(): OrderedVerdict[] {
    const out: OrderedVerdict[] = [];
    while (this.pending.length > 0 && this.pending[0]!.open === 0) {
      const entry = this.pending.shift()!;
      for (const [id, ok] of entry.verdicts) out.push({ seq: entry.seq, id, ok: ok === true });
    }
    return out;
  }
}
