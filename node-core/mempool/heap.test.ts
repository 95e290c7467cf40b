// The heaps against a sorted list: Heap pops in comparator order; IndexedHeap does too under any mix of
// pushes, pops, deletions of arbitrary held items, duplicate pushes and clears, with has/size/peek agreeing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Heap, IndexedHeap } from "./heap.js";

interface Item {
  readonly key: number;
  readonly tag: number;
}

// Keys repeat on purpose: ties are settled by tag, so the order is strict and total as the mempool's is.
const before = (a: Item, b: Item) => a.key < b.key || (a.key === b.key && a.tag < b.tag);
const byOrder = (a: Item, b: Item) => (before(a, b) ? -1 : before(b, a) ? 1 : 0);

type Op =
  | { readonly kind: "push"; readonly key: number }
  | { readonly kind: "repush"; readonly pick: number }
  | { readonly kind: "pop" }
  | { readonly kind: "delete"; readonly pick: number }
  | { readonly kind: "deleteGone"; readonly pick: number }
  | { readonly kind: "clear" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 99 }).map((key) => ({ kind: "push", key }) as const) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "repush", pick }) as const) },
  { weight: 3, arbitrary: fc.constant({ kind: "pop" } as const) },
  { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "delete", pick }) as const) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "deleteGone", pick }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" } as const) },
);

describe("Heap", () => {
  it("pops every pushed item in comparator order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 200, size: "max" }), (keys) => {
        const heap = new Heap<Item>(before);
        const items = keys.map((key, tag) => ({ key, tag }));
        for (const item of items) heap.push(item);
        const out: Item[] = [];
        for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
        expect(out).toEqual([...items].sort(byOrder));
        expect(heap.size).toBe(0);
      }),
    );
  });
});

describe("IndexedHeap", () => {
  it("matches a sorted list under pushes, pops, deletions and clears", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 300, size: "max" }), (ops) => {
        const heap = new IndexedHeap<Item>(before);
        let model: Item[] = [];
        const gone: Item[] = [];
        let tag = 0;
        for (const op of ops) {
          if (op.kind === "push") {
            const item = { key: op.key, tag: tag++ };
            expect(heap.push(item)).toBe(true);
            model.push(item);
            model.sort(byOrder);
          } else if (op.kind === "repush") {
            if (model.length === 0) continue;
            expect(heap.push(model[op.pick % model.length] as Item)).toBe(false);
          } else if (op.kind === "pop") {
            const expected = model.shift();
            expect(heap.pop()).toBe(expected);
            if (expected) gone.push(expected);
          } else if (op.kind === "delete") {
            if (model.length === 0) continue;
            const [item] = model.splice(op.pick % model.length, 1) as [Item];
            expect(heap.delete(item)).toBe(true);
            gone.push(item);
          } else if (op.kind === "deleteGone") {
            if (gone.length === 0) continue;
            const item = gone[op.pick % gone.length] as Item;
            expect(heap.delete(item)).toBe(false);
            expect(heap.has(item)).toBe(false);
          } else {
            heap.clear();
            gone.push(...model);
            model = [];
          }
          expect(heap.size).toBe(model.length);
          expect(heap.peek()).toBe(model[0]);
          for (const item of model) expect(heap.has(item)).toBe(true);
        }
        const out: Item[] = [];
        for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
        expect(out).toEqual(model);
      }),
      { numRuns: 100 },
    );
  });

  it("an item pushed again after leaving is held once more", () => {
    const heap = new IndexedHeap<Item>(before);
    const a = { key: 1, tag: 0 };
    const b = { key: 2, tag: 1 };
    heap.push(a);
    heap.push(b);
    expect(heap.delete(a)).toBe(true);
    expect(heap.push(a)).toBe(true);
    expect(heap.pop()).toBe(a);
    expect(heap.pop()).toBe(b);
    expect(heap.pop()).toBeUndefined();
  });
});
