// What connecting a block does to chain state, as data: the writes storage must make in one atomic batch,
// the undo record that reverses them, and the signature checks the caller must run (synchronously or on
// the worker pool) before committing.
import type { SignatureCheck } from "../crypto/index.js";
import type { Hash32, MasternodeChange, OutPoint, UndoRecord, Utxo } from "../types/index.js";

export interface BlockEffects {
  readonly blockHash: Hash32;
  readonly height: bigint;
  /** txids in block order (index i is transactions[i]). */
  readonly txids: readonly Hash32[];
  /** Outputs to add to the UTXO set (outputs spent within the same block are omitted). */
  readonly created: readonly Utxo[];
  /** Outpoints to remove from the UTXO set (entries in undo.spent). */
  readonly spent: readonly OutPoint[];
  /** Masternode registry writes: `after` null means delete. */
  readonly masternodes: readonly MasternodeChange[];
  readonly undo: UndoRecord;
  /** Every signature the block carries (inputs and special payloads); all must verify. */
  readonly signatureChecks: readonly SignatureCheck[];
  /** Sum of the fees of the non-reward transactions. */
  readonly fees: bigint;
}

/** Outpoints the kernel will look up while checking a block: prefetch these into a MapStateView. */
export interface BlockPrefetch {
  /** Every outpoint spent by an input, plus every outpoint named as masternode collateral. */
  readonly utxos: readonly OutPoint[];
  /** Every outpoint spent by an input or named as collateral (a spent input may be locked collateral). */
  readonly masternodes: readonly OutPoint[];
  /** Operator keys of registrations in the block (uniqueness check). */
  readonly operators: readonly Uint8Array[];
}
