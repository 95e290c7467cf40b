// The UTXO-set summary: count, total and a BLAKE3 over (txid ‖ u32be index ‖ entry) in canonical order.
import { describe, expect, it } from "vitest";
import { encodeUtxoEntry } from "../codec/index.js";
import { blake3Parts } from "../crypto/hash.js";
import { toHex } from "../types/bytes.js";
import type { OutPoint } from "../types/chain.js";
import type { UtxoEntry } from "../types/state.js";
import { outpointSortKey, summarizeUtxos, UtxoSetSummarizer } from "./utxo-set-summary.js";

const outpoint = (fill: number, index = 0): OutPoint => ({ txid: new Uint8Array(32).fill(fill), index });
const entry = (amount: bigint): UtxoEntry => ({
  amount,
  address: new Uint8Array(20).fill(9),
  height: 3n,
  isReward: false,
});

describe("outpointSortKey", () => {
  it("is the txid followed by the index as a big-endian u32", () => {
    const key = outpointSortKey(outpoint(7, 0x01020304));
    expect(toHex(key)).toBe(`${"07".repeat(32)}01020304`);
  });
});

describe("summarizeUtxos", () => {
  it("counts, adds up and hashes the set in canonical order, whatever the input order", async () => {
    const a = { outpoint: outpoint(1, 2), entry: entry(5_000n) };
    const b = { outpoint: outpoint(1, 10), entry: entry(7_000n) };
    const c = { outpoint: outpoint(2, 0), entry: entry(1_000n) };
    const expected = toHex(
      blake3Parts(...[a, b, c].flatMap((u) => [outpointSortKey(u.outpoint), encodeUtxoEntry(u.entry)])),
    );
    expect(await summarizeUtxos([c, a, b])).toEqual({ count: 3, totalAmount: 13_000n, hash: expected });
  });

  it("the empty set", async () => {
    expect(await summarizeUtxos([])).toEqual({ count: 0, totalAmount: 0n, hash: toHex(blake3Parts()) });
  });
});

describe("UtxoSetSummarizer", () => {
  it("refuses an outpoint that does not come strictly after the previous one", async () => {
    const s = await UtxoSetSummarizer.create();
    s.add(outpoint(1, 5), entry(1_000n));
    expect(() => s.add(outpoint(1, 5), entry(1_000n))).toThrow(
      new RangeError(`UTXOs out of canonical order at ${"01".repeat(32)}:5`),
    );
    expect(() => s.add(outpoint(1, 4), entry(1_000n))).toThrow(RangeError);
    s.add(outpoint(1, 6), entry(2_000n));
    expect(s.finish()).toMatchObject({ count: 2, totalAmount: 3_000n });
  });
});
