// A VRF scheme that remembers the outputs of proofs it found valid, and can have proofs checked ahead, on
// another core, before anyone asks. A proof's verification is a pure function of (public key, proof, alpha)
// and costs about 2 ms of BigInt curve arithmetic; a syncing node checked one per imported block on its
// main thread (about a fifth of its time there), while the proofs of a received batch of blocks were
// already in hand. The import path still asks `verify` for every proof: a hit returns the output found
// earlier for the exact same triple, a miss verifies on the spot. Only valid results are kept (as with the
// signature cache): a peer cannot fill it with junk that costs nothing to produce.
import { createHash } from "node:crypto";
import type { VrfScheme } from "../consensus/index.js";
import type { VrfCheck } from "../crypto/index.js";

export const DEFAULT_VRF_CACHE_ENTRIES = 4_096;

export type VrfBatchVerifier = (checks: readonly VrfCheck[]) => Promise<(Uint8Array | null)[]>;

export interface CachingVrf {
  /** `inner` with verify answered from the cache when it holds the triple. */
  readonly scheme: VrfScheme;
  /**
   * Verifies `checks` through `batch` (the worker pool) and keeps the valid outputs. Fire and forget: a
   * failure only means the later `verify` does the work itself.
   */
  prefetch(checks: readonly VrfCheck[], batch: VrfBatchVerifier): Promise<void>;
  readonly size: number;
  readonly hits: number;
}

function keyOf(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array): string | null {
  // Fixed-size key and proof, so the concatenation is unambiguous; anything else is never valid anyway.
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return null;
  if (!(proof instanceof Uint8Array) || proof.length !== 80) return null;
  if (!(alpha instanceof Uint8Array)) return null;
  return createHash("sha256").update(publicKey).update(proof).update(alpha).digest("base64");
}

export function cachingVrf(inner: VrfScheme, capacity = DEFAULT_VRF_CACHE_ENTRIES): CachingVrf {
  // Insertion-ordered: the oldest entry goes first when full.
  const outputs = new Map<string, Uint8Array>();
  let hits = 0;
  const remember = (key: string, output: Uint8Array): void => {
    outputs.set(key, output);
    if (outputs.size > capacity) outputs.delete(outputs.keys().next().value as string);
  };
  const scheme: VrfScheme = {
    prove: (secret, alpha) => inner.prove(secret, alpha),
    output: (proof) => inner.output(proof),
    verify(publicKey, proof, alpha) {
      const key = keyOf(publicKey, proof, alpha);
      if (key === null) return inner.verify(publicKey, proof, alpha);
      const known = outputs.get(key);
      if (known !== undefined) {
        hits++;
        // A copy: the caller may keep or change what it is handed.
        return known.slice();
      }
      const output = inner.verify(publicKey, proof, alpha);
      if (output !== null) remember(key, output.slice());
      return output;
    },
  };
  const prefetch = async (checks: readonly VrfCheck[], batch: VrfBatchVerifier): Promise<void> => {
    const wanted: VrfCheck[] = [];
    const keys: string[] = [];
    for (const c of checks) {
      const key = keyOf(c.publicKey, c.proof, c.alpha);
      if (key === null || outputs.has(key)) continue;
      wanted.push(c);
      keys.push(key);
    }
    if (wanted.length === 0) return;
    const results = await batch(wanted);
    results.forEach((output, i) => {
      if (output !== null) remember(keys[i] as string, output);
    });
  };
  return {
    scheme,
    prefetch,
    get size() {
      return outputs.size;
    },
    get hits() {
      return hits;
    },
  };
}
