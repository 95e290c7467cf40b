// HeldTransactions: children found by the transaction they spend, every one taken at a block with one
// block fewer left, and the count and byte caps (oldest out first).
import { describe, expect, it } from "vitest";
import { transactionSize } from "../codec/index.js";
import type { Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";
import { HeldTransactions } from "./held-txs.js";

function id(n: number): Uint8Array {
  const out = new Uint8Array(32);
  out[0] = n;
  return out;
}

/** A transaction spending output 0 of each of `parents` (only the fields the store reads). */
function spending(...parents: number[]): Transaction {
  return {
    inputs: parents.map((p) => ({ prevout: { txid: id(p), index: 0 } })),
    outputs: [],
    special: null,
  } as unknown as Transaction;
}

const hold = (store: HeldTransactions, n: number, tx: Transaction, blocksLeft = 3) =>
  store.hold({ hex: `h${n}`, tx, from: "p", blocksLeft });

describe("HeldTransactions", () => {
  it("gives back the children of an admitted transaction, once, and only those", () => {
    const store = new HeldTransactions();
    hold(store, 1, spending(10));
    hold(store, 2, spending(10, 11));
    hold(store, 3, spending(11));
    expect(store.takeChildrenOf(toHex(id(10))).map((h) => h.hex)).toEqual(["h1", "h2"]);
    expect(store.takeChildrenOf(toHex(id(10)))).toEqual([]);
    // h2 left the store entirely: parent 11 names only h3 now.
    expect(store.takeChildrenOf(toHex(id(11))).map((h) => h.hex)).toEqual(["h3"]);
    expect(store.size).toBe(0);
  });

  it("finds a masternode transaction by its collateral's transaction too", () => {
    const store = new HeldTransactions();
    const tx = { ...spending(10), special: { kind: "payoutChange", collateral: { txid: id(12), index: 0 } } };
    store.hold({ hex: "h1", tx: tx as unknown as Transaction, from: null, blocksLeft: 2 });
    expect(store.takeChildrenOf(toHex(id(12))).map((h) => h.hex)).toEqual(["h1"]);
  });

  it("takes every one at a block, each with one block fewer left; one with none left is not held", () => {
    const store = new HeldTransactions();
    hold(store, 1, spending(10), 2);
    hold(store, 2, spending(11), 1);
    const taken = store.takeAllForBlock();
    expect(taken.map((h) => [h.hex, h.blocksLeft])).toEqual([
      ["h1", 1],
      ["h2", 0],
    ]);
    expect(store.size).toBe(0);
    expect(hold(store, 2, spending(11), 0)).toEqual([]);
    expect(store.size).toBe(0);
  });

  it("drops the oldest past the count cap and past the byte cap, and says which", () => {
    const byCount = new HeldTransactions({ maxCount: 2 });
    hold(byCount, 1, spending(10));
    hold(byCount, 2, spending(11));
    expect(hold(byCount, 3, spending(12))).toEqual(["h1"]);
    expect(byCount.has("h1")).toBe(false);
    expect(byCount.takeChildrenOf(toHex(id(10)))).toEqual([]);

    const size = transactionSize(spending(10));
    const byBytes = new HeldTransactions({ maxBytes: size * 2 + transactionSize(spending(10, 11)) - 1 });
    hold(byBytes, 1, spending(10));
    hold(byBytes, 2, spending(11));
    expect(hold(byBytes, 3, spending(10, 11))).toEqual(["h1"]);
    expect(byBytes.size).toBe(2);
    // Larger than the whole store: not held, nothing dropped for it.
    expect(
      new HeldTransactions({ maxBytes: size - 1 }).hold({
        hex: "x",
        tx: spending(1),
        from: null,
        blocksLeft: 1,
      }),
    ).toEqual([]);
  });

  it("a second copy replaces the first", () => {
    const store = new HeldTransactions();
    hold(store, 1, spending(10), 3);
    hold(store, 1, spending(10), 1);
    expect(store.size).toBe(1);
    expect(store.takeAllForBlock().map((h) => h.blocksLeft)).toEqual([0]);
  });
});
