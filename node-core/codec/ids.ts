// Identifiers derived from encodings: txid, wtxid, block hash and the roots a header commits to. Each is
// BLAKE3 over the canonical bytes, hashed straight out of the scratch writer (the kernel computes a txid
// for every transaction it sees, so this path avoids copying the encoding out).
import type { BlockHeader, Certificate, Heartbeat, Transaction } from "../types/index.js";
import { writeBlockExtras } from "./block.js";
import { writeBlockHeader } from "./header.js";
import { merkleRoot } from "./merkle.js";
import { hashEncoded } from "./run.js";
import { writeTransaction, writeUnsignedTransaction } from "./transaction.js";

/** BLAKE3(encodeUnsignedTransaction(tx)): signatures are witnesses and cannot change the id. */
export function transactionId(tx: Transaction): Uint8Array {
  return hashEncoded("UnsignedTransaction", tx, writeUnsignedTransaction);
}

/** BLAKE3(encodeTransaction(tx)): the full encoding, witnesses (signatures) included. */
export function witnessTransactionId(tx: Transaction): Uint8Array {
  return hashEncoded("Transaction", tx, writeTransaction);
}

/** The header's witnessRoot: merkle root over the wtxids of `transactions` in block order. */
export function witnessRoot(transactions: readonly Transaction[]): Uint8Array {
  return merkleRoot(transactions.map(witnessTransactionId));
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
