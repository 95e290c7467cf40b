// The signature cache answers exactly as the verifier it wraps (valid, invalid, mixed, async), asks it only
// for what it has not found valid before, never remembers an invalid signature, and stays bounded.
import { describe, expect, it } from "vitest";
import { publicKeyFromSeed, sign, verifyAll } from "../crypto/index.js";
import type { SignatureVerifier } from "../db/index.js";
import { cachingVerifier } from "./signature-cache.js";

function check(seedByte: number, text: string, valid = true) {
  const seed = new Uint8Array(32).fill(seedByte);
  const message = new TextEncoder().encode(text);
  const signature = sign(seed, message);
  if (!valid) signature[0] = (signature[0] as number) ^ 1;
  return { publicKey: publicKeyFromSeed(seed), message, signature };
}

describe("cachingVerifier", () => {
  it("answers as the inner verifier and asks it only for triples not yet found valid", async () => {
    const asked: number[] = [];
    const inner: SignatureVerifier = (checks) => {
      asked.push(checks.length);
      return verifyAll(checks);
    };
    const cache = cachingVerifier(inner);
    const [a, b, bad] = [check(1, "a"), check(2, "b"), check(3, "c", false)];
    expect(await cache.verify([a, bad])).toEqual([true, false]);
    expect(await cache.verify([a, b, bad])).toEqual([true, true, false]);
    // a was remembered, b and the invalid one were asked again (invalid results are never cached)
    expect(asked).toEqual([2, 2]);
    expect(await cache.verify([a, b])).toEqual([true, true]);
    expect(asked).toEqual([2, 2]);
    expect(cache.hits).toBe(3);
    // the same signature under another message is a different triple
    expect(await cache.verify([{ ...a, message: b.message }])).toEqual([false]);
  });

  it("works with an asynchronous verifier and stays within its capacity", async () => {
    const cache = cachingVerifier(async (checks) => verifyAll(checks), 2);
    const checks = [check(1, "x"), check(2, "y"), check(3, "z")];
    expect(await cache.verify(checks)).toEqual([true, true, true]);
    expect(cache.size).toBe(2);
  });

  it("shares a verification in flight: a second caller waits for it instead of asking again", async () => {
    const asked: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inner: SignatureVerifier = async (checks) => {
      asked.push(checks.length);
      await gate;
      return verifyAll(checks);
    };
    const cache = cachingVerifier(inner);
    const [a, b, bad] = [check(1, "a"), check(2, "b"), check(3, "c", false)];
    const first = cache.verify([a, bad]);
    const second = cache.verify([bad, b, a]);
    release();
    expect(await first).toEqual([true, false]);
    expect(await second).toEqual([false, true, true]);
    // the second call asked only for b; a and the invalid one came from the first call's answer
    expect(asked).toEqual([2, 1]);
    // the invalid one is not remembered once settled: asked again
    expect(await cache.verify([bad])).toEqual([false]);
    expect(asked).toEqual([2, 1, 1]);
  });

  it("a failed verification fails its waiters too, and is asked again afterwards", async () => {
    let fail = true;
    const asked: number[] = [];
    const inner: SignatureVerifier = async (checks) => {
      asked.push(checks.length);
      await Promise.resolve();
      if (fail) throw new Error("pool closed");
      return verifyAll(checks);
    };
    const cache = cachingVerifier(inner);
    const a = check(1, "a");
    const first = cache.verify([a]);
    const second = cache.verify([a]);
    await expect(first).rejects.toThrow("pool closed");
    await expect(second).rejects.toThrow("pool closed");
    fail = false;
    expect(await cache.verify([a])).toEqual([true]);
    expect(asked).toEqual([1, 1]);
  });
});

describe("cachingVerifier.verifyOne", () => {
  it("answers at once from what a batch found valid, and verifies the rest on the spot", async () => {
    const direct: number[] = [];
    const cache = cachingVerifier(
      async (checks) => verifyAll(checks),
      100,
      (publicKey, message, signature) => {
        direct.push(1);
        return verifyAll([{ publicKey, message, signature }])[0] === true;
      },
    );
    const [a, b, bad] = [check(1, "a"), check(2, "b"), check(3, "c", false)];
    await cache.verify([a]);
    expect(cache.verifyOne(a.publicKey, a.message, a.signature)).toBe(true);
    expect(direct).toHaveLength(0);
    expect(cache.verifyOne(b.publicKey, b.message, b.signature)).toBe(true);
    expect(cache.verifyOne(bad.publicKey, bad.message, bad.signature)).toBe(false);
    expect(direct).toHaveLength(2);
    // b is now remembered; the invalid one is not
    expect(cache.verifyOne(b.publicKey, b.message, b.signature)).toBe(true);
    expect(cache.verifyOne(bad.publicKey, bad.message, bad.signature)).toBe(false);
    expect(direct).toHaveLength(3);
    // and what verifyOne found valid serves batches too
    expect(await cache.verify([b])).toEqual([true]);
  });

  it("answers false for fields that are not bytes, without caching them", () => {
    const cache = cachingVerifier((checks) => verifyAll(checks));
    const a = check(1, "a");
    expect(cache.verifyOne(a.publicKey, "a" as unknown as Uint8Array, a.signature)).toBe(false);
    expect(cache.size).toBe(0);
  });
});
