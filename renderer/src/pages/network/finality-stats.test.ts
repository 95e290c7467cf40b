import { describe, expect, it } from "vitest";
import { finalityStats, percentile, pushBounded } from "./finality-stats.js";

describe("percentile", () => {
  it("uses the nearest rank, so the value is one that occurred", () => {
    const values = [500, 100, 400, 200, 300];
    expect(percentile(values, 50)).toBe(300);
    expect(percentile(values, 99)).toBe(500);
    expect(percentile(values, 1)).toBe(100);
  });
  it("is null for no values and clamps p", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7, 9], 250)).toBe(9);
    expect(percentile([7, 9], -1)).toBe(7);
  });
  it("p99 of 100 values is the 99th smallest", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
  });
});

describe("finalityStats", () => {
  it("reports count, p50, p99 and the last latency", () => {
    expect(finalityStats([640, 420, 900])).toEqual({ count: 3, p50: 640, p99: 900, last: 900 });
    expect(finalityStats([])).toEqual({ count: 0, p50: null, p99: null, last: null });
  });
});

describe("pushBounded", () => {
  it("keeps at most capacity values, newest last", () => {
    expect(pushBounded([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
    expect(pushBounded([], 1, 3)).toEqual([1]);
  });
});
