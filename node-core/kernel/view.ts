// The kernel's window on chain state: a synchronous view of the UTXO set and the masternode registry.
// Storage prefetches exactly the entries a block needs (see blockPrefetch) into a MapStateView, so the
// kernel stays pure and synchronous while LevelDB is read in bulk with getMany.

import type { MasternodeRecord, OutPoint, PublicKey, Utxo, UtxoEntry } from "../types/index.js";
import { toHex } from "../types/index.js";

export interface StateView {
  getUtxo(outpoint: OutPoint): UtxoEntry | undefined;
  getMasternode(collateral: OutPoint): MasternodeRecord | undefined;
  /** Collateral outpoint of the masternode registered with this operator key, if any. */
  getCollateralByOperator(operatorPublicKey: PublicKey): OutPoint | undefined;
}

/** Map key for an outpoint: txid hex + ":" + index. */
export function outpointKey(outpoint: OutPoint): string {
  return `${toHex(outpoint.txid)}:${outpoint.index}`;
}

/** A StateView over plain maps; used with prefetched entries and as the in-memory reference model. */
export class MapStateView implements StateView {
  readonly utxos = new Map<string, Utxo>();
  readonly masternodes = new Map<string, MasternodeRecord>();
  /** operator key hex -> collateral outpoint */
  readonly operators = new Map<string, OutPoint>();

  getUtxo(outpoint: OutPoint): UtxoEntry | undefined {
    return this.utxos.get(outpointKey(outpoint))?.entry;
  }

  getMasternode(collateral: OutPoint): MasternodeRecord | undefined {
    return this.masternodes.get(outpointKey(collateral));
  }

  getCollateralByOperator(operatorPublicKey: PublicKey): OutPoint | undefined {
    return this.operators.get(toHex(operatorPublicKey));
  }

  setUtxo(outpoint: OutPoint, entry: UtxoEntry): void {
    this.utxos.set(outpointKey(outpoint), { outpoint, entry });
  }

  deleteUtxo(outpoint: OutPoint): void {
    this.utxos.delete(outpointKey(outpoint));
  }

  setMasternode(record: MasternodeRecord): void {
    this.masternodes.set(outpointKey(record.collateral), record);
    this.operators.set(toHex(record.operatorPublicKey), record.collateral);
  }

  deleteMasternode(collateral: OutPoint): void {
    const key = outpointKey(collateral);
    const existing = this.masternodes.get(key);
    if (!existing) return;
    this.masternodes.delete(key);
    this.operators.delete(toHex(existing.operatorPublicKey));
  }
}
