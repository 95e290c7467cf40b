// The exact bytes every signature in the protocol covers: tag ‖ 0x00 ‖ u32 chainId ‖ fields. The tag names
// the purpose and the chain id the network, so a signature made for one purpose or network is useless for
// any other; the 0x00 ends the tag, so no tag can be a prefix of another's message.
import { DOMAIN } from "../params/index.js";
import type { Heartbeat, Vote } from "../types/index.js";
import { HASH_BYTES, PUBLIC_KEY_BYTES } from "./caps.js";
import { encodeWith } from "./run.js";
import { writeValidRound } from "./valid-round.js";
import { writeVotePhase } from "./vote.js";
import type { Writer } from "./writer.js";

const tagBytes = new Map<string, Uint8Array>();

function tagOf(tag: string, w: Writer): Uint8Array {
  let bytes = tagBytes.get(tag);
  if (bytes === undefined) {
    if (typeof tag !== "string" || tag.length === 0)
      w.fail("CODEC_INVALID_VALUE", "domainTag", "empty domain tag");
    bytes = new Uint8Array(tag.length);
    for (let i = 0; i < tag.length; i++) {
      const c = tag.charCodeAt(i);
      if (c < 0x21 || c > 0x7e)
        w.fail("CODEC_INVALID_VALUE", "domainTag", "domain tag is not printable ASCII");
      bytes[i] = c;
    }
    // Only DOMAIN tags are cached, so arbitrary caller tags cannot grow the map.
    if ((Object.values(DOMAIN) as string[]).includes(tag)) tagBytes.set(tag, bytes);
  }
  return bytes;
}

function writePrefix(w: Writer, tag: string, chainId: number): void {
  w.raw(tagOf(tag, w));
  w.u8(0, "separator");
  w.u32(chainId, "chainId");
}

/** utf8(DOMAIN.txInput) ‖ 0x00 ‖ u32 chainId ‖ txid ‖ u32 inputIndex */
export function txInputSigningMessage(chainId: number, txid: Uint8Array, inputIndex: number): Uint8Array {
  return encodeWith("TxInputSigningMessage", null, (w) => {
    writePrefix(w, DOMAIN.txInput, chainId);
    w.fixed(txid, HASH_BYTES, "txid");
    w.u32(inputIndex, "inputIndex");
  });
}

/** tag ‖ 0x00 ‖ u32 chainId ‖ txid, for the special-payload signatures (DOMAIN.masternodeCollateral/Operator). */
export function specialSigningMessage(domainTag: string, chainId: number, txid: Uint8Array): Uint8Array {
  return encodeWith("SpecialSigningMessage", null, (w) => {
    writePrefix(w, domainTag, chainId);
    w.fixed(txid, HASH_BYTES, "txid");
  });
}

/** DOMAIN.vote ‖ 0x00 ‖ u32 chainId ‖ phase(u8) height(u64) round(u32) blockHash voterPublicKey */
export function voteSigningMessage(chainId: number, vote: Omit<Vote, "signature">): Uint8Array {
  return encodeWith("VoteSigningMessage", vote, (w, v) => {
    writePrefix(w, DOMAIN.vote, chainId);
    writeVotePhase(w, v.phase);
    w.u64(v.height, "vote.height");
    w.u32(v.round, "vote.round");
    w.fixed(v.blockHash, HASH_BYTES, "vote.blockHash");
    w.fixed(v.voterPublicKey, PUBLIC_KEY_BYTES, "vote.voterPublicKey");
  });
}

/** DOMAIN.heartbeat ‖ 0x00 ‖ u32 chainId ‖ operatorPublicKey height(u64) timestamp(u64) sequence(u64) */
export function heartbeatSigningMessage(
  chainId: number,
  heartbeat: Omit<Heartbeat, "signature">,
): Uint8Array {
  return encodeWith("HeartbeatSigningMessage", heartbeat, (w, h) => {
    writePrefix(w, DOMAIN.heartbeat, chainId);
    w.fixed(h.operatorPublicKey, PUBLIC_KEY_BYTES, "heartbeat.operatorPublicKey");
    w.u64(h.height, "heartbeat.height");
    w.u64(h.timestamp, "heartbeat.timestamp");
    w.u64(h.sequence, "heartbeat.sequence");
  });
}

/**
 * DOMAIN.proposal ‖ 0x00 ‖ u32 chainId ‖ blockHash ‖ u32 validRound (0xFFFFFFFF for -1): the proposer
 * vouches for the round it claims a prepare quorum in, not only for the block.
 */
export function proposalSigningMessage(
  chainId: number,
  blockHash: Uint8Array,
  validRound: number,
): Uint8Array {
  return encodeWith("ProposalSigningMessage", null, (w) => {
    writePrefix(w, DOMAIN.proposal, chainId);
    w.fixed(blockHash, HASH_BYTES, "blockHash");
    writeValidRound(w, validRound, "validRound");
  });
}

/** DOMAIN.vrf ‖ 0x00 ‖ u32 chainId ‖ height(u64) previousHash round(u32): the TSDC proposer VRF input. */
export function vrfInputMessage(
  chainId: number,
  height: bigint,
  previousHash: Uint8Array,
  round: number,
): Uint8Array {
  return encodeWith("VrfInputMessage", null, (w) => {
    writePrefix(w, DOMAIN.vrf, chainId);
    w.u64(height, "height");
    w.fixed(previousHash, HASH_BYTES, "previousHash");
    w.u32(round, "round");
  });
}
