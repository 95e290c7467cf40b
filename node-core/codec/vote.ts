// Vote: phase tag u8 (1 prepare, 2 precommit) height(u64) round(u32) blockHash voterPublicKey signature.
import type { Vote, VotePhase } from "../types/index.js";
import { HASH_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "./caps.js";
import type { Reader } from "./reader.js";
import { decodeWith, encodeWith } from "./run.js";
import type { Writer } from "./writer.js";

export const VOTE_PHASE_TAG: Readonly<Record<VotePhase, number>> = Object.freeze({
  prepare: 1,
  precommit: 2,
});

/** Writes the phase tag; shared with the vote signing message. */
export function writeVotePhase(w: Writer, phase: VotePhase): void {
  if (phase !== "prepare" && phase !== "precommit")
    w.fail("CODEC_UNKNOWN_TAG", "vote.phase", "unknown vote phase");
  w.u8(VOTE_PHASE_TAG[phase], "vote.phase");
}

export function writeVote(w: Writer, vote: Vote): void {
  writeVotePhase(w, vote.phase);
  w.u64(vote.height, "vote.height");
  w.u32(vote.round, "vote.round");
  w.fixed(vote.blockHash, HASH_BYTES, "vote.blockHash");
  w.fixed(vote.voterPublicKey, PUBLIC_KEY_BYTES, "vote.voterPublicKey");
  w.fixed(vote.signature, SIGNATURE_BYTES, "vote.signature");
}

export function readVote(r: Reader): Vote {
  const tag = r.u8("vote.phase");
  let phase: VotePhase;
  if (tag === VOTE_PHASE_TAG.prepare) phase = "prepare";
  else if (tag === VOTE_PHASE_TAG.precommit) phase = "precommit";
  else return r.fail("CODEC_UNKNOWN_TAG", "vote.phase", `unknown vote phase tag ${tag}`, { tag });
  const height = r.u64("vote.height");
  const round = r.u32("vote.round");
  const blockHash = r.fixed(HASH_BYTES, "vote.blockHash");
  const voterPublicKey = r.fixed(PUBLIC_KEY_BYTES, "vote.voterPublicKey");
  const signature = r.fixed(SIGNATURE_BYTES, "vote.signature");
  return { phase, height, round, blockHash, voterPublicKey, signature };
}

export function encodeVote(vote: Vote): Uint8Array {
  return encodeWith("Vote", vote, writeVote);
}

export function decodeVote(bytes: Uint8Array): Vote {
  return decodeWith("Vote", bytes, readVote);
}
