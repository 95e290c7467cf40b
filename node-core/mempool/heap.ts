// Binary min-heaps over a comparator. Heap: block selection pops the best ready transaction while releasing
// children as their parents are taken, in O(n log n) for the whole pool. IndexedHeap: the same order with
// removal of any held item in O(log n), for the eviction order that entries leave for other reasons too.

export class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i] as T, items[parent] as T)) break;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0] as T;
    const last = items.pop() as T;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.before(items[left] as T, items[best] as T)) best = left;
        if (right < items.length && this.before(items[right] as T, items[best] as T)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best] as T, items[i] as T];
        i = best;
      }
    }
    return top;
  }
}

/**
 * A binary min-heap that also knows where each item sits, so any item can be taken out in O(log n): the
 * mempool's eviction order, where transactions leave for many reasons other than being the cheapest.
 * Items are compared by identity (a Map key); the comparator must not change its verdict on held items.
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];
  private readonly positions = new Map<T, number>();

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.positions.has(item);
  }

  /** The first item without taking it out. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds the item; false (and nothing changes) when it is already held. */
  push(item: T): boolean {
    if (this.positions.has(item)) return false;
    this.items.push(item);
    this.positions.set(item, this.items.length - 1);
    this.siftUp(this.items.length - 1);
    return true;
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /** Takes the item out wherever it sits; false when it is not held. */
  delete(item: T): boolean {
    const i = this.positions.get(item);
    if (i === undefined) return false;
    this.removeAt(i);
    return true;
  }

  clear(): void {
    this.items.length = 0;
    this.positions.clear();
  }

  private removeAt(i: number): void {
    const items = this.items;
    const gone = items[i] as T;
    const last = items.pop() as T;
    this.positions.delete(gone);
    if (i === items.length) return;
    this.place(i, last);
    // The moved item may belong above or below its new slot, never both.
    if (i > 0 && this.before(last, items[(i - 1) >> 1] as T)) this.siftUp(i);
    else this.siftDown(i);
  }

  private place(i: number, item: T): void {
    this.items[i] = item;
    this.positions.set(item, i);
  }

  private siftUp(start: number): void {
    const items = this.items;
    const item = items[start] as T;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent] as T;
      if (!this.before(item, above)) break;
      this.place(i, above);
      i = parent;
    }
    if (i !== start) this.place(i, item);
  }

  private siftDown(start: number): void {
    const items = this.items;
    const item = items[start] as T;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.before(items[right] as T, items[left] as T) ? right : left;
      if (!this.before(items[child] as T, item)) break;
      this.place(i, items[child] as T);
      i = child;
    }
    if (i !== start) this.place(i, item);
  }
}
