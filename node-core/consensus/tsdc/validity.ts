// Validity of what peers send at the height being decided: the shape of candidacies, proposals and votes
// (hand-made objects must not reach the codec or the tallies), signatures and VRF draws (draws cached per
// height), who signed a proposal, and whether a block may be prepared: the engine's own checks (proposer
// draw, slot-aligned timestamp later than the parent, the previous block's certificate) run synchronously,
// then the host's asynchronous validateBlock, at most once per copy (exact bytes) of a block and height.
// Until the host answers the block is "not yet valid": callers see undefined and wait; the answer is cached
// on the copy and the engine is told, so it can re-run its rules (or drop the answer, if the height has
// moved on). A hash is valid when any of its copies is: a fault belongs to the bytes that had it.
import type { Candidacy } from "../../codec/index.js";
import { proposalSigningMessage, voteSigningMessage } from "../../codec/index.js";
import type { Block, Proposal, Vote } from "../../types/index.js";
import { toHex } from "../../types/index.js";
import type { SignatureScheme, Validator, VotingSet, VrfScheme } from "../index.js";
import { verifyCertificate } from "./certificate.js";
import type { HeightState, KnownBlock } from "./height-state.js";
import type { TsdcOptions } from "./options.js";
import { evaluateDraw, isProposerFault, type ProposerDraw, type ProposerFault } from "./proposer.js";
import type { SlotClock } from "./slot.js";

/** Verified-draw cache entries per height before it is reset. */
const MAX_DRAW_CACHE = 16_384;

export function isBytes(value: unknown, size: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === size;
}

export function isRound(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

export function wellFormedCandidacy(c: Candidacy): boolean {
  return isRound(c.round) && isBytes(c.operatorPublicKey, 32) && isBytes(c.previousHash, 32);
}

export function wellFormedProposal(p: Proposal): boolean {
  const header = p.block.header;
  return (
    isBytes(p.signature, 64) &&
    (p.validRound === -1 || (isRound(p.validRound) && p.validRound < 0xffffffff)) &&
    isRound(header.round) &&
    isBytes(header.proposerPublicKey, 32)
  );
}

export function wellFormedVote(v: Vote): boolean {
  return (
    (v.phase === "prepare" || v.phase === "precommit") &&
    isRound(v.round) &&
    isBytes(v.blockHash, 32) &&
    isBytes(v.voterPublicKey, 32) &&
    isBytes(v.signature, 64)
  );
}

export interface ValidityModules {
  readonly signatures: SignatureScheme;
  readonly vrf: VrfScheme;
  readonly validateBlock: (block: Block) => Promise<string | null>;
}

/** The host answered for `kb` (error: its promise rejected or it threw; kb.fault then says so). */
export type ValidationSettled = (hs: HeightState, kb: KnownBlock, error?: unknown) => void;

export class Validity {
  /** VRF proofs verified so far (draw-cache misses). */
  vrfVerifies = 0;

  constructor(
    private readonly options: TsdcOptions,
    private readonly slots: SlotClock,
    private readonly modules: ValidityModules,
    private readonly votingSetAt: (height: bigint) => VotingSet,
    private readonly onSettled: ValidationSettled,
  ) {}

  voteSignatureValid(v: Vote): boolean {
    return this.modules.signatures.verify(
      v.voterPublicKey,
      voteSigningMessage(this.options.chainId, v),
      v.signature,
    );
  }

  /** A validator's VRF draw for a round of this height, verified once per (key, round, proof). */
  draw(hs: HeightState, key: Uint8Array, proof: Uint8Array, round: number): ProposerDraw | ProposerFault {
    const cacheKey = `${isBytes(key, 32) ? toHex(key) : "?"}:${round}:${isBytes(proof, 80) ? toHex(proof) : "?"}`;
    let result = hs.draws.get(cacheKey);
    if (result === undefined) {
      this.vrfVerifies++;
      result = evaluateDraw(
        key,
        proof,
        hs.height,
        hs.previousHash,
        round,
        hs.votingSet,
        this.modules.vrf,
        this.options.chainId,
      );
      if (hs.draws.size >= MAX_DRAW_CACHE) hs.draws.clear();
      hs.draws.set(cacheKey, result);
    }
    return result;
  }

  /**
   * Who signed a proposal: its header's proposer (a fresh block), or else the best candidate of a round
   * this node is in or keeps state for (a re-proposal of an earlier block). Null when none verifies.
   */
  findSigner(
    hs: HeightState,
    headerProposer: Uint8Array,
    hash: Uint8Array,
    validRound: number,
    signature: Uint8Array,
  ): Validator | null {
    const message = proposalSigningMessage(this.options.chainId, hash, validRound);
    const tried = new Set<string>();
    const attempt = (validator: Validator | undefined): Validator | null => {
      if (validator === undefined || tried.has(validator.id)) return null;
      tried.add(validator.id);
      return this.modules.signatures.verify(validator.operatorPublicKey, message, signature)
        ? validator
        : null;
    };
    const direct = attempt(hs.votingSet.get(toHex(headerProposer)));
    if (direct !== null) return direct;
    const last = hs.round + this.options.maxFutureRounds;
    for (let r = hs.round; r <= last; r++) {
      const best = hs.rounds.get(r)?.best;
      if (best === undefined || best === null) continue;
      const found = attempt(best.validator);
      if (found !== null) return found;
    }
    return null;
  }

  /**
   * The copy of block `hex` that may be prepared (fault null) when one is known valid; else undefined while
   * a copy is still being checked (the call starts the checks of copies not yet checked), else the first
   * copy with its fault. Null when no copy of `hex` is held.
   */
  usableCopy(hs: HeightState, hex: string): { kb: KnownBlock; fault: string | null | undefined } | null {
    const copies = hs.blocks.copies(hex);
    if (copies.length === 0) return null;
    const valid = copies.find((kb) => kb.fault === null);
    if (valid !== undefined) return { kb: valid, fault: null };
    let pending = false;
    for (const kb of copies) {
      const fault = this.blockFault(hs, kb);
      if (fault === null) return { kb, fault };
      if (fault === undefined) pending = true;
    }
    const first = copies[0]!;
    return { kb: first, fault: pending ? undefined : first.fault };
  }

  /**
   * Null when the block may be prepared as far as the clock does not matter, else the reason; undefined
   * while the host's validateBlock has not answered yet (the first call starts it).
   */
  blockFault(hs: HeightState, kb: KnownBlock): string | null | undefined {
    if (kb.fault !== undefined || kb.validating) return kb.fault;
    const own = this.engineFault(hs, kb.block);
    if (own !== null) {
      kb.fault = own;
      return own;
    }
    kb.validating = true;
    let answer: Promise<string | null>;
    try {
      answer = Promise.resolve(this.modules.validateBlock(kb.block));
    } catch (error) {
      answer = Promise.reject(error);
    }
    // Reactions directly on the host's promise: a host that drains its promises before its next event
    // (the simulator) sees this one handled at the same virtual instant.
    answer.then(
      (reason) => {
        kb.validating = false;
        kb.fault = typeof reason === "string" ? reason : null;
        this.onSettled(hs, kb);
      },
      (error: unknown) => {
        kb.validating = false;
        kb.fault = `validateBlock failed: ${error instanceof Error ? error.message : String(error)}`;
        this.onSettled(hs, kb, error);
      },
    );
    return undefined;
  }

  /** A proposal stamped with a slot that has not started yet (beyond the allowed skew) is not prepared. */
  timeFault(kb: KnownBlock, now: number): string | null {
    return Number(kb.block.header.timestamp) > now + this.options.maxClockSkewMs
      ? "timestamp in the future"
      : null;
  }

  private engineFault(hs: HeightState, block: Block): string | null {
    const header = block.header;
    const draw = this.draw(hs, header.proposerPublicKey, header.vrfProof, header.round);
    if (isProposerFault(draw)) return `proposer: ${draw.code}`;
    const ts = header.timestamp;
    if (
      typeof ts !== "bigint" ||
      ts > BigInt(Number.MAX_SAFE_INTEGER) ||
      !this.slots.isSlotStart(Number(ts))
    ) {
      return "timestamp is not the start of a slot";
    }
    if (hs.parentTimestamp !== null && ts <= hs.parentTimestamp)
      return "timestamp not later than the parent's";
    if (hs.height === 1n) {
      if (block.previousCertificate !== null) return "block at height 1 carries a previous certificate";
    } else {
      if (block.previousCertificate === null) return "previous certificate missing";
      const fault = verifyCertificate(
        block.previousCertificate,
        hs.previousHash,
        this.votingSetAt(hs.height - 1n),
        this.modules.signatures,
        this.options.chainId,
        hs.height - 1n,
      );
      if (fault !== null) return `previous certificate: ${fault.code}`;
    }
    return null;
  }
}
