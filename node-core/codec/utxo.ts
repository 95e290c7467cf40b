// UtxoEntry: amount(u64) address(20) height(u64) isReward(bool). The value stored per unspent outpoint.
import type { UtxoEntry } from "../types/index.js";
import { ADDRESS_BYTES } from "./caps.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export function writeUtxoEntry(w: Writer, entry: UtxoEntry): void {
  w.amount(entry.amount, "utxo.amount");
  w.fixed(entry.address, ADDRESS_BYTES, "utxo.address");
  w.u64(entry.height, "utxo.height");
  w.bool(entry.isReward, "utxo.isReward");
}

export function readUtxoEntry(r: Reader): UtxoEntry {
  const amount = r.amount("utxo.amount");
  const address = r.fixed(ADDRESS_BYTES, "utxo.address");
  const height = r.u64("utxo.height");
  const isReward = r.bool("utxo.isReward");
  return { amount, address, height, isReward };
}

export function encodeUtxoEntry(entry: UtxoEntry): Uint8Array {
  return encodeWith("UtxoEntry", entry, writeUtxoEntry);
}

export function decodeUtxoEntry(bytes: Uint8Array): UtxoEntry {
  return decodeWith("UtxoEntry", bytes, readUtxoEntry);
}
