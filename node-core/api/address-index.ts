// The address index as getaddressutxos / getaddressbalance / getaddresstxids see it: a thin reader over
// the chain store's own index (db/address-entries.ts), which is written in the same atomic batch as each
// block, so every answer matches one tip and nothing is held in memory. (An in-memory index built at start
// used to live here: it was the largest holder of a loaded daemon's heap and grew with the chain.)

import type { ChainView } from "../db/index.js";
import { toHex } from "../types/index.js";

export interface AddressUtxo {
  readonly txid: string;
  readonly index: number;
  readonly amount: bigint;
  readonly height: bigint;
  readonly isReward: boolean;
}

export interface AddressBalance {
  /** Sum of the address's unspent outputs, sat. */
  readonly balance: bigint;
  /** Sum of every output ever paid to it on this chain, sat. */
  readonly received: bigint;
}

export interface AddressIndexModules {
  readonly view: ChainView;
}

export class AddressIndex {
  constructor(
    _opts: Record<string, never>,
    private readonly modules: AddressIndexModules,
  ) {}

  /** The unspent outputs of an address (20-byte payload), oldest first. */
  async utxos(payload: Uint8Array): Promise<AddressUtxo[]> {
    return (await this.modules.view.getAddressUtxos(payload)).map(({ outpoint, entry }) => ({
      txid: toHex(outpoint.txid),
      index: outpoint.index,
      amount: entry.amount,
      height: entry.height,
      isReward: entry.isReward,
    }));
  }

  async balance(payload: Uint8Array): Promise<AddressBalance> {
    const [utxos, txs] = await Promise.all([
      this.modules.view.getAddressUtxos(payload),
      this.modules.view.getAddressTransactions(payload),
    ]);
    let balance = 0n;
    for (const utxo of utxos) balance += utxo.entry.amount;
    let received = 0n;
    for (const tx of txs) received += tx.received;
    return { balance, received };
  }

  /** txids paying or spending from an address, in chain order. */
  async txids(payload: Uint8Array): Promise<string[]> {
    return (await this.modules.view.getAddressTransactions(payload)).map((tx) => toHex(tx.txid));
  }
}
