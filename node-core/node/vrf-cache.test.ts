// The VRF cache answers exactly as the scheme it wraps, serves outputs a prefetch found (so the import does
// no curve work for them), never keeps an invalid proof's answer, copies what it hands out, and stays bounded.
import { describe, expect, it } from "vitest";
import { ecvrfScheme, type VrfScheme } from "../consensus/index.js";
import { type VrfCheck, vrfProve, vrfPublicKey, vrfVerify } from "../crypto/index.js";
import { cachingVrf } from "./vrf-cache.js";

function proofCheck(seedByte: number, text: string): VrfCheck {
  const seed = new Uint8Array(32).fill(seedByte);
  const alpha = new TextEncoder().encode(text);
  return { publicKey: vrfPublicKey(seed), proof: vrfProve(seed, alpha), alpha };
}

function countingScheme(): { scheme: VrfScheme; calls: () => number } {
  let n = 0;
  return {
    scheme: {
      ...ecvrfScheme,
      verify(publicKey, proof, alpha) {
        n++;
        return ecvrfScheme.verify(publicKey, proof, alpha);
      },
    },
    calls: () => n,
  };
}

const poolLike = async (checks: readonly VrfCheck[]) =>
  checks.map((c) => vrfVerify(c.publicKey, c.proof, c.alpha));

describe("cachingVrf", () => {
  it("verifies a proof once, then answers from the cache with a copy", () => {
    const inner = countingScheme();
    const cache = cachingVrf(inner.scheme);
    const c = proofCheck(1, "h1");
    const first = cache.scheme.verify(c.publicKey, c.proof, c.alpha);
    expect(first).toEqual(vrfVerify(c.publicKey, c.proof, c.alpha));
    (first as Uint8Array)[0] = ((first as Uint8Array)[0] as number) ^ 0xff;
    const second = cache.scheme.verify(c.publicKey, c.proof, c.alpha);
    expect(second).toEqual(vrfVerify(c.publicKey, c.proof, c.alpha));
    expect(inner.calls()).toBe(1);
    expect(cache.hits).toBe(1);
  });

  it("never keeps an invalid answer, and a proof under another input is another entry", () => {
    const inner = countingScheme();
    const cache = cachingVrf(inner.scheme);
    const c = proofCheck(2, "h2");
    const other = new TextEncoder().encode("h3");
    expect(cache.scheme.verify(c.publicKey, c.proof, other)).toBeNull();
    expect(cache.scheme.verify(c.publicKey, c.proof, other)).toBeNull();
    expect(inner.calls()).toBe(2);
    expect(cache.size).toBe(0);
    // malformed sizes go straight to the scheme, which refuses them
    expect(cache.scheme.verify(c.publicKey, c.proof.subarray(1), c.alpha)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it("serves what a prefetch verified without asking the scheme, and skips what it already holds", async () => {
    const inner = countingScheme();
    const cache = cachingVrf(inner.scheme);
    const good = [proofCheck(3, "a"), proofCheck(4, "b")];
    const bad = { ...proofCheck(5, "c"), alpha: new Uint8Array([9]) };
    const asked: number[] = [];
    await cache.prefetch([...good, bad], async (checks) => {
      asked.push(checks.length);
      return poolLike(checks);
    });
    expect(cache.size).toBe(2);
    for (const c of good)
      expect(cache.scheme.verify(c.publicKey, c.proof, c.alpha)).toEqual(
        vrfVerify(c.publicKey, c.proof, c.alpha),
      );
    expect(inner.calls()).toBe(0);
    expect(cache.scheme.verify(bad.publicKey, bad.proof, bad.alpha)).toBeNull();
    expect(inner.calls()).toBe(1);
    await cache.prefetch(good, async (checks) => {
      asked.push(checks.length);
      return poolLike(checks);
    });
    expect(asked).toEqual([3]);
  });

  it("a failed prefetch leaves the work to verify", async () => {
    const inner = countingScheme();
    const cache = cachingVrf(inner.scheme);
    const c = proofCheck(6, "d");
    await expect(cache.prefetch([c], async () => Promise.reject(new Error("pool closed")))).rejects.toThrow();
    expect(cache.scheme.verify(c.publicKey, c.proof, c.alpha)).not.toBeNull();
    expect(inner.calls()).toBe(1);
  });

  it("stays within its capacity, oldest out", () => {
    const cache = cachingVrf(ecvrfScheme, 2);
    const checks = [proofCheck(7, "x"), proofCheck(8, "y"), proofCheck(9, "z")];
    for (const c of checks) cache.scheme.verify(c.publicKey, c.proof, c.alpha);
    expect(cache.size).toBe(2);
  });
});
