// OutPoint: txid(32) index(u32). The key of every UTXO and masternode record.
import type { OutPoint } from "../types/index.js";
import { HASH_BYTES } from "./caps.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export function writeOutPoint(w: Writer, outpoint: OutPoint): void {
  w.fixed(outpoint.txid, HASH_BYTES, "outpoint.txid");
  w.u32(outpoint.index, "outpoint.index");
}

export function readOutPoint(r: Reader): OutPoint {
  const txid = r.fixed(HASH_BYTES, "outpoint.txid");
  const index = r.u32("outpoint.index");
  return { txid, index };
}

export function encodeOutPoint(outpoint: OutPoint): Uint8Array {
  return encodeWith("OutPoint", outpoint, writeOutPoint);
}

export function decodeOutPoint(bytes: Uint8Array): OutPoint {
  return decodeWith("OutPoint", bytes, readOutPoint);
}
