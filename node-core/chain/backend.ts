// ChainBackend: what the chain service and the mempool need from chain storage. db/ChainStore (LevelDB)
// satisfies it structurally, and MemoryChainBackend implements the same contract in memory for the
// simulator and tests. Both report store-level failures with the same DbError codes and invalid blocks
// with the kernel's KernelError, so callers handle one set of errors whichever backend runs.
import type { BlockEffects } from "../kernel/effects.js";
import type { UtxoSetSummary } from "../kernel/utxo-set-summary.js";
import type { CertifiedBlock, Hash32, OutPoint, PublicKey } from "../types/chain.js";
import type { MasternodeRecord, UndoRecord, UtxoEntry } from "../types/state.js";

export interface ChainTip {
  readonly hash: Hash32;
  readonly height: bigint;
}

/** Verifies signature checks in order, one boolean per check (crypto's verifyAll or a VerifyPool batch). */
export type { SignatureVerifier } from "../db/options.js";

export interface ChainBackend {
  /** The active chain's tip; null before genesis is connected. */
  getTip(): ChainTip | null;
  getGenesisHash(): Hash32 | null;
  /** One entry per outpoint, in order; null where the outpoint is not unspent. */
  getUtxos(outpoints: readonly OutPoint[]): Promise<(UtxoEntry | null)[]>;
  getMasternode(collateral: OutPoint): Promise<MasternodeRecord | null>;
  getMasternodeByOperator(operatorPublicKey: PublicKey): Promise<MasternodeRecord | null>;
  /** Every masternode registered at the tip, in collateral outpoint order (txid bytes, then index). */
  listMasternodes(): Promise<MasternodeRecord[]>;
  getBlockByHeight(height: bigint): Promise<CertifiedBlock | null>;
  getBlockByHash(hash: Hash32): Promise<CertifiedBlock | null>;
  /** The undo record of an active-chain block, or null. */
  getUndoRecord(blockHash: Hash32): Promise<UndoRecord | null>;
  utxoSetSummary(): Promise<UtxoSetSummary>;
  /**
   * Checks the block on top of the tip (genesis when empty) with the kernel, verifies its signatures and
   * applies it atomically. Invalid blocks throw and leave the backend unchanged.
   */
  connectBlock(certified: CertifiedBlock): Promise<BlockEffects>;
  /** Disconnects the tip (never genesis) through its undo record and returns it. */
  disconnectTip(): Promise<CertifiedBlock>;
  /** Disconnects down to `height`, returning the blocks tip first; refuses more than MAX_REORG_DEPTH. */
  rollbackTo(height: bigint): Promise<CertifiedBlock[]>;
}
