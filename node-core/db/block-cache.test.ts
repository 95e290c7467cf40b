// The block cache keeps the most recently used blocks within its heap budget, charges each block its decoded
// size (not its encoding), and forgets deleted ones.
import { describe, expect, it } from "vitest";
import { encodeCertifiedBlock } from "../codec/index.js";
import { TestChain } from "../testing/index.js";
import type { CertifiedBlock } from "../types/index.js";
import { BlockCache } from "./block-cache.js";
import { estimatedHeapBytes } from "./heap-estimate.js";

const hash = (n: number) => new Uint8Array(32).fill(n);

function blocks(count: number): CertifiedBlock[] {
  const chain = new TestChain({ seed: 5, child: { maxTransactions: 4, maxOutputs: 3 } });
  return Array.from({ length: count }, () => chain.extend());
}

describe("BlockCache", () => {
  const [a, b, c, d] = blocks(4) as [CertifiedBlock, CertifiedBlock, CertifiedBlock, CertifiedBlock];
  const largest = Math.max(...[a, b, c, d].map(estimatedHeapBytes));

  it("evicts the least recently used first once over its budget", () => {
    // Room for any three of the four, never for all four.
    const budget = 3 * largest;
    const all = [a, b, c, d].map(estimatedHeapBytes).reduce((x, y) => x + y);
    expect(all).toBeGreaterThan(budget);
    const cache = new BlockCache(budget);
    cache.set(hash(1), a);
    cache.set(hash(2), b);
    cache.set(hash(3), c);
    expect(cache.get(hash(1))).toBe(a);
    // 1 was used last, so 2 goes when 4 arrives
    cache.set(hash(4), d);
    expect(cache.get(hash(2))).toBeUndefined();
    expect(cache.get(hash(1))).toBe(a);
    expect(cache.get(hash(3))).toBe(c);
    expect(cache.get(hash(4))).toBe(d);
    expect(cache.bytes).toBe(estimatedHeapBytes(a) + estimatedHeapBytes(c) + estimatedHeapBytes(d));
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    expect(cache.size).toBe(3);
  });

  it("replaces an entry under the same hash, deletes, and never keeps a block bigger than the budget", () => {
    const cache = new BlockCache(2 * largest);
    cache.set(hash(1), a);
    cache.set(hash(1), b);
    expect(cache.get(hash(1))).toBe(b);
    expect(cache.bytes).toBe(estimatedHeapBytes(b));
    cache.delete(hash(1));
    cache.delete(hash(7));
    expect(cache.get(hash(1))).toBeUndefined();
    expect(cache.bytes).toBe(0);
    const tight = new BlockCache(estimatedHeapBytes(c) - 1);
    tight.set(hash(2), c);
    expect(tight.size).toBe(0);
  });

  it("charges a block its decoded heap, several times its encoding", () => {
    // Charged by encoded size, a budget of twice the encoding kept the block, whose decoded form is ~7x that.
    const encoded = encodeCertifiedBlock(a).length;
    expect(estimatedHeapBytes(a)).toBeGreaterThan(4 * encoded);
    const cache = new BlockCache(2 * encoded);
    cache.set(hash(1), a);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});
