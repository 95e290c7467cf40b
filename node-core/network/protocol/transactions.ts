// Bodies of the transaction messages: the fetch request count(u32) then that many txids, and the
// transactions message (fetch answer and gossip) count(u32) then that many transactions.
import {
  HASH_BYTES,
  MIN_TRANSACTION_BYTES,
  type Reader,
  readTransaction,
  type Writer,
  writeTransaction,
} from "../../codec/index.js";
import type { Hash32, Transaction } from "../../types/index.js";
import { MAX_FETCH_TXIDS, MAX_TXS_PER_MESSAGE } from "./caps.js";
import type { Message } from "./message.js";

export type GetTxsMessage = Extract<Message, { kind: "getTxs" }>;
export type TxsMessage = Extract<Message, { kind: "txs" }>;

/** A txid list: count(u32, at most `cap`) then 32 bytes each. Shared with the Snowball query. */
export function writeTxids(w: Writer, txids: readonly Hash32[], cap: number): void {
  w.count(txids.length, cap, "txids");
  for (const txid of txids) w.fixed(txid, HASH_BYTES, "txid");
}

export function readTxids(r: Reader, cap: number): Hash32[] {
  const n = r.count(cap, HASH_BYTES, "txids");
  const txids: Hash32[] = new Array(n);
  for (let i = 0; i < n; i++) txids[i] = r.fixed(HASH_BYTES, "txid");
  return txids;
}

export function writeGetTxs(w: Writer, m: GetTxsMessage): void {
  writeTxids(w, m.txids, MAX_FETCH_TXIDS);
}

export function readGetTxs(r: Reader): GetTxsMessage {
  return { kind: "getTxs", txids: readTxids(r, MAX_FETCH_TXIDS) };
}

export function writeTxs(w: Writer, m: TxsMessage): void {
  w.count(m.txs.length, MAX_TXS_PER_MESSAGE, "txs");
  for (const tx of m.txs) writeTransaction(w, tx);
}

export function readTxs(r: Reader): TxsMessage {
  const n = r.count(MAX_TXS_PER_MESSAGE, MIN_TRANSACTION_BYTES, "txs");
  const txs: Transaction[] = new Array(n);
  for (let i = 0; i < n; i++) txs[i] = readTransaction(r);
  return { kind: "txs", txs };
}
