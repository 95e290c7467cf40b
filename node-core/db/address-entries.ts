// The address index's entries for one block (Dash Core's -addressindex, kept by the chain store in the
// same atomic batch as the block): the unspent outputs the block adds and removes, each under its address,
// and one transaction entry per (address, transaction) that pays the address or spends from it, with what
// it paid the address. Derived from the block and its undo record alone, so connect and disconnect write
// and delete exactly the same keys, and a rebuild from stored blocks gives the same index.
import { outpointKey } from "../kernel/index.js";
import type { AddressPayload, Block, Hash32, Utxo, UtxoEntry } from "../types/index.js";
import { toHex } from "../types/index.js";

export interface AddressTxEntry {
  readonly address: AddressPayload;
  readonly height: bigint;
  /** The transaction's position in its block. */
  readonly position: number;
  readonly txid: Hash32;
  /** What the transaction's outputs paid this address, sat (0 when it only spends from it). */
  readonly received: bigint;
}

export interface BlockAddressEntries {
  /** The outputs the block leaves unspent (outputs spent within the block are not listed). */
  readonly created: readonly Utxo[];
  /** The earlier outputs the block spends (its undo record's). */
  readonly spent: readonly Utxo[];
  readonly txs: readonly AddressTxEntry[];
}

/**
 * The entries of `block` at `height`, whose transactions have ids `txids`, given the outputs it spent
 * from earlier blocks (`spent`, the undo record's). An input whose output is neither in `spent` nor in the
 * block itself cannot be placed: the block was connected, so that is a caller's bug and throws.
 */
export function blockAddressEntries(
  block: Block,
  height: bigint,
  txids: readonly Hash32[],
  spent: readonly Utxo[],
): BlockAddressEntries {
  const owners = new Map<string, UtxoEntry>();
  for (const utxo of spent) owners.set(outpointKey(utxo.outpoint), utxo.entry);
  const created = new Map<string, Utxo>();
  block.transactions.forEach((tx, position) => {
    const txid = txids[position] as Hash32;
    const isReward = tx.inputs.length === 0;
    tx.outputs.forEach((output, index) => {
      const outpoint = { txid, index };
      const entry: UtxoEntry = { amount: output.amount, address: output.address, height, isReward };
      const key = outpointKey(outpoint);
      owners.set(key, entry);
      created.set(key, { outpoint, entry });
    });
  });
  const txs: AddressTxEntry[] = [];
  block.transactions.forEach((tx, position) => {
    const txid = txids[position] as Hash32;
    /** address hex -> [payload, received] in first-touch order. */
    const touched = new Map<string, { address: AddressPayload; received: bigint }>();
    const touch = (address: AddressPayload, amount: bigint) => {
      const hex = toHex(address);
      const seen = touched.get(hex);
      if (seen === undefined) touched.set(hex, { address, received: amount });
      else seen.received += amount;
    };
    for (const output of tx.outputs) touch(output.address, output.amount);
    for (const input of tx.inputs) {
      const key = outpointKey(input.prevout);
      const owner = owners.get(key);
      if (owner === undefined) throw new Error(`address index: input ${key} spends an unknown output`);
      created.delete(key);
      touch(owner.address, 0n);
    }
    for (const { address, received } of touched.values())
      txs.push({ address, height, position, txid, received });
  });
  return { created: [...created.values()], spent, txs };
}
