// The Snowball engine's contract with the node, the p2p layer and the simulator: injected modules, the
// outbox for queries, and the finality status shown to users.
import type { Logger } from "../../util/index.js";
import type { Clock, Rng, Scheduler } from "../index.js";

export interface SnowballOutbox {
  /** Sends one query; the answer comes back through Snowball.onReply(peerId, requestId, bits). */
  sendQuery(peerId: string, requestId: number, txids: readonly Uint8Array[]): void;
}

export interface ValidatorWeight {
  /** Lowercase hex of the operator public key. */
  readonly id: string;
  readonly weight: number;
}

export interface SnowballModules {
  /** Where a throwing onFinal/onRejected listener is reported (it is never rethrown). */
  readonly logger: Logger;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly outbox: SnowballOutbox;
  /**
   * The voting validators of the current height, from chain state. NOT filtered by liveness: sampling only
   * the validators this node hears from lets each side of a partition reach the threshold on its own and
   * finalize its half of a double spend (the simulator reproduces it). Use `isReachable` instead.
   */
  readonly validators: () => readonly ValidatorWeight[];
  /** This node's validator id, or null when it is not a validator. */
  readonly selfId: string | null;
  /**
   * Optional liveness hint (heartbeats): a sampled validator for which it returns false is not queried and
   * counts as NO at once. It stays in the sample and in the polled weight, so the threshold is unchanged;
   * the hint only saves messages and the wait for a timeout.
   */
  readonly isReachable?: (id: string) => boolean;
}

export type FinalityState = "pending" | "voting" | "final" | "rejected";

export interface FinalityStatus {
  readonly state: FinalityState;
  /** Minimum over the transaction's conflict sets of its consecutive successes as the preference. */
  readonly confidence: number;
  readonly beta: number;
  /** Completed polls that included the transaction. */
  readonly polls: number;
  readonly successfulPolls: number;
  readonly addedAt: number;
  readonly decidedAt: number | null;
  /** Plain language: why it is still pending/voting, or what it lost to; null once final. */
  readonly reason: string | null;
}

export type FinalityListener = (txid: Uint8Array, status: FinalityStatus) => void;

/** What the engine announces on its EventHub (the txid is a copy: listeners cannot change the engine's). */
export interface SnowballEvents {
  "snowball:final": { readonly txid: Uint8Array; readonly status: FinalityStatus };
  "snowball:rejected": { readonly txid: Uint8Array; readonly status: FinalityStatus };
}

/** Counters for benchmarks and the simulator's message accounting. */
export interface SnowballStats {
  readonly pollsLaunched: number;
  readonly pollsResolved: number;
  readonly pollsTimedOut: number;
  readonly queriesSent: number;
  /** Of queriesSent: re-sent to validators that had not answered after a few round trips. */
  readonly queriesResent: number;
  readonly repliesAccepted: number;
  readonly repliesIgnored: number;
  readonly pollsInFlight: number;
  readonly transactionsKnown: number;
  readonly transactionsVoting: number;
}
