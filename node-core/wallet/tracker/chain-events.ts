// The tracker's input, kept narrow so the wallet service wires it to the node (chain:block, chain:rollback,
// mempool:added / mempool:evicted, snowball:final / snowball:rejected and live Snowball statuses, local
// submissions) without the tracker knowing the node. Each call is queued and applied in call order.
import type { FinalityStatus } from "../../consensus/snowball/index.js";
import type { CertifiedBlock, Hash32, Transaction } from "../../types/index.js";

export interface PoolTransaction {
  readonly tx: Transaction;
  /** The mempool already holds it as final (e.g. returned by a rollback after it was final). */
  readonly final?: boolean;
}

export interface WalletChainEvents {
  /** A block connected on top of the chain ("chain:block"). */
  onBlock(certified: CertifiedBlock): Promise<void>;
  /** Blocks disconnected, tip first ("chain:rollback"). */
  onRollback(blocks: readonly CertifiedBlock[]): Promise<void>;
  /** A transaction entered the mempool or was submitted by this wallet ("mempool:added", submit). */
  onPoolTransaction(pool: PoolTransaction): Promise<void>;
  /** A transaction left the mempool without a block; `reason` is the mempool's EvictionReason. */
  onPoolEviction(txid: Hash32 | string, reason: string): Promise<void>;
  /** Snowball's status of a transaction (voting updates, "snowball:final", "snowball:rejected"). */
  onFinality(txid: Hash32 | string, status: FinalityStatus): Promise<void>;
}
