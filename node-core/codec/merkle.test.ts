// Merkle root tests: hand-expanded small trees (hashed with @noble/hashes, independent of the hash-wasm
// BLAKE3 the codec uses), the odd-node promotion rule, and the CVE-2012-2459 duplication case.
import { blake3 as nobleBlake3 } from "@noble/hashes/blake3.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes } from "../types/bytes.js";
import { arbHash32 } from "./arbitraries.js";
import { merkleRoot } from "./merkle.js";

const leaf = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const node = (l: Uint8Array, r: Uint8Array): Uint8Array =>
  nobleBlake3(concatBytes(new Uint8Array([1]), l, r));

describe("merkleRoot", () => {
  const [a, b, c, d, e] = [1, 2, 3, 4, 5].map(leaf) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];

  it("empty list gives 32 zero bytes; one leaf gives that leaf (as a copy)", () => {
    expect(merkleRoot([])).toEqual(new Uint8Array(32));
    const root = merkleRoot([a]);
    expect(root).toEqual(a);
    expect(root).not.toBe(a);
  });

  it("hand-expanded trees of 2, 3, 4 and 5 leaves", () => {
    expect(merkleRoot([a, b])).toEqual(node(a, b));
    expect(merkleRoot([a, b, c])).toEqual(node(node(a, b), c));
    expect(merkleRoot([a, b, c, d])).toEqual(node(node(a, b), node(c, d)));
    expect(merkleRoot([a, b, c, d, e])).toEqual(node(node(node(a, b), node(c, d)), e));
  });

  it("an odd last node is promoted, not duplicated: [a,b,c] and [a,b,c,c] differ (CVE-2012-2459)", () => {
    expect(merkleRoot([a, b, c])).not.toEqual(merkleRoot([a, b, c, c]));
    expect(merkleRoot([a, b, c, d, e])).not.toEqual(merkleRoot([a, b, c, d, e, e]));
  });

  it("matches a recursive reference definition and depends on leaf order", () => {
    // Reference: split at the largest power of two below n; equivalent to level-by-level promotion.
    const reference = (leaves: readonly Uint8Array[]): Uint8Array => {
      if (leaves.length === 1) return leaves[0] as Uint8Array;
      let split = 1;
      while (split * 2 < leaves.length) split *= 2;
      return node(reference(leaves.slice(0, split)), reference(leaves.slice(split)));
    };
    fc.assert(
      fc.property(fc.array(arbHash32, { minLength: 1, maxLength: 40 }), (leaves) => {
        const copy = leaves.map((l) => l.slice());
        expect(merkleRoot(leaves)).toEqual(reference(leaves));
        expect(leaves).toEqual(copy);
        if (leaves.length >= 2 && Buffer.compare(leaves[0]!, leaves[1]!) !== 0) {
          const swapped = [leaves[1]!, leaves[0]!, ...leaves.slice(2)];
          expect(merkleRoot(swapped)).not.toEqual(merkleRoot(leaves));
        }
      }),
      { numRuns: 200 },
    );
  });
});
