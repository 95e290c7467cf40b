// The future-height buffer keeps arrival order per height and enforces its total and per-sender caps,
// releasing a sender's quota when its messages are taken or dropped.
import { describe, expect, it } from "vitest";
import { FutureBuffer } from "./future-buffer.js";

describe("FutureBuffer", () => {
  it("returns one height's messages in arrival order and forgets them", () => {
    const b = new FutureBuffer<string>(10, 5);
    b.add(2n, "a", "a1");
    b.add(3n, "a", "a2");
    b.add(2n, "b", "b1");
    expect(b.take(2n).map((e) => e.message)).toEqual(["a1", "b1"]);
    expect(b.take(2n)).toEqual([]);
    expect(b.size).toBe(1);
  });

  it("caps per sender and in total, and frees quota on take and dropBelow", () => {
    const b = new FutureBuffer<number>(5, 2);
    expect(b.add(2n, "a", 1)).toBe(true);
    expect(b.add(2n, "a", 2)).toBe(true);
    expect(b.add(2n, "a", 3)).toBe(false); // per-sender cap
    expect(b.add(3n, "b", 4)).toBe(true);
    expect(b.add(3n, "b", 5)).toBe(true);
    expect(b.add(3n, "c", 6)).toBe(true);
    expect(b.add(3n, "d", 7)).toBe(false); // total cap
    b.take(2n);
    expect(b.add(4n, "a", 8)).toBe(true);
    b.dropBelow(4n);
    expect(b.size).toBe(1);
    expect(b.add(4n, "b", 9)).toBe(true);
    expect(b.add(4n, "b", 10)).toBe(true);
    b.clear();
    expect(b.size).toBe(0);
    expect(b.add(5n, "a", 11)).toBe(true);
  });
});
