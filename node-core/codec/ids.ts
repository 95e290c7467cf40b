// Identifiers derived from encodings: txid, block hash and the extras hash a header commits to. Each is
// BLAKE3 over the canonical bytes, hashed straight out of the scratch writer (the kernel computes a txid
// for every transaction it sees, so this path avoids copying the encoding out).
import type { BlockHeader, Certificate, Heartbeat, Transaction } from "../types/index.js";
import { writeBlockExtras } from "./block.js";
import { writeBlockHeader } from "./header.js";
import { hashEncoded } from "./run.js";
import { writeUnsignedTransaction } from "./transaction.js";

/** BLAKE3(encodeUnsignedTransaction(tx)): signatures are witnesses and cannot change the id. */
export function transactionId(tx: Transaction): Uint8Array {
  return hashEncoded("UnsignedTransaction", tx, writeUnsignedTransaction);
}

/** BLAKE3(encodeBlockHeader(header)). */
export function blockHash(header: BlockHeader): Uint8Array {
  return hashEncoded("BlockHeader", header, writeBlockHeader);
}

/** BLAKE3 over list(heartbeats) ‖ optional(certificate): exactly the block's encoded tail. */
export function blockExtrasHash(
  heartbeats: readonly Heartbeat[],
  previousCertificate: Certificate | null,
): Uint8Array {
  return hashEncoded("BlockExtras", { heartbeats, previousCertificate }, (w, v) =>
    writeBlockExtras(w, v.heartbeats, v.previousCertificate),
  );
}
