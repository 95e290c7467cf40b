// Transaction statuses as the wallet shows them, built the way api/finality.ts builds the API's: Snowball's
// live status while it votes, final with the time from first sight, "in block N" once a block holds it
// (final, with blockHeight), or rejected with the reason. Pure functions.
import type { FinalityStatus } from "../../consensus/snowball/index.js";
import type { EvictionReason } from "../../mempool/index.js";
import type { WalletTxStatus } from "./types.js";

/** The API's wording for a pool transaction Snowball has not started on. */
export const POOL_PENDING_REASON = "in the mempool, waiting to enter finality voting";

export function pendingStatus(beta: number, reason = POOL_PENDING_REASON): WalletTxStatus {
  return { state: "pending", confidence: 0, beta, reason, finalMs: null, blockHeight: null };
}

export function finalInPool(beta: number, finalMs: number | null): WalletTxStatus {
  return { state: "final", confidence: beta, beta, reason: null, finalMs, blockHeight: null };
}

/** A certified block holds only transactions final at its proposer: the chain has settled it. */
export function finalInBlock(beta: number, height: bigint, finalMs: number | null): WalletTxStatus {
  return { state: "final", confidence: beta, beta, reason: null, finalMs, blockHeight: height };
}

export function rejectedStatus(beta: number, reason: string, finalMs: number | null): WalletTxStatus {
  return { state: "rejected", confidence: 0, beta, reason, finalMs, blockHeight: null };
}

/**
 * Snowball's status as the wallet's. Time to finality is Snowball's own (decidedAt - addedAt, as the API
 * reports it); when it has none, the tracker's first sight and `now` (both from the injected clock).
 */
export function fromSnowball(
  status: FinalityStatus,
  firstSeenAt: number | null,
  now: number,
): WalletTxStatus {
  const finalMs =
    status.state !== "final"
      ? null
      : status.decidedAt !== null
        ? Math.max(0, status.decidedAt - status.addedAt)
        : firstSeenAt !== null
          ? Math.max(0, now - firstSeenAt)
          : null;
  return {
    state: status.state,
    confidence: status.state === "final" ? status.beta : status.confidence,
    beta: status.beta,
    reason: status.state === "final" ? null : status.reason,
    finalMs,
    blockHeight: null,
  };
}

const EVICTION_REASONS: Readonly<Record<EvictionReason, string>> = {
  rejected: "rejected by finality voting: a conflicting transaction won",
  "lost-to-final": "a conflicting transaction became final",
  "conflicts-with-block": "a block spent the same coins",
  capacity: "dropped from a full mempool for paying too little fee per byte",
  "parent-evicted": "a transaction it spends from was dropped",
  "invalid-after-rollback": "no longer valid after a rollback",
};

export function describeEviction(reason: string): string {
  return (EVICTION_REASONS as Record<string, string>)[reason] ?? `dropped from the mempool (${reason})`;
}

export function sameStatus(a: WalletTxStatus, b: WalletTxStatus): boolean {
  return (
    a.state === b.state &&
    a.confidence === b.confidence &&
    a.beta === b.beta &&
    a.reason === b.reason &&
    a.finalMs === b.finalMs &&
    a.blockHeight === b.blockHeight
  );
}
