// The block cache keeps the most recently used blocks within its byte budget and forgets deleted ones.
import { describe, expect, it } from "vitest";
import type { CertifiedBlock } from "../types/index.js";
import { BlockCache } from "./block-cache.js";

const hash = (n: number) => new Uint8Array(32).fill(n);
const block = (n: number) => ({ tag: n }) as unknown as CertifiedBlock;

describe("BlockCache", () => {
  it("evicts the least recently used first once over its byte budget", () => {
    const cache = new BlockCache(300);
    cache.set(hash(1), block(1), 100);
    cache.set(hash(2), block(2), 100);
    cache.set(hash(3), block(3), 100);
    expect(cache.get(hash(1))).toEqual(block(1));
    // 1 was used last, so 2 goes when 4 arrives
    cache.set(hash(4), block(4), 100);
    expect(cache.get(hash(2))).toBeUndefined();
    expect(cache.get(hash(1))).toEqual(block(1));
    expect(cache.get(hash(3))).toEqual(block(3));
    expect(cache.get(hash(4))).toEqual(block(4));
    expect(cache.bytes).toBe(300);
    expect(cache.size).toBe(3);
  });

  it("replaces an entry under the same hash, deletes, and never keeps a block bigger than the budget", () => {
    const cache = new BlockCache(250);
    cache.set(hash(1), block(1), 100);
    cache.set(hash(1), block(9), 120);
    expect(cache.get(hash(1))).toEqual(block(9));
    expect(cache.bytes).toBe(120);
    cache.delete(hash(1));
    cache.delete(hash(7));
    expect(cache.get(hash(1))).toBeUndefined();
    expect(cache.bytes).toBe(0);
    cache.set(hash(2), block(2), 251);
    expect(cache.size).toBe(0);
  });
});
