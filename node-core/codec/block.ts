// Block (header, transactions, heartbeats, optional previous certificate) and the two wrappers that carry
// one: Proposal (block + validRound + proposer signature) and CertifiedBlock (block + optional certificate). A block's
// own encoding is capped at MAX_BLOCK_BYTES wherever it appears; the wrappers add their fields on top.
import { MAX_BLOCK_BYTES, MAX_BLOCK_TRANSACTIONS } from "../params/index.js";
import type { Block, Certificate, CertifiedBlock, Heartbeat, Proposal, Transaction } from "../types/index.js";
import {
  MAX_CERTIFIED_BLOCK_BYTES,
  MAX_PROPOSAL_BYTES,
  MIN_TRANSACTION_BYTES,
  SIGNATURE_BYTES,
} from "./caps.js";
import { readCertificate, writeCertificate } from "./certificate.js";
import { readBlockHeader, writeBlockHeader } from "./header.js";
import { readHeartbeatList, writeHeartbeatList } from "./heartbeat.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import { readTransaction, writeTransaction } from "./transaction.js";
import { readValidRound, writeValidRound } from "./valid-round.js";
import type { Writer } from "./writer.js";

export function writeOptionalCertificate(w: Writer, certificate: Certificate | null): void {
  if (certificate === null) {
    w.presence(false);
  } else {
    w.presence(true);
    writeCertificate(w, certificate);
  }
}

export function readOptionalCertificate(r: Reader, field: string): Certificate | null {
  return r.presence(field) ? readCertificate(r) : null;
}

/** The tail of a block that its header's extrasHash covers: heartbeats then the previous certificate. */
export function writeBlockExtras(
  w: Writer,
  heartbeats: readonly Heartbeat[],
  certificate: Certificate | null,
): void {
  writeHeartbeatList(w, heartbeats);
  writeOptionalCertificate(w, certificate);
}

export function writeBlock(w: Writer, block: Block): void {
  const start = w.length;
  writeBlockHeader(w, block.header);
  const transactions = block.transactions;
  w.count(transactions.length, MAX_BLOCK_TRANSACTIONS, "transactions");
  for (const tx of transactions) writeTransaction(w, tx);
  writeBlockExtras(w, block.heartbeats, block.previousCertificate);
  const size = w.length - start;
  if (size > MAX_BLOCK_BYTES) {
    w.fail("CODEC_OVER_CAP", "block", `${size} bytes exceed the cap of ${MAX_BLOCK_BYTES}`, {
      limit: MAX_BLOCK_BYTES,
      actual: size,
    });
  }
}

export function readBlock(r: Reader): Block {
  const start = r.offset;
  const header = readBlockHeader(r);
  const n = r.count(MAX_BLOCK_TRANSACTIONS, MIN_TRANSACTION_BYTES, "transactions");
  const transactions: Transaction[] = new Array(n);
  for (let i = 0; i < n; i++) transactions[i] = readTransaction(r);
  const heartbeats = readHeartbeatList(r);
  const previousCertificate = readOptionalCertificate(r, "previousCertificate");
  const size = r.offset - start;
  if (size > MAX_BLOCK_BYTES) {
    r.fail("CODEC_OVER_CAP", "block", `${size} bytes exceed the cap of ${MAX_BLOCK_BYTES}`, {
      limit: MAX_BLOCK_BYTES,
      actual: size,
    });
  }
  return { header, transactions, heartbeats, previousCertificate };
}

export function writeProposal(w: Writer, proposal: Proposal): void {
  writeBlock(w, proposal.block);
  writeValidRound(w, proposal.validRound, "proposal.validRound");
  w.fixed(proposal.signature, SIGNATURE_BYTES, "proposal.signature");
}

export function readProposal(r: Reader): Proposal {
  const block = readBlock(r);
  const validRound = readValidRound(r, "proposal.validRound");
  const signature = r.fixed(SIGNATURE_BYTES, "proposal.signature");
  return { block, validRound, signature };
}

export function writeCertifiedBlock(w: Writer, certified: CertifiedBlock): void {
  writeBlock(w, certified.block);
  writeOptionalCertificate(w, certified.certificate);
}

export function readCertifiedBlock(r: Reader): CertifiedBlock {
  const block = readBlock(r);
  const certificate = readOptionalCertificate(r, "certificate");
  return { block, certificate };
}

export function encodeBlock(block: Block): Uint8Array {
  return encodeWith("Block", block, writeBlock);
}

export function decodeBlock(bytes: Uint8Array): Block {
  return decodeWith("Block", bytes, readBlock, MAX_BLOCK_BYTES);
}

export function encodeProposal(proposal: Proposal): Uint8Array {
  return encodeWith("Proposal", proposal, writeProposal);
}

export function decodeProposal(bytes: Uint8Array): Proposal {
  return decodeWith("Proposal", bytes, readProposal, MAX_PROPOSAL_BYTES);
}

export function encodeCertifiedBlock(certified: CertifiedBlock): Uint8Array {
  return encodeWith("CertifiedBlock", certified, writeCertifiedBlock);
}

export function decodeCertifiedBlock(bytes: Uint8Array): CertifiedBlock {
  return decodeWith("CertifiedBlock", bytes, readCertifiedBlock, MAX_CERTIFIED_BLOCK_BYTES);
}
