// The wallet's view of its money as plain data: coins (with the balance category each falls in), history
// entries with their live status, the balance split, and what scans report. Amounts are bigint sat.
import type { FinalityState } from "../../consensus/snowball/index.js";
import type { AddressPayload, OutPoint, TxOutput } from "../../types/index.js";
import type { AddressChain } from "../accounts/index.js";

/** pending → voting (confidence/beta) → final (finalMs; blockHeight once a block holds it), or rejected. */
export interface WalletTxStatus {
  /** The API's names (api/finality.ts), so the wallet and gettransactionfinality agree. */
  readonly state: FinalityState;
  /** Snowball's consecutive successful polls (the minimum over its conflict sets); beta once final. */
  readonly confidence: number;
  readonly beta: number;
  /** Why it is not final yet, or why it was rejected; null once final. */
  readonly reason: string | null;
  /** Milliseconds from first sight to final on this node, when known. */
  readonly finalMs: number | null;
  /** Height of the block holding it, or null. */
  readonly blockHeight: bigint | null;
}

/**
 * Where a coin's amount counts: spendable (in a block or final, not locked, mature), pending (output of a
 * transaction not final yet), locked (registered masternode collateral), immature (a reward under the
 * maturity), reserved (a pool transaction of ours spends it: it counts nowhere).
 */
export type CoinCategory = "spendable" | "pending" | "locked" | "immature" | "reserved";

export interface WalletCoin {
  readonly outpoint: OutPoint;
  /** Lowercase hex txid of the transaction that created it. */
  readonly txid: string;
  readonly amount: bigint;
  readonly address: AddressPayload;
  readonly chain: AddressChain;
  readonly addressIndex: number;
  /** Height of the block that created it; null for an output of a pool transaction. */
  readonly height: bigint | null;
  /** Created by an input-less (reward or genesis) transaction. */
  readonly isReward: boolean;
  /** The pool transaction of ours spending it, or null. */
  readonly reservedBy: string | null;
  readonly category: CoinCategory;
}

export interface WalletBalance {
  readonly spendable: bigint;
  readonly pending: bigint;
  readonly locked: bigint;
  readonly immature: bigint;
}

export interface WalletTransaction {
  readonly txid: string;
  /** Sum of its outputs paying this account. */
  readonly received: bigint;
  /** Sum of this account's coins its inputs spend. */
  readonly sent: bigint;
  /** received - sent: what the transaction did to the balance. */
  readonly net: bigint;
  /** The fee, when every input is this account's (otherwise unknown without the other coins). */
  readonly fee: bigint | null;
  readonly isReward: boolean;
  readonly height: bigint | null;
  readonly blockHash: string | null;
  /** Index in its block, or null. */
  readonly position: number | null;
  /** Clock time this tracker first saw it in the pool; null for one found in a block. */
  readonly firstSeenAt: number | null;
  readonly status: WalletTxStatus;
  /**
   * Given up on by the user (abandontransaction): its pool effects are undone (its inputs spendable again,
   * its outputs gone) until the network makes it final or a block holds it anyway.
   */
  readonly abandoned: boolean;
}

/**
 * Where one input of a wallet transaction stands: `reserved` by this transaction itself, `free` (spendable
 * again), `held` by another pending transaction of ours (`heldBy`), or `gone`: spent by a transaction in a
 * block or by one that won the conflict, so the wallet no longer has it.
 */
export interface SendInputState {
  readonly outpoint: OutPoint;
  /** sat; null when the coin is gone and the wallet no longer knows it. */
  readonly amount: bigint | null;
  readonly state: "reserved" | "free" | "held" | "gone";
  readonly heldBy: string | null;
}

/** What a send of ours spent and paid, for explaining it and sending it again. */
export interface SendDetails {
  readonly transaction: WalletTransaction;
  /** Its inputs that were this wallet's (by public key), in input order. */
  readonly inputs: readonly SendInputState[];
  /** Its outputs to addresses that are not this wallet's (the recipients), in output order. */
  readonly recipients: readonly TxOutput[];
  /** The transaction body is known (it is kept while the transaction is not in a block). */
  readonly known: boolean;
}

/** What abandoning did: the transactions marked (the one asked for, then its descendants of ours). */
export interface AbandonResult {
  readonly abandoned: readonly string[];
  /** The inputs of the one asked for, after abandoning. */
  readonly inputs: readonly SendInputState[];
}

/** A scan's progress: after `height` of `tip`; `found` transactions of this account so far. */
export interface ScanProgress {
  readonly height: bigint;
  readonly tip: bigint;
  readonly found: number;
  /** 1 for the first pass; another pass runs when the gap window grew during one (see scan.ts). */
  readonly pass: number;
  /** The height a resumed scan continued from (it says so), or null for a scan from its birthday. */
  readonly resumedFrom: bigint | null;
  readonly done: boolean;
}
