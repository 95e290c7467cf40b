// The coins a spend may choose from, as the wallet's tracker reports them, and the one order selection
// walks them in: settled coins (final or in a block) before pending ones, largest first, then by txid bytes
// and output index, so the same coins always give the same transaction.
import type { AddressPayload, OutPoint } from "../../types/index.js";

export interface SpendCandidate {
  readonly outpoint: OutPoint;
  /** sat */
  readonly amount: bigint;
  /** Payload of the address owning the output (its key signs the input). */
  readonly address: AddressPayload;
  /** Decided final by Snowball (whether or not a block holds it yet). */
  readonly final: boolean;
  /** Collateral of a registered masternode: a payment never spends it. */
  readonly locked: boolean;
  /** Created by a transaction in a block of this chain. */
  readonly inBlock: boolean;
}

/** Final or in a block: a coin whose creating transaction can no longer be undone by a conflict. */
export function isSettled(coin: SpendCandidate): boolean {
  return coin.final || coin.inBlock;
}

/** Largest first; equal amounts by txid bytes, then output index (ascending). */
export function compareCoins(a: SpendCandidate, b: SpendCandidate): number {
  if (a.amount !== b.amount) return a.amount > b.amount ? -1 : 1;
  for (let i = 0; i < a.outpoint.txid.length && i < b.outpoint.txid.length; i++) {
    const d = (a.outpoint.txid[i] as number) - (b.outpoint.txid[i] as number);
    if (d !== 0) return d;
  }
  return a.outpoint.index - b.outpoint.index;
}

export function sumAmounts(coins: readonly { readonly amount: bigint }[]): bigint {
  let total = 0n;
  for (const coin of coins) total += coin.amount;
  return total;
}
