// The storage contract, split by who may do what. ChainView is the read-only face of the chain (all that the
// API, the wallet and the network handlers see); ChainWriter is the one door that changes it (the chain
// service alone holds it). ChainBackend is both: the LevelDB ChainStore and the in-memory MemoryChainBackend
// implement it, report store failures with the same DbError codes and invalid blocks with the kernel's
// KernelError, and are held to byte-identical results by the backend property test.
import type { BlockEffects, UtxoSetSummary } from "../kernel/index.js";
import type {
  AddressPayload,
  CertifiedBlock,
  Hash32,
  MasternodeRecord,
  OutPoint,
  PublicKey,
  Transaction,
  UndoRecord,
  Utxo,
  UtxoEntry,
} from "../types/index.js";

/** The end of the active chain. */
export interface ChainTip {
  readonly hash: Hash32;
  readonly height: bigint;
}

/** Where a transaction of the active chain sits. */
export interface TransactionLocation {
  readonly blockHash: Hash32;
  readonly height: bigint;
  /** Index of the transaction in its block (0 is the reward transaction). */
  readonly position: number;
}

export interface StoredTransaction extends TransactionLocation {
  readonly transaction: Transaction;
}

export interface ChainView {
  /** The active chain's tip; null before genesis is connected. */
  getTip(): ChainTip | null;
  getGenesisHash(): Hash32 | null;
  getBlockByHeight(height: bigint): Promise<CertifiedBlock | null>;
  getBlockByHash(hash: Hash32): Promise<CertifiedBlock | null>;
  getHashAtHeight(height: bigint): Promise<Hash32 | null>;
  /** One entry per outpoint, in order; null where the outpoint is not unspent. */
  getUtxos(outpoints: readonly OutPoint[]): Promise<(UtxoEntry | null)[]>;
  getMasternode(collateral: OutPoint): Promise<MasternodeRecord | null>;
  /** One entry per collateral outpoint, in order (one store read for all: the mempool asks per input). */
  getMasternodes(collaterals: readonly OutPoint[]): Promise<(MasternodeRecord | null)[]>;
  getMasternodeByOperator(operatorPublicKey: PublicKey): Promise<MasternodeRecord | null>;
  /** Every masternode registered at the tip, in collateral outpoint order (txid bytes, then index). */
  listMasternodes(): Promise<MasternodeRecord[]>;
  /** The active-chain location of a transaction, from the tx index. */
  getTransactionLocation(txid: Hash32): Promise<TransactionLocation | null>;
  getTransaction(txid: Hash32): Promise<StoredTransaction | null>;
  /** The undo record of an active-chain block, or null. */
  getUndoRecord(blockHash: Hash32): Promise<UndoRecord | null>;
  utxoSetSummary(): Promise<UtxoSetSummary>;
  /** The address index (as Dash Core's): the unspent outputs paying `address`, by height then outpoint. */
  getAddressUtxos(address: AddressPayload): Promise<Utxo[]>;
  /** The address index: every transaction paying `address` or spending from it, in chain order. */
  getAddressTransactions(address: AddressPayload): Promise<AddressTransaction[]>;
}

/** An address index transaction entry. */
export interface AddressTransaction {
  readonly txid: Hash32;
  readonly height: bigint;
  /** Its position in the block. */
  readonly position: number;
  /** What its outputs paid the address, sat (0 when it only spends from it). */
  readonly received: bigint;
}

/**
 * Runs with the kernel's verdict on a block (its effects, fees included) before anything is written: the
 * chain service's consensus checks that need the exact fees (the reward) run here, so a block import runs
 * the kernel once. Throwing refuses the block and leaves the store unchanged.
 */
export type BeforeCommit = (effects: BlockEffects) => void | Promise<void>;

export interface ChainWriter {
  /**
   * Checks the block on top of the tip (genesis when empty) with the kernel, verifies its signatures, runs
   * `beforeCommit` and applies it atomically. Invalid blocks throw and leave the backend unchanged.
   */
  connectBlock(certified: CertifiedBlock, beforeCommit?: BeforeCommit): Promise<BlockEffects>;
  /** Disconnects the tip (never genesis) through its undo record and returns it. */
  disconnectTip(): Promise<CertifiedBlock>;
  /** Disconnects down to `height`, returning the blocks tip first; refuses more than MAX_REORG_DEPTH. */
  rollbackTo(height: bigint): Promise<CertifiedBlock[]>;
}

export interface ChainBackend extends ChainView, ChainWriter {}
