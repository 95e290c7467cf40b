// BlockHeader: version(u16) chainId(u32) height(u64) previousHash merkleRoot witnessRoot extrasHash
// timestamp(u64) round(u32) proposerPublicKey vrfProof(80). Fixed size; the block hash is BLAKE3 of exactly
// these bytes, so through merkleRoot, witnessRoot and extrasHash it commits to every byte of the block.
import type { BlockHeader } from "../types/index.js";
import { HASH_BYTES, PUBLIC_KEY_BYTES, VRF_PROOF_BYTES } from "./caps.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export function writeBlockHeader(w: Writer, header: BlockHeader): void {
  w.u16(header.version, "header.version");
  w.u32(header.chainId, "header.chainId");
  w.u64(header.height, "header.height");
  w.fixed(header.previousHash, HASH_BYTES, "header.previousHash");
  w.fixed(header.merkleRoot, HASH_BYTES, "header.merkleRoot");
  w.fixed(header.witnessRoot, HASH_BYTES, "header.witnessRoot");
  w.fixed(header.extrasHash, HASH_BYTES, "header.extrasHash");
  w.u64(header.timestamp, "header.timestamp");
  w.u32(header.round, "header.round");
  w.fixed(header.proposerPublicKey, PUBLIC_KEY_BYTES, "header.proposerPublicKey");
  w.fixed(header.vrfProof, VRF_PROOF_BYTES, "header.vrfProof");
}

export function readBlockHeader(r: Reader): BlockHeader {
  const version = r.u16("header.version");
  const chainId = r.u32("header.chainId");
  const height = r.u64("header.height");
  const previousHash = r.fixed(HASH_BYTES, "header.previousHash");
  const merkleRoot = r.fixed(HASH_BYTES, "header.merkleRoot");
  const witnessRoot = r.fixed(HASH_BYTES, "header.witnessRoot");
  const extrasHash = r.fixed(HASH_BYTES, "header.extrasHash");
  const timestamp = r.u64("header.timestamp");
  const round = r.u32("header.round");
  const proposerPublicKey = r.fixed(PUBLIC_KEY_BYTES, "header.proposerPublicKey");
  const vrfProof = r.fixed(VRF_PROOF_BYTES, "header.vrfProof");
  return {
    version,
    chainId,
    height,
    previousHash,
    merkleRoot,
    witnessRoot,
    extrasHash,
    timestamp,
    round,
    proposerPublicKey,
    vrfProof,
  };
}

export function encodeBlockHeader(header: BlockHeader): Uint8Array {
  return encodeWith("BlockHeader", header, writeBlockHeader);
}

export function decodeBlockHeader(bytes: Uint8Array): BlockHeader {
  return decodeWith("BlockHeader", bytes, readBlockHeader);
}
