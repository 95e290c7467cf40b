// Message intake: every peer message enters here. It is routed by height (past heights dropped and the
// sender reported as behind, near-future heights buffered with a total and a per-sender cap, the current
// height admitted), de-duplicated, held to the per-signer proposal limit, checked (validity.ts) and
// recorded into the height's state; equivocations go to the evidence log. The outcome of each message is
// counted for stats() and mapped to the verdict the p2p layer relays or penalises by.
import type { Candidacy } from "../../codec/index.js";
import { blockHash, CodecError } from "../../codec/index.js";
import type { Proposal, Vote } from "../../types/index.js";
import { bytesEqual, toHex } from "../../types/index.js";
import { type Validator, type VrfScheme, verdictFor } from "../index.js";
import type { EvidenceLog } from "./evidence.js";
import { FutureBuffer } from "./future-buffer.js";
import { type HeightState, MAX_ENDORSEMENTS_PER_SIGNER } from "./height-state.js";
import type { IgnoreReason, TsdcMessage, TsdcVerdict, TsdcVerdictReason } from "./interface.js";
import type { TsdcOptions } from "./options.js";
import { claimedRank, isProposerFault } from "./proposer.js";
import { outranks } from "./ranking.js";
import {
  isBytes,
  type Validity,
  wellFormedCandidacy,
  wellFormedProposal,
  wellFormedVote,
} from "./validity.js";

/**
 * Which reasons prove the sender wrong (reject: do not relay, penalise) and which are harmless (ignore).
 * wrong-parent is harmless: an honest peer on another tip (behind, or just ahead) sends it. A full block
 * store or proposal list is resource pressure, not proof of misbehaviour: an honest proposer leading
 * many rounds of one height can reach the per-signer limit.
 */
export const VERDICT_CLASSES: Readonly<Record<TsdcVerdictReason, "ignore" | "reject">> = Object.freeze({
  stopped: "ignore",
  malformed: "reject",
  "wrong-chain": "reject",
  "wrong-parent": "ignore",
  "old-height": "ignore",
  "too-far-ahead": "ignore",
  "buffer-full": "ignore",
  decided: "ignore",
  "old-round": "ignore",
  "unknown-validator": "reject",
  "bad-signature": "reject",
  "bad-vrf": "reject",
  duplicate: "ignore",
  equivocation: "reject",
  "proposal-limit": "ignore",
  outranked: "ignore",
  buffered: "ignore",
});

const IGNORE_REASONS = Object.keys(VERDICT_CLASSES).filter((r) => r !== "buffered") as IgnoreReason[];

/** peerBehind bookkeeping is dropped beyond this many peers. */
const MAX_PEER_BEHIND_ENTRIES = 4_096;

/** What intake needs to know about the engine to route one message. */
export interface IntakeView {
  readonly running: boolean;
  /** The height being decided or waiting for its slot; undefined before the first start(). */
  readonly working: bigint | undefined;
  /** The height in progress (null while waiting for its slot). */
  readonly hs: HeightState | null;
  /** When the working height was scheduled (clock ms). */
  readonly workingSince: number;
  readonly now: number;
}

/** Where a message goes: into the current height, or a reason it had no effect now. */
export type Admission = "current" | TsdcVerdictReason;

function messageHeight(m: TsdcMessage): bigint | null {
  let h: unknown;
  if (m.kind === "candidacy") h = m.candidacy?.height;
  else if (m.kind === "proposal") h = m.proposal?.block?.header?.height;
  else if (m.kind === "vote") h = m.vote?.height;
  return typeof h === "bigint" ? h : null;
}

export class MessageIntake {
  readonly buffer: FutureBuffer<TsdcMessage>;
  private received = 0;
  private readonly ignored = Object.fromEntries(IGNORE_REASONS.map((r) => [r, 0])) as Record<
    IgnoreReason,
    number
  >;
  private readonly peerBehindSent = new Map<string, { height: bigint; at: number }>();

  constructor(
    private readonly options: TsdcOptions,
    private readonly validity: Validity,
    private readonly evidence: EvidenceLog,
    private readonly vrf: VrfScheme,
    /** A peer keeps sending messages for a height this node decided. */
    private readonly onPeerBehind: (peerId: string, height: bigint) => void,
  ) {
    this.buffer = new FutureBuffer(options.maxBufferedMessages, options.maxBufferedPerSender);
  }

  get receivedCount(): number {
    return this.received;
  }

  ignoredCounts(): Record<IgnoreReason, number> {
    return { ...this.ignored };
  }

  /** Counts one message's outcome and turns it into its verdict. */
  conclude(reason: TsdcVerdictReason | null): TsdcVerdict {
    this.received++;
    if (reason !== null && reason !== "buffered") this.ignored[reason]++;
    return verdictFor(reason, VERDICT_CLASSES);
  }

  /** Counts the outcome of a buffered message replayed when its height starts (no verdict: already given). */
  countReplayed(reason: IgnoreReason | null): void {
    if (reason !== null) this.ignored[reason]++;
  }

  /** Routes one message by height. */
  admit(fromId: string, message: TsdcMessage, view: IntakeView): Admission {
    if (!view.running) return "stopped";
    const height = typeof message === "object" && message !== null ? messageHeight(message) : null;
    if (height === null) return "malformed";
    const working = view.working;
    if (working === undefined) return "stopped";
    if (height < working) {
      // A straggler's vote for the height just decided is normal; the same height still arriving a
      // rebroadcast period later (or anything older) means the peer is stuck there.
      if (height < working - 1n || view.now - view.workingSince >= this.options.rebroadcastMs) {
        this.notePeerBehind(fromId, height, view.now);
      }
      return "old-height";
    }
    if (height > working || view.hs === null) {
      if (height > working + BigInt(this.options.maxFutureHeights)) return "too-far-ahead";
      return this.buffer.add(height, fromId, message) ? "buffered" : "buffer-full";
    }
    if (view.hs.decided) return "decided";
    return "current";
  }

  /** Records a message of the height in progress; returns why it had no effect, or null. */
  dispatch(hs: HeightState, from: string, message: TsdcMessage): IgnoreReason | null {
    try {
      if (message.kind === "candidacy") return this.onCandidacy(hs, message.candidacy);
      if (message.kind === "proposal") return this.onProposal(hs, message.proposal, from);
      if (message.kind === "vote") return this.onVote(hs, message.vote);
      return "malformed";
    } catch (error) {
      // Hand-made objects (not decoded by the codec) can fail to encode for signing: that is bad input.
      if (error instanceof CodecError) return "malformed";
      throw error;
    }
  }

  private onCandidacy(hs: HeightState, c: Candidacy): IgnoreReason | null {
    if (!wellFormedCandidacy(c)) return "malformed";
    if (!bytesEqual(c.previousHash, hs.previousHash)) return "wrong-parent";
    if (c.round < hs.round) return "old-round";
    const id = toHex(c.operatorPublicKey);
    const validator = hs.votingSet.get(id);
    if (validator === undefined) return "unknown-validator";
    const inWindow = c.round <= hs.round + this.options.maxFutureRounds;
    if (inWindow && hs.roundState(c.round).candidates.has(id)) return "duplicate";
    if (!inWindow && (hs.highestRound.get(id) ?? -1) >= c.round) return "duplicate";
    if (inWindow && this.cannotWin(hs, c, validator)) return "outranked";
    const draw = this.validity.draw(hs, c.operatorPublicKey, c.vrfProof, c.round);
    if (isProposerFault(draw)) return "bad-vrf";
    if (inWindow) hs.roundState(c.round).addCandidate(draw);
    hs.noteRound(id, c.round);
    return null;
  }

  /**
   * A candidacy that is not worth a VRF verify: its claimed draw does not outrank the best verified draw of
   * its round, so even if valid it could never propose (the best only gets better). Not relayed either:
   * nobody checked it. A claim that would win is always verified, so a forged better claim is caught. A
   * candidacy of a later round whose sender this node has no authenticated message of that round from is
   * verified anyway: round skipping counts it.
   */
  private cannotWin(hs: HeightState, c: Candidacy, validator: Validator): boolean {
    const best = hs.roundState(c.round).best;
    if (best === null) return false;
    if (c.round > hs.round && (hs.highestRound.get(validator.id) ?? -1) < c.round) return false;
    const claim = claimedRank(validator, c.vrfProof, this.vrf);
    return claim !== null && !outranks(claim, best);
  }

  private onProposal(hs: HeightState, p: Proposal, from: string): IgnoreReason | null {
    if (!wellFormedProposal(p)) return "malformed";
    const block = p.block;
    const header = block.header;
    if (header.chainId !== this.options.chainId) return "wrong-chain";
    if (!isBytes(header.previousHash, 32) || !bytesEqual(header.previousHash, hs.previousHash)) {
      return "wrong-parent";
    }
    const hash = blockHash(header);
    const hex = toHex(hash);
    const signer = this.validity.findSigner(hs, header.proposerPublicKey, hash, p.validRound, p.signature);
    if (signer === null) return "bad-signature";
    const list = hs.endorsements.get(signer.id) ?? [];
    const endorsed = list.includes(hex);
    if (endorsed) {
      // The signature names the hash, not the bytes: another copy of an endorsed hash is kept on its own
      // (it may be the real block after a poisoned one), the same bytes again are a duplicate.
      const before = hs.blocks.copies(hex).length;
      if (typeof hs.storeBlock(block, from) === "string") return "proposal-limit";
      return hs.blocks.copies(hex).length > before ? null : "duplicate";
    }
    if (list.length >= MAX_ENDORSEMENTS_PER_SIGNER) return "proposal-limit";
    const fresh = bytesEqual(header.proposerPublicKey, signer.operatorPublicKey);
    if (fresh) {
      for (const otherHex of list) {
        const other = hs.blocks.any(otherHex);
        if (other === undefined) continue;
        const oh = other.block.header;
        if (oh.round === header.round && bytesEqual(oh.proposerPublicKey, signer.operatorPublicKey)) {
          this.evidence.proposal(hs, signer.id, other, p);
          break;
        }
      }
    }
    if (typeof hs.storeBlock(block, from) === "string") return "proposal-limit";
    list.push(hex);
    hs.endorsements.set(signer.id, list);
    hs.proposalSignatures.set(`${signer.id}:${hex}`, { validRound: p.validRound, signature: p.signature });
    if (fresh && header.round >= hs.round) {
      // A fresh proposal carries its proposer's draw: it stands in for a candidacy that was lost or is late.
      const draw = this.validity.draw(hs, header.proposerPublicKey, header.vrfProof, header.round);
      if (!isProposerFault(draw)) {
        if (header.round <= hs.round + this.options.maxFutureRounds)
          hs.roundState(header.round).addCandidate(draw);
        hs.noteRound(signer.id, header.round);
      }
    }
    return null;
  }

  private onVote(hs: HeightState, v: Vote): IgnoreReason | null {
    if (!wellFormedVote(v)) return "malformed";
    const id = toHex(v.voterPublicKey);
    const validator = hs.votingSet.get(id);
    if (validator === undefined) return "unknown-validator";
    if (v.round > hs.round + this.options.maxFutureRounds) {
      // Too far ahead to keep; it still counts toward round skipping once authenticated.
      if ((hs.highestRound.get(id) ?? -1) >= v.round) return "too-far-ahead";
      if (!this.validity.voteSignatureValid(v)) return "bad-signature";
      hs.noteRound(id, v.round);
      return "too-far-ahead";
    }
    const tally = hs.roundState(v.round).tally(v.phase);
    const hex = toHex(v.blockHash);
    const existing = tally.get(id);
    if (existing !== undefined && existing.hex === hex) return "duplicate";
    if (!this.validity.voteSignatureValid(v)) return "bad-signature";
    if (existing !== undefined) {
      this.evidence.vote(hs, id, existing.vote, v);
      return "equivocation";
    }
    tally.add(id, validator.weight, v, hex);
    hs.noteRound(id, v.round);
    return null;
  }

  private notePeerBehind(peerId: string, height: bigint, now: number): void {
    const last = this.peerBehindSent.get(peerId);
    if (last !== undefined && last.height === height && now - last.at < this.options.rebroadcastMs) return;
    if (this.peerBehindSent.size >= MAX_PEER_BEHIND_ENTRIES) this.peerBehindSent.clear();
    this.peerBehindSent.set(peerId, { height, at: now });
    this.onPeerBehind(peerId, height);
  }
}
