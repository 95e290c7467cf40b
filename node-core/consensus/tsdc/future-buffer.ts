// Bounded buffer of messages for heights this node has not started yet (peers whose clocks or commits run
// slightly ahead). They cannot be verified before their height starts (the voting set of a future height is
// not known yet), so the bounds are what keeps a flood of them harmless: a total cap and a per-sender cap.

interface Entry<M> {
  readonly from: string;
  readonly message: M;
}

export class FutureBuffer<M> {
  private readonly byHeight = new Map<bigint, Entry<M>[]>();
  private readonly perSender = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerSender: number,
  ) {}

  get size(): number {
    return this.total;
  }

  /** False (message dropped) when a cap is reached. */
  add(height: bigint, from: string, message: M): boolean {
    const count = this.perSender.get(from) ?? 0;
    if (this.total >= this.maxTotal || count >= this.maxPerSender) return false;
    let list = this.byHeight.get(height);
    if (list === undefined) {
      list = [];
      this.byHeight.set(height, list);
    }
    list.push({ from, message });
    this.perSender.set(from, count + 1);
    this.total++;
    return true;
  }

  /** Removes and returns the messages of one height, in arrival order. */
  take(height: bigint): Entry<M>[] {
    const list = this.byHeight.get(height) ?? [];
    this.byHeight.delete(height);
    this.release(list);
    return list;
  }

  /** Forgets every message below `height`. */
  dropBelow(height: bigint): void {
    for (const [h, list] of [...this.byHeight]) {
      if (h < height) {
        this.byHeight.delete(h);
        this.release(list);
      }
    }
  }

  clear(): void {
    this.byHeight.clear();
    this.perSender.clear();
    this.total = 0;
  }

  private release(list: readonly Entry<M>[]): void {
    for (const { from } of list) {
      const n = (this.perSender.get(from) ?? 1) - 1;
      if (n <= 0) this.perSender.delete(from);
      else this.perSender.set(from, n);
    }
    this.total -= list.length;
  }
}
