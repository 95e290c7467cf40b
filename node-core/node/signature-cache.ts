// A verifier that remembers the signatures it found valid: a transaction's signatures are checked when the
// mempool admits it, again when its block is proposed (every validator's candidate check) and again when
// the block is imported. Verification is a pure function of (public key, message, signature), so a bounded
// memo of valid triples changes no answer, only how often the same work is done (Bitcoin Core keeps a
// signature cache for the same reason). Invalid results are never cached: a peer cannot fill it with junk
// that costs nothing to produce.
import { createHash } from "node:crypto";
import { verify as verifySignature } from "../crypto/index.js";
import type { SignatureVerifier } from "../db/index.js";

function lengthOf(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

export const DEFAULT_SIGNATURE_CACHE_ENTRIES = 200_000;

export interface CachingVerifier {
  readonly verify: SignatureVerifier;
  /**
   * One check, answered now: from the cache, else by `verifyNow` on this thread (a check an asynchronous
   * batch is still working on is verified again rather than waited for). For synchronous callers such as
   * certificate checks, whose signatures a syncing node verifies ahead through `verify`.
   */
  verifyOne(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  readonly size: number;
  readonly hits: number;
}

export function cachingVerifier(
  inner: SignatureVerifier,
  capacity = DEFAULT_SIGNATURE_CACHE_ENTRIES,
  verifyNow: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean = verifySignature,
): CachingVerifier {
  // Insertion-ordered: the oldest entry goes first when full (a FIFO is enough for a cache of recent work).
  const valid = new Set<string>();
  // Triples an asynchronous verify is working on: a second caller waits for that answer instead of
  // verifying again (a syncing node checks upcoming blocks ahead while it imports the current one).
  const pending = new Map<string, Promise<boolean>>();
  let hits = 0;
  // The key is a SHA-256 of the triple (length-prefixed parts), not the triple's hex: ~300-character keys made
  // a full cache cost ~70 MB; a collision would need one of SHA-256.
  const keyOf = (c: { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }): string =>
    createHash("sha256")
      .update(lengthOf(c.publicKey))
      .update(c.publicKey)
      .update(lengthOf(c.signature))
      .update(c.signature)
      .update(c.message)
      .digest("base64");
  const remember = (key: string): void => {
    valid.add(key);
    if (valid.size > capacity) valid.delete(valid.values().next().value as string);
  };
  const verify: SignatureVerifier = (checks) => {
    const keys = checks.map(keyOf);
    const missing: number[] = [];
    const waits: [number, Promise<boolean>][] = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (valid.has(key)) continue;
      const inFlight = pending.get(key);
      if (inFlight !== undefined) waits.push([i, inFlight]);
      else missing.push(i);
    }
    hits += checks.length - missing.length - waits.length;
    if (missing.length === 0 && waits.length === 0) return checks.map(() => true);
    const out = checks.map(() => true);
    const settle = (results: readonly boolean[]): void => {
      missing.forEach((index, j) => {
        const ok = results[j] === true;
        out[index] = ok;
        if (ok) remember(keys[index] as string);
      });
    };
    const results =
      missing.length === 0 ? [] : inner(missing.map((i) => checks[i] as (typeof checks)[number]));
    if (!(results instanceof Promise) && waits.length === 0) {
      settle(results);
      return out;
    }
    const mine = Promise.resolve(results);
    missing.forEach((index, j) => {
      const key = keys[index] as string;
      // Duplicates within one batch: the first registration stands.
      if (pending.has(key)) return;
      const one = mine.then((r) => r[j] === true);
      pending.set(key, one);
      const forget = () => {
        if (pending.get(key) === one) pending.delete(key);
      };
      one.then(forget, forget);
    });
    return Promise.all([
      mine.then(settle),
      ...waits.map(([index, promise]) =>
        promise.then((ok) => {
          out[index] = ok;
        }),
      ),
    ]).then(() => out);
  };
  const verifyOne = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => {
    const check = { publicKey, message, signature };
    if (
      !(publicKey instanceof Uint8Array) ||
      !(message instanceof Uint8Array) ||
      !(signature instanceof Uint8Array)
    ) {
      return verifyNow(publicKey, message, signature);
    }
    const key = keyOf(check);
    if (valid.has(key)) {
      hits++;
      return true;
    }
    const ok = verifyNow(publicKey, message, signature);
    if (ok) remember(key);
    return ok;
  };
  return {
    verify,
    verifyOne,
    get size() {
      return valid.size;
    },
    get hits() {
      return hits;
    },
  };
}
