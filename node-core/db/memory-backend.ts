// MemoryChainBackend: the ChainBackend contract (chain-view.ts) over a MapStateView, a block list, undo
// records and a tx index, driven
// by the kernel's checkBlock/applyEffects/revertUndo. The simulator runs a hundred of these in one process;
// the property test holds it to byte-identical results with the LevelDB ChainStore, including the DbError
// codes, so code written against one backend behaves the same on the other.

import { transactionId } from "../codec/index.js";
import { verifyAll } from "../crypto/index.js";
import type { BlockEffects } from "../kernel/index.js";
import {
  applyEffects,
  checkBlock,
  compareOutpoints,
  MapStateView,
  revertUndo,
  summarizeUtxos,
  type UtxoSetSummary,
} from "../kernel/index.js";
import type { NetworkParams } from "../params/index.js";
import type {
  AddressPayload,
  CertifiedBlock,
  Hash32,
  MasternodeRecord,
  OutPoint,
  PublicKey,
  UndoRecord,
  Utxo,
  UtxoEntry,
} from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { blockAddressEntries } from "./address-entries.js";
import { checkConnectTarget, checkRollbackTarget, rejectFailedSignatures } from "./backend-rules.js";
import type {
  AddressTransaction,
  BeforeCommit,
  ChainBackend,
  ChainTip,
  StoredTransaction,
  TransactionLocation,
} from "./chain-view.js";
import { DbError } from "./errors.js";
import type { SignatureVerifier } from "./options.js";

export interface MemoryChainBackendOptions {
  readonly params: NetworkParams;
  /** When set, connecting another genesis is refused with DB_WRONG_NETWORK (as ChainStore does). */
  readonly genesisHash?: Hash32;
}

export interface MemoryChainBackendModules {
  /** Default: crypto's synchronous verifyAll. The simulator may inject a scheme-based verifier. */
  readonly verifier?: SignatureVerifier;
}

interface StoredBlock {
  readonly certified: CertifiedBlock;
  readonly hash: Hash32;
  readonly undo: UndoRecord;
}

export class MemoryChainBackend implements ChainBackend {
  readonly params: NetworkParams;
  private readonly state = new MapStateView();
  /** The active chain, genesis first: index = height. */
  private readonly chain: StoredBlock[] = [];
  private readonly byHash = new Map<string, number>();
  /** txid hex -> location in the active chain (the tx index). */
  private readonly txIndex = new Map<string, TransactionLocation>();
  private readonly verifier: SignatureVerifier;
  private readonly expectedGenesis: Hash32 | null;
  private writeQueue: Promise<void> = Promise.resolve();

  constructor(opts: MemoryChainBackendOptions, modules: MemoryChainBackendModules = {}) {
    this.params = opts.params;
    this.expectedGenesis = opts.genesisHash ?? null;
    this.verifier = modules.verifier ?? verifyAll;
  }

  // --- reads -------------------------------------------------------------------------------------------

  getTip(): ChainTip | null {
    const top = this.chain[this.chain.length - 1];
    return top ? { hash: top.hash, height: BigInt(this.chain.length - 1) } : null;
  }

  getGenesisHash(): Hash32 | null {
    return this.chain[0]?.hash ?? null;
  }

  async getUtxos(outpoints: readonly OutPoint[]): Promise<(UtxoEntry | null)[]> {
    return outpoints.map((outpoint) => this.state.getUtxo(outpoint) ?? null);
  }

  async getMasternode(collateral: OutPoint): Promise<MasternodeRecord | null> {
    return this.state.getMasternode(collateral) ?? null;
  }

  async getMasternodes(collaterals: readonly OutPoint[]): Promise<(MasternodeRecord | null)[]> {
    return collaterals.map((collateral) => this.state.getMasternode(collateral) ?? null);
  }

  async getMasternodeByOperator(operatorPublicKey: PublicKey): Promise<MasternodeRecord | null> {
    const collateral = this.state.getCollateralByOperator(operatorPublicKey);
    return collateral ? (this.state.getMasternode(collateral) ?? null) : null;
  }

  async listMasternodes(): Promise<MasternodeRecord[]> {
    return [...this.state.masternodes.values()].sort((a, b) => compareOutpoints(a.collateral, b.collateral));
  }

  async getBlockByHeight(height: bigint): Promise<CertifiedBlock | null> {
    if (height < 0n || height >= BigInt(this.chain.length)) return null;
    return (this.chain[Number(height)] as StoredBlock).certified;
  }

  async getBlockByHash(hash: Hash32): Promise<CertifiedBlock | null> {
    const height = this.byHash.get(toHex(hash));
    return height === undefined ? null : (this.chain[height] as StoredBlock).certified;
  }

  async getHashAtHeight(height: bigint): Promise<Hash32 | null> {
    if (height < 0n || height >= BigInt(this.chain.length)) return null;
    return (this.chain[Number(height)] as StoredBlock).hash;
  }

  async getTransactionLocation(txid: Hash32): Promise<TransactionLocation | null> {
    return this.txIndex.get(toHex(txid)) ?? null;
  }

  async getTransaction(txid: Hash32): Promise<StoredTransaction | null> {
    const location = this.txIndex.get(toHex(txid));
    if (!location) return null;
    const stored = this.chain[Number(location.height)] as StoredBlock;
    const transaction = stored.certified.block.transactions[location.position];
    return transaction ? { ...location, transaction } : null;
  }

  async getUndoRecord(hash: Hash32): Promise<UndoRecord | null> {
    const height = this.byHash.get(toHex(hash));
    return height === undefined ? null : (this.chain[height] as StoredBlock).undo;
  }

  async utxoSetSummary(): Promise<UtxoSetSummary> {
    return summarizeUtxos(this.state.utxos.values());
  }

  // The address index is derived on demand (a scan of the UTXO set, a walk of the chain): this backend is
  // the property test's reference for ChainStore's stored index, and the simulator never asks for it.

  async getAddressUtxos(address: AddressPayload): Promise<Utxo[]> {
    return [...this.state.utxos.values()]
      .filter((utxo) => bytesEqual(utxo.entry.address, address))
      .sort(
        (a, b) =>
          (a.entry.height < b.entry.height ? -1 : a.entry.height > b.entry.height ? 1 : 0) ||
          compareOutpoints(a.outpoint, b.outpoint),
      );
  }

  async getAddressTransactions(address: AddressPayload): Promise<AddressTransaction[]> {
    const found: AddressTransaction[] = [];
    this.chain.forEach((stored, height) => {
      const { block } = stored.certified;
      const entries = blockAddressEntries(
        block,
        BigInt(height),
        block.transactions.map(transactionId),
        stored.undo.spent,
      );
      for (const { address: paid, ...entry } of entries.txs) if (bytesEqual(paid, address)) found.push(entry);
    });
    return found;
  }

  // --- writes ------------------------------------------------------------------------------------------

  connectBlock(certified: CertifiedBlock, beforeCommit?: BeforeCommit): Promise<BlockEffects> {
    return this.exclusive(() => this.connectNow(certified, beforeCommit));
  }

  disconnectTip(): Promise<CertifiedBlock> {
    return this.exclusive(async () => this.disconnectNow());
  }

  rollbackTo(height: bigint): Promise<CertifiedBlock[]> {
    return this.exclusive(async () => {
      const tip = this.requireTip();
      checkRollbackTarget(tip.height, height);
      const undone: CertifiedBlock[] = [];
      while (BigInt(this.chain.length - 1) > height) undone.push(this.disconnectNow());
      return undone;
    });
  }

  private async connectNow(certified: CertifiedBlock, beforeCommit?: BeforeCommit): Promise<BlockEffects> {
    const { block, certificate } = certified;
    const parent = this.getTip();
    // The live state is a valid view: writers run one at a time, so nothing changes it until we apply.
    const effects = checkBlock(block, this.state, { params: this.params, parent });
    checkConnectTarget(effects, certificate, parent === null, this.expectedGenesis);
    await this.verifySignatures(effects);
    if (beforeCommit) await beforeCommit(effects);
    applyEffects(this.state, effects);
    effects.txids.forEach((txid, position) => {
      this.txIndex.set(toHex(txid), { blockHash: effects.blockHash, height: effects.height, position });
    });
    this.byHash.set(toHex(effects.blockHash), this.chain.length);
    this.chain.push({ certified, hash: effects.blockHash, undo: effects.undo });
    return effects;
  }

  private disconnectNow(): CertifiedBlock {
    const tip = this.requireTip();
    if (tip.height === 0n) throw new DbError("DB_REFUSE_GENESIS", "genesis cannot be disconnected");
    const top = this.chain.pop() as StoredBlock;
    this.byHash.delete(toHex(top.hash));
    for (const tx of top.certified.block.transactions) this.txIndex.delete(toHex(transactionId(tx)));
    revertUndo(this.state, top.undo);
    return top.certified;
  }

  private async verifySignatures(effects: BlockEffects): Promise<void> {
    if (effects.signatureChecks.length === 0) return;
    rejectFailedSignatures(effects, await this.verifier(effects.signatureChecks));
  }

  private requireTip(): ChainTip {
    const tip = this.getTip();
    if (!tip) throw new DbError("DB_EMPTY", "the store has no blocks");
    return tip;
  }

  /** Writers run one at a time, in call order; a failed writer does not stop the ones after it. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.writeQueue.then(fn);
    this.writeQueue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
