// Candidacy: height(u64) round(u32) previousHash operatorPublicKey vrfProof(80). A validator's bid to propose
// the block of (height, round): the ECVRF proof over vrfInputMessage(chainId, height, previousHash, round)
// both proves the key's ownership and yields the score, so the message carries no separate signature. The
// chain id is inside the VRF input, so a candidacy for another network never verifies here.
import type { Candidacy } from "../types/index.js";
import { HASH_BYTES, PUBLIC_KEY_BYTES, VRF_PROOF_BYTES } from "./caps.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export type { Candidacy };

/** Every candidacy has this exact size (all fields are fixed-width). */
export const CANDIDACY_BYTES = 8 + 4 + HASH_BYTES + PUBLIC_KEY_BYTES + VRF_PROOF_BYTES;

export function writeCandidacy(w: Writer, candidacy: Candidacy): void {
  w.u64(candidacy.height, "candidacy.height");
  w.u32(candidacy.round, "candidacy.round");
  w.fixed(candidacy.previousHash, HASH_BYTES, "candidacy.previousHash");
  w.fixed(candidacy.operatorPublicKey, PUBLIC_KEY_BYTES, "candidacy.operatorPublicKey");
  w.fixed(candidacy.vrfProof, VRF_PROOF_BYTES, "candidacy.vrfProof");
}

export function readCandidacy(r: Reader): Candidacy {
  const height = r.u64("candidacy.height");
  const round = r.u32("candidacy.round");
  const previousHash = r.fixed(HASH_BYTES, "candidacy.previousHash");
  const operatorPublicKey = r.fixed(PUBLIC_KEY_BYTES, "candidacy.operatorPublicKey");
  const vrfProof = r.fixed(VRF_PROOF_BYTES, "candidacy.vrfProof");
  return { height, round, previousHash, operatorPublicKey, vrfProof };
}

export function encodeCandidacy(candidacy: Candidacy): Uint8Array {
  return encodeWith("Candidacy", candidacy, writeCandidacy);
}

export function decodeCandidacy(bytes: Uint8Array): Candidacy {
  return decodeWith("Candidacy", bytes, readCandidacy);
}
