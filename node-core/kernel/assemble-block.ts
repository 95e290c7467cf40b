// The one block assembler: a block from its header fields and contents, with the commitments (txid merkle
// root, wtxid witness root, extras hash over heartbeats and the parent certificate) computed here and
// nowhere else. The
// proposer, the genesis builder and every test-chain builder go through it, so a block they make is
// committed to exactly as the kernel checks it.
import { blockExtrasHash, merkleRoot, transactionId, witnessRoot } from "../codec/index.js";
import { BLOCK_VERSION } from "../params/index.js";
import type { Block, Certificate, Hash32, Heartbeat, PublicKey, Transaction } from "../types/index.js";

export interface BlockParts {
  readonly chainId: number;
  readonly height: bigint;
  readonly previousHash: Uint8Array;
  readonly timestamp: bigint;
  readonly round: number;
  readonly proposerPublicKey: PublicKey;
  readonly vrfProof: Uint8Array;
  /** In block order: the reward (or, at genesis, the allocation) first. */
  readonly transactions: readonly Transaction[];
  /** txids of `transactions` when the caller has them already (computed otherwise). */
  readonly txids?: readonly Hash32[];
  readonly heartbeats: readonly Heartbeat[];
  readonly previousCertificate: Certificate | null;
}

export function assembleBlock(parts: BlockParts): Block {
  const txids = parts.txids ?? parts.transactions.map(transactionId);
  return {
    header: {
      version: BLOCK_VERSION,
      chainId: parts.chainId,
      height: parts.height,
      previousHash: parts.previousHash,
      merkleRoot: merkleRoot(txids),
      witnessRoot: witnessRoot(parts.transactions),
      extrasHash: blockExtrasHash(parts.heartbeats, parts.previousCertificate),
      timestamp: parts.timestamp,
      round: parts.round,
      proposerPublicKey: parts.proposerPublicKey,
      vrfProof: parts.vrfProof,
    },
    transactions: [...parts.transactions],
    heartbeats: parts.heartbeats,
    previousCertificate: parts.previousCertificate,
  };
}
