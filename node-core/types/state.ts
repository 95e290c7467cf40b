// Chain state as plain data: the UTXO set, the masternode registrations that lock collateral,
// and the undo record that lets a connected block be disconnected exactly.
import type { AddressPayload, Hash32, OutPoint, PublicKey } from "./chain.js";

export interface UtxoEntry {
  readonly amount: bigint;
  readonly address: AddressPayload;
  /** u64: height of the block that created it. */
  readonly height: bigint;
  /** Created by a reward (input-less) transaction. */
  readonly isReward: boolean;
}

export interface Utxo {
  readonly outpoint: OutPoint;
  readonly entry: UtxoEntry;
}

/** A registered masternode, keyed by its collateral outpoint. Its collateral UTXO is locked while it exists. */
export interface MasternodeRecord {
  readonly collateral: OutPoint;
  readonly collateralAmount: bigint;
  readonly collateralPublicKey: PublicKey;
  readonly operatorPublicKey: PublicKey;
  readonly payoutAddress: AddressPayload;
  readonly networkAddress: string;
  /** u64 */
  readonly registeredHeight: bigint;
}

export interface MasternodeChange {
  readonly collateral: OutPoint;
  /** The record before the block (null: did not exist). */
  readonly before: MasternodeRecord | null;
  /** The record after the block (null: removed). */
  readonly after: MasternodeRecord | null;
}

/**
 * Everything connecting one block changed. Disconnecting replays it backwards:
 * delete `created`, restore `spent`, set every masternode change back to `before`.
 */
export interface UndoRecord {
  readonly height: bigint;
  readonly blockHash: Hash32;
  readonly spent: readonly Utxo[];
  readonly created: readonly OutPoint[];
  readonly masternodes: readonly MasternodeChange[];
}
