// Transactions the mempool refused for a reason that later state can lift: an input (or a masternode
// collateral) this node does not have yet, a masternode registration or a lock time still a block away.
// Peers do not deliver in order: a child can arrive (gossip, or a fetch for a Snowball query) before its
// parent, and a transaction spending an output of the newest block can reach a node that has not connected
// that block yet. Refusing such a transaction for good would leave this node voting NO on a valid spend
// forever. The relay holds it here instead and tries it again when a transaction it spends is admitted or
// when a block connects; each held transaction survives a bounded number of blocks, and the store is capped
// in count and in bytes (oldest out first), so a peer sending junk with unknown inputs costs bounded memory.
import { transactionSize } from "../codec/index.js";
import type { Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";

export const DEFAULT_MAX_HELD_TXS = 1_000;
/** 4 MB: forty transactions at the largest size, thousands of ordinary ones. */
export const DEFAULT_MAX_HELD_BYTES = 4_000_000;
/** Blocks a held transaction is tried again at before it is dropped. */
export const DEFAULT_HELD_BLOCKS = 6;

export interface HeldTransaction {
  readonly hex: string;
  readonly tx: Transaction;
  /** The peer it came from (null: submitted here). */
  readonly from: string | null;
  /** Block connections left at which it is tried again. */
  readonly blocksLeft: number;
}

interface Entry extends HeldTransaction {
  readonly bytes: number;
  /** txids (hex) of the transactions whose outputs it spends or names as collateral. */
  readonly parents: readonly string[];
}

export interface HeldTransactionsOptions {
  readonly maxCount?: number;
  readonly maxBytes?: number;
}

export class HeldTransactions {
  private readonly entries = new Map<string, Entry>();
  private readonly byParent = new Map<string, Set<string>>();
  private bytes = 0;
  private readonly maxCount: number;
  private readonly maxBytes: number;

  constructor(opts: HeldTransactionsOptions = {}) {
    this.maxCount = opts.maxCount ?? DEFAULT_MAX_HELD_TXS;
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_HELD_BYTES;
  }

  get size(): number {
    return this.entries.size;
  }

  has(hex: string): boolean {
    return this.entries.has(hex);
  }

  /**
   * Holds `tx` (replacing an earlier copy) unless it has no blocks left; the oldest go first past the caps.
   * Returns the hexes dropped to make room (the caller forgets them).
   */
  hold(held: HeldTransaction): string[] {
    this.remove(held.hex);
    if (held.blocksLeft <= 0) return [];
    const bytes = transactionSize(held.tx);
    if (bytes > this.maxBytes) return [];
    const parents = new Set<string>(held.tx.inputs.map((input) => toHex(input.prevout.txid)));
    if (held.tx.special) parents.add(toHex(held.tx.special.collateral.txid));
    const entry: Entry = { ...held, bytes, parents: [...parents] };
    const dropped: string[] = [];
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.maxCount || this.bytes + bytes > this.maxBytes)
    ) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
      dropped.push(oldest);
    }
    this.entries.set(held.hex, entry);
    this.bytes += bytes;
    for (const parent of entry.parents) {
      let children = this.byParent.get(parent);
      if (children === undefined) {
        children = new Set();
        this.byParent.set(parent, children);
      }
      children.add(held.hex);
    }
    return dropped;
  }

  /** Takes out the held transactions that spend an output of `parentHex` (it was just admitted). */
  takeChildrenOf(parentHex: string): HeldTransaction[] {
    const children = this.byParent.get(parentHex);
    if (children === undefined) return [];
    const out: HeldTransaction[] = [];
    for (const hex of [...children]) {
      const entry = this.entries.get(hex);
      if (entry === undefined) continue;
      this.remove(hex);
      out.push(entry);
    }
    return out;
  }

  /** Takes out every held transaction, each with one block fewer left (a block connected). */
  takeAllForBlock(): HeldTransaction[] {
    const out = [...this.entries.values()].map(({ hex, tx, from, blocksLeft }) => ({
      hex,
      tx,
      from,
      blocksLeft: blocksLeft - 1,
    }));
    this.clear();
    return out;
  }

  clear(): void {
    this.entries.clear();
    this.byParent.clear();
    this.bytes = 0;
  }

  private remove(hex: string): void {
    const entry = this.entries.get(hex);
    if (entry === undefined) return;
    this.entries.delete(hex);
    this.bytes -= entry.bytes;
    for (const parent of entry.parents) {
      const children = this.byParent.get(parent);
      children?.delete(hex);
      if (children?.size === 0) this.byParent.delete(parent);
    }
  }
}
