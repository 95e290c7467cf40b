// A verifier that remembers the signatures it found valid: a transaction's signatures are checked when the
// mempool admits it, again when its block is proposed (every validator's candidate check) and again when
// the block is imported. Verification is a pure function of (public key, message, signature), so a bounded
// memo of valid triples changes no answer, only how often the same work is done (Bitcoin Core keeps a
// signature cache for the same reason). Invalid results are never cached: a peer cannot fill it with junk
// that costs nothing to produce.
import type { SignatureVerifier } from "../db/index.js";
import { toHex } from "../types/index.js";

export const DEFAULT_SIGNATURE_CACHE_ENTRIES = 200_000;

export interface CachingVerifier {
  readonly verify: SignatureVerifier;
  readonly size: number;
  readonly hits: number;
}

export function cachingVerifier(
  inner: SignatureVerifier,
  capacity = DEFAULT_SIGNATURE_CACHE_ENTRIES,
): CachingVerifier {
  // Insertion-ordered: the oldest entry goes first when full (a FIFO is enough for a cache of recent work).
  const valid = new Set<string>();
  let hits = 0;
  const keyOf = (c: { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }) =>
    `${toHex(c.signature)}${toHex(c.publicKey)}${toHex(c.message)}`;
  const verify: SignatureVerifier = (checks) => {
    const keys = checks.map(keyOf);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) if (!valid.has(keys[i] as string)) missing.push(i);
    hits += checks.length - missing.length;
    if (missing.length === 0) return checks.map(() => true);
    const finish = (results: readonly boolean[]): boolean[] => {
      const out = checks.map(() => true);
      missing.forEach((index, j) => {
        const ok = results[j] === true;
        out[index] = ok;
        if (ok) {
          valid.add(keys[index] as string);
          if (valid.size > capacity) valid.delete(valid.values().next().value as string);
        }
      });
      return out;
    };
    const results = inner(missing.map((i) => checks[i] as (typeof checks)[number]));
    return results instanceof Promise ? results.then(finish) : finish(results);
  };
  return {
    verify,
    get size() {
      return valid.size;
    },
    get hits() {
      return hits;
    },
  };
}
