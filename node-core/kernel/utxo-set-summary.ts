// gettxoutsetinfo-style summary of a UTXO set: count, total amount and a BLAKE3 digest over the set in
// canonical order, so two nodes (or a store and the reference model) can be compared byte for byte.
// Canonical order is by txid bytes, then output index ascending: the order of storage keys
// txid ‖ u32be(index), so storage can stream its iterator straight into the summary.
import { createBLAKE3, type IHasher } from "hash-wasm";
import { encodeUtxoEntry } from "../codec/index.js";
import type { OutPoint, UtxoEntry } from "../types/index.js";
import { compareBytes, toHex } from "../types/index.js";

export interface UtxoSetSummary {
  readonly count: number;
  /** Sum of amounts in sat. */
  readonly totalAmount: bigint;
  /** BLAKE3 over (txid ‖ u32be index ‖ encodeUtxoEntry) of every UTXO in canonical order, hex. */
  readonly hash: string;
}

/** Storage key of an outpoint: txid ‖ u32 big-endian index (sorts in canonical order). */
export function outpointSortKey(outpoint: OutPoint): Uint8Array {
  const key = new Uint8Array(36);
  key.set(outpoint.txid, 0);
  new DataView(key.buffer).setUint32(32, outpoint.index, false);
  return key;
}

export function compareOutpoints(a: OutPoint, b: OutPoint): number {
  return compareBytes(a.txid, b.txid) || a.index - b.index;
}

/** Streams UTXOs, which must arrive in canonical order (checked), into a summary. */
export class UtxoSetSummarizer {
  private count = 0;
  private total = 0n;
  private last: OutPoint | null = null;

  private constructor(private readonly hasher: IHasher) {
    hasher.init();
  }

  static async create(): Promise<UtxoSetSummarizer> {
    return new UtxoSetSummarizer(await createBLAKE3(256));
  }

  add(outpoint: OutPoint, entry: UtxoEntry): void {
    if (this.last && compareOutpoints(this.last, outpoint) >= 0) {
      throw new RangeError(`UTXOs out of canonical order at ${toHex(outpoint.txid)}:${outpoint.index}`);
    }
    this.last = outpoint;
    this.hasher.update(outpointSortKey(outpoint));
    this.hasher.update(encodeUtxoEntry(entry));
    this.count += 1;
    this.total += entry.amount;
  }

  finish(): UtxoSetSummary {
    return { count: this.count, totalAmount: this.total, hash: this.hasher.digest("hex") };
  }
}

/** Summary of an in-memory set (any order; sorted here). */
export async function summarizeUtxos(
  utxos: Iterable<{ outpoint: OutPoint; entry: UtxoEntry }>,
): Promise<UtxoSetSummary> {
  const sorted = [...utxos].sort((a, b) => compareOutpoints(a.outpoint, b.outpoint));
  const summarizer = await UtxoSetSummarizer.create();
  for (const { outpoint, entry } of sorted) summarizer.add(outpoint, entry);
  return summarizer.finish();
}
