// The draws the test builders take from SeededRng (consensus/runtime.ts): range, chance, pick and bytes stay
// in bounds, reach both ends, and replay from the seed.
import { describe, expect, it } from "vitest";
import { SeededRng } from "./index.js";

describe("SeededRng draws used by the test builders", () => {
  it("range(min, max) stays within both bounds and reaches each of them", () => {
    const rng = new SeededRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const v = rng.range(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(rng.range(9, 9)).toBe(9);
    expect(() => rng.range(2, 1)).toThrow(RangeError);
  });

  it("chance(0) never fires, chance(1) always does, chance(0.25) about a quarter of the time", () => {
    const rng = new SeededRng(6);
    let hits = 0;
    for (let i = 0; i < 4_000; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
      if (rng.chance(0.25)) hits++;
    }
    expect(hits).toBeGreaterThan(800);
    expect(hits).toBeLessThan(1_200);
  });

  it("pick returns every element of the list and refuses an empty one", () => {
    const rng = new SeededRng(7);
    const items = ["a", "b", "c"] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(rng.pick(items));
    expect([...seen].sort()).toEqual(["a", "b", "c"]);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it("bytes(n) has length n for lengths that are not multiples of four, and replays from the seed", () => {
    for (const n of [0, 1, 3, 4, 5, 33]) {
      const a = new SeededRng(8).bytes(n);
      expect(a).toHaveLength(n);
      expect(new SeededRng(8).bytes(n)).toEqual(a);
    }
    // A prefix of a longer draw: each u32 gives four little-endian bytes in order.
    expect(new SeededRng(8).bytes(33).subarray(0, 5)).toEqual(new SeededRng(8).bytes(5));
    expect(new SeededRng(9).bytes(32)).not.toEqual(new SeededRng(8).bytes(32));
  });
});
