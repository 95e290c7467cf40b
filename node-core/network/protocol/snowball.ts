// Bodies of the Snowball pair: the query requestId(u32) then a txid list (up to MAX_QUERY_TXIDS), and the
// reply requestId(u32) count(u32, up to MAX_QUERY_TXIDS) then the ceil(count / 8)-byte preference bitmap.
// The reply names its length because the bitmap alone cannot say how many of its last byte's bits count.
import type { Reader, Writer } from "../../codec/index.js";
import { readBitmap, writeBitmap } from "./bitmap.js";
import { MAX_QUERY_TXIDS } from "./caps.js";
import type { Message } from "./message.js";
import { readTxids, writeTxids } from "./transactions.js";

export type QueryMessage = Extract<Message, { kind: "query" }>;
export type ReplyMessage = Extract<Message, { kind: "reply" }>;

export function writeQuery(w: Writer, m: QueryMessage): void {
  w.u32(m.requestId, "requestId");
  writeTxids(w, m.txids, MAX_QUERY_TXIDS);
}

export function readQuery(r: Reader): QueryMessage {
  const requestId = r.u32("requestId");
  return { kind: "query", requestId, txids: readTxids(r, MAX_QUERY_TXIDS) };
}

export function writeReply(w: Writer, m: ReplyMessage): void {
  w.u32(m.requestId, "requestId");
  w.count(m.count, MAX_QUERY_TXIDS, "count");
  writeBitmap(w, m.bits, m.count);
}

export function readReply(r: Reader): ReplyMessage {
  const requestId = r.u32("requestId");
  // Eight bits per byte: the count cannot exceed what the rest of the frame could hold.
  const count = r.count(MAX_QUERY_TXIDS, 1 / 8, "count");
  return { kind: "reply", requestId, count, bits: readBitmap(r, count) };
}
