// The heap estimate counts every part of a value once, follows arrays and objects, and survives cycles.
import { describe, expect, it } from "vitest";
import { estimatedHeapBytes } from "./heap-estimate.js";

describe("estimatedHeapBytes", () => {
  it("grows with the bytes, the items and the fields a value holds", () => {
    const empty = estimatedHeapBytes({});
    expect(empty).toBeGreaterThan(0);
    expect(estimatedHeapBytes(new Uint8Array(64)) - estimatedHeapBytes(new Uint8Array(32))).toBe(32);
    expect(estimatedHeapBytes({ a: 1n })).toBeGreaterThan(estimatedHeapBytes({ a: 1 }));
    expect(estimatedHeapBytes([1, 2, 3, 4])).toBeGreaterThan(estimatedHeapBytes([1, 2]));
    expect(estimatedHeapBytes({ s: "x".repeat(100) }) - estimatedHeapBytes({ s: "" })).toBe(100);
    expect(estimatedHeapBytes({ n: 0.5 })).toBeGreaterThan(estimatedHeapBytes({ n: 1 }));
  });

  it("counts a shared object once and terminates on cycles", () => {
    const shared = { bytes: new Uint8Array(1000) };
    const once = estimatedHeapBytes({ x: shared, y: null });
    expect(estimatedHeapBytes({ x: shared, y: shared })).toBe(once);
    const loop: { self?: unknown; data: Uint8Array } = { data: new Uint8Array(10) };
    loop.self = loop;
    expect(estimatedHeapBytes(loop)).toBeGreaterThan(10);
    expect(estimatedHeapBytes(null)).toBe(0);
    expect(estimatedHeapBytes(undefined)).toBe(0);
  });
});
