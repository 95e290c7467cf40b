// Bodies of the three TSDC gossip messages, each its own type (so each has its own cap): a candidacy, a
// proposal (block + proposer signature) and a vote (prepare or precommit: the vote's own phase tag), in
// the codec's canonical encodings.
import {
  type Reader,
  readCandidacy,
  readProposal,
  readVote,
  type Writer,
  writeCandidacy,
  writeProposal,
  writeVote,
} from "../../codec/index.js";
import type { Message } from "./message.js";

export type TsdcWireMessage = Extract<Message, { kind: "tsdc" }>;

export function writeTsdc(w: Writer, m: TsdcWireMessage): void {
  const inner = m.message;
  switch (inner.kind) {
    case "candidacy":
      writeCandidacy(w, inner.candidacy);
      return;
    case "proposal":
      writeProposal(w, inner.proposal);
      return;
    case "vote":
      writeVote(w, inner.vote);
      return;
    default:
      w.fail("CODEC_UNKNOWN_TAG", "message.kind", "unknown TSDC message kind");
  }
}

export function readCandidacyMessage(r: Reader): TsdcWireMessage {
  return { kind: "tsdc", message: { kind: "candidacy", candidacy: readCandidacy(r) } };
}

export function readProposalMessage(r: Reader): TsdcWireMessage {
  return { kind: "tsdc", message: { kind: "proposal", proposal: readProposal(r) } };
}

export function readVoteMessage(r: Reader): TsdcWireMessage {
  return { kind: "tsdc", message: { kind: "vote", vote: readVote(r) } };
}
