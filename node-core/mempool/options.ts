// Mempool options (limits the node configures) and modules (what the composition root injects).

import type { Clock } from "../consensus/index.js";
import type { ChainView, SignatureVerifier } from "../db/index.js";
import type { NetworkParams } from "../params/index.js";
import type { Logger } from "../util/index.js";
import { MempoolError } from "./errors.js";

export interface MempoolOptions {
  /** Most transactions held at once. */
  readonly maxTransactions: number;
  /** Most bytes (sum of encoded transaction sizes) held at once. */
  readonly maxBytes: number;
}

export const DEFAULT_MEMPOOL_OPTIONS: MempoolOptions = Object.freeze({
  maxTransactions: 50_000,
  maxBytes: 64 * 1024 * 1024,
});

export interface MempoolModules {
  /** The chain, read-only: the pool checks against it and never writes it. */
  readonly backend: ChainView;
  readonly params: NetworkParams;
  /** Arrival times (eviction tie-break, how long a transaction has waited). */
  readonly clock: Clock;
  /** Default: crypto's synchronous verifyAll; the node may pass its VerifyPool's batch verify. */
  readonly verifier?: SignatureVerifier;
  /** Where the pool reports what it cannot throw (a listener that threw). */
  readonly logger: Logger;
}

export function resolveMempoolOptions(opts: Partial<MempoolOptions> = {}): MempoolOptions {
  const resolved = { ...DEFAULT_MEMPOOL_OPTIONS, ...opts };
  for (const name of ["maxTransactions", "maxBytes"] as const) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new MempoolError("MEMPOOL_BAD_OPTIONS", `${name} must be a positive integer`, {
        actual: String(value),
      });
    }
  }
  return resolved;
}
