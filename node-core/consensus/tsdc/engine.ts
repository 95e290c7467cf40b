// The TSDC block agreement engine: Tendermint (Buchman, Kwon, Milosevic 2018, "The latest gossip on BFT
// consensus", Algorithm 1) with stake-weighted VRF proposers, one instance per height.
//
// Mapping to the paper: prevote = "prepare", precommit = "precommit", 2f+1 = more than 2/3 of the voting
// weight, f+1 = more than 1/3. proposer(h, r) = the best-ranked candidate this node knows for round r: at
// round start every validator broadcasts a Candidacy (its ECVRF draw), and after candidacyWindowMs the
// best-ranked candidate proposes. Because the VRF input includes the round, a round change hands the
// proposal to an independently drawn (stake-weighted) proposer.
//
// Proposal messages are {block, signature over (chainId, blockHash)}: they carry neither the round nor the
// paper's validRound. A fresh block names its round and proposer in its header (round = r, proposer = the
// signer, VRF proof for r). A re-proposal (the paper's validValue) is the earlier block unchanged, whose
// header names an earlier round; the engine supplies vr itself as the highest round < r in which it saw a
// prepare quorum for that block. The lock rule then reads: prepare v iff valid(v) and (not locked, or
// locked on v, or locked at a round <= vr) — exactly lines 22-33 of the paper with vr chosen by the
// receiver, which is what the safety proof needs (a quorum at a round >= the lock). Safety never depends on
// who proposed: locking and committing follow only from vote quorums on a block this node holds and finds
// valid.
//
// Beyond the paper: messages for future heights are buffered (bounded), for past heights dropped (and
// reported as peerBehind so the host can send certified blocks); messages for rounds far ahead only count
// toward round skipping; a node's own messages of a round are re-sent (from rebroadcastMs, backing off) while
// the round lasts, so lost messages cannot stall a height after a partition heals; a validator's second,
// different vote for one (round, phase) is never counted and is recorded as evidence.
//
// Determinism: time and timers come only from the injected Clock and Scheduler; maps are iterated only
// where insertion order is itself deterministic.
import type { Candidacy } from "../../codec/candidacy.js";
import { CodecError } from "../../codec/errors.js";
import { blockHash } from "../../codec/ids.js";
import { proposalSigningMessage, voteSigningMessage } from "../../codec/signing.js";
import { bytesEqual, toHex } from "../../types/bytes.js";
import type { Block, Proposal, Vote, VotePhase } from "../../types/chain.js";
import type { Cancel } from "../runtime.js";
import type { Validator, VotingSet } from "../voting-set.js";
import { buildCertificate, verifyCertificate } from "./certificate.js";
import { TsdcError } from "./errors.js";
import { FutureBuffer } from "./future-buffer.js";
import { HeightState, type KnownBlock, MAX_ENDORSEMENTS_PER_SIGNER } from "./height-state.js";
import type {
  Equivocation,
  IgnoreReason,
  RoundSnapshot,
  TsdcEvents,
  TsdcMessage,
  TsdcModules,
  TsdcSnapshot,
  TsdcStats,
  TsdcStep,
} from "./interface.js";
import { EventHub } from "./listeners.js";
import { resolveTsdcOptions, type TsdcOptions, type TsdcOptionsInput } from "./options.js";
import {
  evaluateDraw,
  isProposerFault,
  makeCandidacy,
  type ProposerDraw,
  type ProposerFault,
} from "./proposer.js";
import { scoreUnit } from "./ranking.js";
import type { RoundState } from "./round-state.js";
import { SlotClock } from "./slot.js";
import { NIL_HASH, NIL_HASH_HEX } from "./vote-tally.js";

const IGNORE_REASONS: readonly IgnoreReason[] = [
  "stopped",
  "malformed",
  "wrong-chain",
  "wrong-parent",
  "old-height",
  "too-far-ahead",
  "buffer-full",
  "decided",
  "old-round",
  "unknown-validator",
  "bad-signature",
  "bad-vrf",
  "duplicate",
  "equivocation",
  "proposal-limit",
];

/** Passes of the rule loop per event; each pass that changes something moves a step forward, so a few suffice. */
const MAX_RULE_PASSES = 64;
/** Re-sends back off up to this multiple of rebroadcastMs. */
const REBROADCAST_MAX_FACTOR = 4;
/** peerBehind bookkeeping is dropped beyond this many peers. */
const MAX_PEER_BEHIND_ENTRIES = 4_096;
/** Verified-draw cache entries per height before it is reset. */
const MAX_DRAW_CACHE = 16_384;

interface PendingHeight {
  readonly height: bigint;
  readonly previousHash: Uint8Array;
  readonly parentTimestamp: bigint | null;
  readonly slot: number;
}

function isBytes(value: unknown, size: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === size;
}

function isRound(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

function messageHeight(m: TsdcMessage): bigint | null {
  let h: unknown;
  if (m.kind === "candidacy") h = m.candidacy?.height;
  else if (m.kind === "proposal") h = m.proposal?.block?.header?.height;
  else if (m.kind === "vote") h = m.vote?.height;
  return typeof h === "bigint" ? h : null;
}

export class TsdcEngine {
  readonly options: TsdcOptions;
  readonly slots: SlotClock;
  private readonly events = new EventHub<TsdcEvents>();
  private running = false;
  /** The height being decided (null while waiting for its slot). */
  private hs: HeightState | null = null;
  /** The height scheduled to start at its slot boundary. */
  private pending: PendingHeight | null = null;
  private startTimer: Cancel | null = null;
  private roundTimers: Cancel[] = [];
  private rebroadcastTimer: Cancel | null = null;
  private readonly buffer: FutureBuffer<TsdcMessage>;
  private readonly evidenceList: Equivocation[] = [];
  private evidenceDropped = 0;
  private lastCommitted: { readonly hex: string; readonly timestamp: bigint } | null = null;
  /** When the current height was scheduled (clock ms). */
  private workingSince = 0;
  private readonly votingSets = new Map<bigint, VotingSet>();
  private readonly peerBehindSent = new Map<string, { height: bigint; at: number }>();
  private received = 0;
  private readonly ignored = Object.fromEntries(IGNORE_REASONS.map((r) => [r, 0])) as Record<
    IgnoreReason,
    number
  >;

  constructor(
    opts: TsdcOptionsInput,
    private readonly modules: TsdcModules,
  ) {
    this.options = resolveTsdcOptions(opts);
    this.slots = new SlotClock(this.options.genesisTimestampMs, this.options.blockIntervalMs);
    this.buffer = new FutureBuffer(this.options.maxBufferedMessages, this.options.maxBufferedPerSender);
    if (
      modules.self !== null &&
      toHex(modules.signatures.publicKey(modules.self.secret)) !== modules.self.id
    ) {
      throw new TsdcError("TSDC_BAD_SELF", "self.id is not the hex of the operator secret's public key", {
        field: "self.id",
        value: modules.self.id,
      });
    }
  }

  // ---- public surface -------------------------------------------------------------------------------

  /** Schedules the height after the tip. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleNextHeight();
  }

  /** Cancels every timer and forgets the height in progress; messages are ignored until start(). */
  stop(): void {
    this.running = false;
    this.cancelRoundTimers();
    this.startTimer?.();
    this.startTimer = null;
    this.hs = null;
    this.pending = null;
    this.buffer.clear();
  }

  /**
   * The host applied a block (committed here or synced) and tip() now returns it: move to the next height.
   * A call that does not change the tip the current height builds on is a no-op, unless this engine
   * decided a block the host did not apply: then the height is decided again from scratch.
   */
  newHeight(): void {
    if (!this.running) return;
    const tip = this.modules.tip();
    const working = this.hs ?? this.pending;
    if (
      working !== null &&
      !(this.hs?.decided ?? false) &&
      working.height === tip.height + 1n &&
      bytesEqual(working.previousHash, tip.hash)
    ) {
      return;
    }
    this.scheduleNextHeight();
  }

  onMessage(fromId: string, message: TsdcMessage): void {
    this.received++;
    const reason = this.route(fromId, message);
    if (reason !== null) this.ignored[reason]++;
  }

  /** Routes one message by height; returns why it had no effect, or null. */
  private route(fromId: string, message: TsdcMessage): IgnoreReason | null {
    if (!this.running) return "stopped";
    const height = typeof message === "object" && message !== null ? messageHeight(message) : null;
    if (height === null) return "malformed";
    const working = this.hs?.height ?? this.pending?.height;
    if (working === undefined) return "stopped";
    if (height < working) {
      // A straggler's vote for the height just decided is normal; the same height still arriving a
      // rebroadcast period later (or anything older) means the peer is stuck there.
      const now = this.modules.clock.now();
      if (height < working - 1n || now - this.workingSince >= this.options.rebroadcastMs) {
        this.notePeerBehind(fromId, height);
      }
      return "old-height";
    }
    if (height > working || this.hs === null) {
      if (height > working + BigInt(this.options.maxFutureHeights)) return "too-far-ahead";
      return this.buffer.add(height, fromId, message) ? null : "buffer-full";
    }
    const hs = this.hs;
    if (hs.decided) return "decided";
    const reason = this.dispatch(hs, message);
    this.progress();
    return reason;
  }

  get currentHeight(): bigint {
    return this.hs?.height ?? this.pending?.height ?? this.modules.tip().height + 1n;
  }

  get currentRound(): number {
    return this.hs?.round ?? 0;
  }

  get currentStep(): TsdcStep {
    return this.hs?.step ?? "waiting";
  }

  /** Equivocations seen so far (bounded by maxEvidence; the oldest are kept). */
  evidence(): readonly Equivocation[] {
    return this.evidenceList;
  }

  on<K extends keyof TsdcEvents>(event: K, listener: (payload: TsdcEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  stats(): TsdcStats {
    return {
      received: this.received,
      buffered: this.buffer.size,
      ignored: { ...this.ignored },
      evidenceDropped: this.evidenceDropped,
    };
  }

  inspect(): TsdcSnapshot {
    const hs = this.hs;
    const rounds: RoundSnapshot[] = [];
    if (hs !== null) {
      for (const rs of [...hs.rounds.values()].sort((a, b) => a.round - b.round)) {
        rounds.push({
          round: rs.round,
          candidates: rs.candidates.size,
          best: rs.best?.validator.id ?? null,
          prepares: rs.prepares.weightsByHash(),
          precommits: rs.precommits.weightsByHash(),
        });
      }
    }
    return {
      running: this.running,
      height: this.currentHeight,
      round: hs?.round ?? 0,
      step: hs?.step ?? "waiting",
      lockedRound: hs?.lockedRound ?? -1,
      lockedBlockHash: hs?.lockedBlock?.hex ?? null,
      validRound: hs?.validRound ?? -1,
      validBlockHash: hs?.validBlock?.hex ?? null,
      rounds,
    };
  }

  // ---- heights and rounds ---------------------------------------------------------------------------

  private scheduleNextHeight(): void {
    this.cancelRoundTimers();
    this.startTimer?.();
    this.startTimer = null;
    const tip = this.modules.tip();
    const height = tip.height + 1n;
    const tipHex = toHex(tip.hash);
    const parentTimestamp =
      tip.timestamp ?? (this.lastCommitted?.hex === tipHex ? this.lastCommitted.timestamp : null);
    const now = this.modules.clock.now();
    const nowSlot = this.slots.slotAt(now);
    let slot: number;
    if (parentTimestamp === null) {
      slot = nowSlot + 1;
    } else {
      const next = this.slots.slotOfTimestamp(parentTimestamp) + 1;
      // Late (the tip's round ran past its slot, or the tip was synced late): start now, in the current slot.
      slot = next <= nowSlot ? nowSlot : next;
    }
    const startAt = slot === nowSlot ? now : this.slots.slotStartMs(slot);
    this.hs = null;
    this.pending = { height, previousHash: tip.hash, parentTimestamp, slot };
    this.workingSince = now;
    this.buffer.dropBelow(height);
    for (const h of [...this.votingSets.keys()]) if (h < height - 1n) this.votingSets.delete(h);
    this.startTimer = this.modules.scheduler.after(startAt - now, () => {
      this.startTimer = null;
      this.beginHeight();
    });
  }

  private votingSetAt(height: bigint): VotingSet {
    let set = this.votingSets.get(height);
    if (set === undefined) {
      set = this.modules.votingSet(height);
      this.votingSets.set(height, set);
    }
    return set;
  }

  private beginHeight(): void {
    const p = this.pending;
    if (!this.running || p === null) return;
    this.pending = null;
    const votingSet = this.votingSetAt(p.height);
    const self = this.modules.self === null ? null : (votingSet.get(this.modules.self.id) ?? null);
    const hs = new HeightState(
      p.height,
      p.previousHash,
      toHex(p.previousHash),
      p.parentTimestamp,
      p.slot,
      votingSet,
      self,
    );
    this.hs = hs;
    this.events.emit("heightStarted", { height: p.height, slot: p.slot });
    this.startRound(hs, 0);
    for (const { message } of this.buffer.take(p.height)) {
      if (this.hs !== hs || hs.decided) break;
      const reason = this.dispatch(hs, message);
      if (reason !== null) this.ignored[reason]++;
    }
    this.progress();
  }

  private startRound(hs: HeightState, round: number): void {
    this.cancelRoundTimers();
    hs.round = round;
    hs.step = "propose";
    const rs = hs.roundState(round);
    this.events.emit("roundStarted", { height: hs.height, round });
    if (hs.self !== null && rs.own.candidacy === null) {
      const { candidacy, output } = makeCandidacy(
        this.modules.vrf,
        this.modules.self!.secret,
        hs.self.operatorPublicKey,
        this.options.chainId,
        hs.height,
        hs.previousHash,
        round,
      );
      const draw = evaluateOwnDraw(hs.self, candidacy, output);
      rs.addCandidate(draw);
      rs.own.candidacy = candidacy;
      this.modules.outbox.broadcast({ kind: "candidacy", candidacy });
    }
    const o = this.options;
    const grow = round * o.timeoutDeltaMs;
    this.after(hs, o.candidacyWindowMs, () => this.onWindowClosed(hs, round));
    this.after(hs, o.candidacyWindowMs + o.proposeTimeoutMs + grow, () => {
      if (hs.round === round && hs.step === "propose") this.prepare(hs, hs.roundState(round), null);
    });
    this.scheduleRebroadcast(hs, round);
  }

  private onWindowClosed(hs: HeightState, round: number): void {
    if (hs.round !== round) return;
    const rs = hs.roundState(round);
    rs.windowClosed = true;
    if (hs.self !== null && rs.best?.validator.id === hs.self.id && rs.own.proposal === null && !hs.decided) {
      this.propose(hs, rs);
    }
  }

  private propose(hs: HeightState, rs: RoundState): void {
    const self = hs.self!;
    const secret = this.modules.self!.secret;
    let kb: KnownBlock;
    const reproposal = hs.validBlock !== null;
    if (hs.validBlock !== null) {
      kb = hs.validBlock;
    } else {
      const draw = rs.candidates.get(self.id)!;
      const now = this.modules.clock.now();
      const timestamp = BigInt(this.slots.slotStartMs(Math.max(this.slots.slotAt(now), hs.slot)));
      let block: Block;
      try {
        block = this.modules.buildBlock({
          height: hs.height,
          round: rs.round,
          previousHash: hs.previousHash,
          proposerPublicKey: self.operatorPublicKey,
          vrfProof: draw.vrfProof,
          timestamp,
        });
      } catch (error) {
        this.events.emit("moduleError", { module: "buildBlock", error });
        return;
      }
      kb = this.storeBlock(hs, block, true)!;
    }
    const signature = this.modules.signatures.sign(
      secret,
      proposalSigningMessage(this.options.chainId, kb.hash),
    );
    const proposal: Proposal = { block: kb.block, signature };
    rs.own.proposal = proposal;
    const list = hs.endorsements.get(self.id) ?? [];
    if (!list.includes(kb.hex)) list.push(kb.hex);
    hs.endorsements.set(self.id, list);
    hs.proposalSignatures.set(`${self.id}:${kb.hex}`, signature);
    this.events.emit("proposed", { height: hs.height, round: rs.round, blockHash: kb.hash, reproposal });
    this.modules.outbox.broadcast({ kind: "proposal", proposal });
  }

  /**
   * Re-sends this node's messages of the round while the round lasts, backing off from rebroadcastMs to
   * REBROADCAST_MAX_FACTOR times it, so a long-stuck round (a partition) costs little bandwidth.
   */
  private scheduleRebroadcast(hs: HeightState, round: number, factor = 1): void {
    this.rebroadcastTimer?.();
    const cancel = this.modules.scheduler.after(this.options.rebroadcastMs * factor, () => {
      if (this.rebroadcastTimer === cancel) this.rebroadcastTimer = null;
      if (!this.running || this.hs !== hs || hs.decided || hs.round !== round) return;
      const own = hs.roundState(round).own;
      const outbox = this.modules.outbox;
      if (own.candidacy !== null) outbox.broadcast({ kind: "candidacy", candidacy: own.candidacy });
      if (own.proposal !== null) outbox.broadcast({ kind: "proposal", proposal: own.proposal });
      if (own.prepare !== null) outbox.broadcast({ kind: "vote", vote: own.prepare });
      if (own.precommit !== null) outbox.broadcast({ kind: "vote", vote: own.precommit });
      this.scheduleRebroadcast(hs, round, Math.min(factor * 2, REBROADCAST_MAX_FACTOR));
    });
    this.rebroadcastTimer = cancel;
  }

  /** A round timer: runs only while `hs` is still the height in progress, then re-evaluates the rules. */
  private after(hs: HeightState, delayMs: number, task: () => void): void {
    const cancel = this.modules.scheduler.after(delayMs, () => {
      if (!this.running || this.hs !== hs || hs.decided) return;
      task();
      this.progress();
    });
    this.roundTimers.push(cancel);
  }

  private cancelRoundTimers(): void {
    for (const cancel of this.roundTimers) cancel();
    this.roundTimers = [];
    this.rebroadcastTimer?.();
    this.rebroadcastTimer = null;
  }

  // ---- the rules ------------------------------------------------------------------------------------

  /** Re-evaluates Tendermint's "upon" rules for the current height until none fires. */
  private progress(): void {
    const hs = this.hs;
    if (hs === null) return;
    for (let pass = 0; pass < MAX_RULE_PASSES; pass++) {
      if (!this.running || this.hs !== hs || hs.decided) return;
      if (this.tryCommit(hs)) return;
      if (this.tryRoundSkip(hs)) continue;
      const rs = hs.roundState(hs.round);
      let changed = false;
      if (hs.step === "propose" && rs.windowClosed) changed = this.tryPrepare(hs, rs);
      if (hs.step === "prepare" && !rs.prepareTimerStarted && hs.isQuorum(rs.prepares.totalWeight)) {
        rs.prepareTimerStarted = true;
        const round = rs.round;
        this.after(hs, this.options.prepareTimeoutMs + round * this.options.timeoutDeltaMs, () => {
          if (hs.round === round && hs.step === "prepare") this.precommit(hs, hs.roundState(round), null);
        });
      }
      if ((hs.step === "prepare" || hs.step === "precommit") && !rs.lockRuleFired) {
        changed = this.tryLock(hs, rs) || changed;
      }
      if (hs.step === "prepare" && hs.isQuorum(rs.prepares.weightFor(NIL_HASH_HEX))) {
        this.precommit(hs, rs, null);
        changed = true;
      }
      if (!rs.precommitTimerStarted && hs.isQuorum(rs.precommits.totalWeight)) {
        rs.precommitTimerStarted = true;
        const round = rs.round;
        this.after(hs, this.options.precommitTimeoutMs + round * this.options.timeoutDeltaMs, () => {
          if (hs.round === round) this.startRound(hs, round + 1);
        });
      }
      if (!changed) return;
    }
  }

  /** Paper lines 22-33: prepare the best candidate's proposal if valid and allowed by the lock, else nil. */
  private tryPrepare(hs: HeightState, rs: RoundState): boolean {
    const best = rs.best;
    if (best === null) return false;
    const kb = this.chooseProposal(hs, best.validator.id, rs.round);
    if (kb === null) return false;
    const fault = this.blockFault(hs, kb) ?? this.timeFault(kb);
    if (fault !== null) {
      this.events.emit("rejectedBlock", {
        height: hs.height,
        round: rs.round,
        blockHash: kb.hex,
        reason: fault,
      });
      this.prepare(hs, rs, null);
      return true;
    }
    const vr = this.evidenceRound(hs, kb.hex, rs.round);
    if (hs.lockedBlock === null || hs.lockedBlock.hex === kb.hex || (vr >= 0 && hs.lockedRound <= vr)) {
      this.prepare(hs, rs, kb);
    } else if (kb.block.header.round < rs.round) {
      // A re-proposal while locked elsewhere: the prepare quorum that would unlock us may still arrive.
      return false;
    } else {
      this.prepare(hs, rs, null);
    }
    return true;
  }

  /** Paper lines 36-43: a prepare quorum for a valid block locks it (once per round) and makes it validValue. */
  private tryLock(hs: HeightState, rs: RoundState): boolean {
    const hex = rs.prepares.quorumHex;
    if (hex === null) return false;
    const kb = hs.blocks.get(hex);
    if (kb === undefined || kb.block.header.round > rs.round || this.blockFault(hs, kb) !== null)
      return false;
    rs.lockRuleFired = true;
    if (hs.step === "prepare") {
      hs.lockedRound = rs.round;
      hs.lockedBlock = kb;
      this.precommit(hs, rs, kb);
    }
    hs.validRound = rs.round;
    hs.validBlock = kb;
    return true;
  }

  /** Paper lines 49-54: a precommit quorum in any round for a block held and valid decides the height. */
  private tryCommit(hs: HeightState): boolean {
    for (const rs of hs.rounds.values()) {
      const hex = rs.precommits.quorumHex;
      if (hex === null) continue;
      const kb = hs.blocks.get(hex);
      if (kb === undefined) continue;
      const fault = this.blockFault(hs, kb);
      if (fault !== null) continue;
      this.commit(hs, rs, kb);
      return true;
    }
    return false;
  }

  /** Paper line 55: messages from more than 1/3 of the weight at higher rounds move this node forward. */
  private tryRoundSkip(hs: HeightState): boolean {
    if (hs.maxSeenRound <= hs.round) return false;
    const ahead: { round: number; weight: number }[] = [];
    for (const [id, round] of hs.highestRound) {
      if (round > hs.round) ahead.push({ round, weight: hs.votingSet.get(id)?.weight ?? 0 });
    }
    if (ahead.length === 0) return false;
    ahead.sort((a, b) => b.round - a.round);
    let weight = 0;
    for (const entry of ahead) {
      weight += entry.weight;
      if (hs.isOneThird(weight)) {
        this.startRound(hs, entry.round);
        return true;
      }
    }
    return false;
  }

  private commit(hs: HeightState, rs: RoundState, kb: KnownBlock): void {
    const certificate = buildCertificate(hs.height, rs.round, kb.hash, rs.precommits.votesFor(kb.hex));
    hs.decided = true;
    hs.step = "committed";
    this.cancelRoundTimers();
    this.lastCommitted = { hex: kb.hex, timestamp: kb.block.header.timestamp };
    this.events.emit("committed", { height: hs.height, round: rs.round, block: kb.block, certificate });
    this.modules.onCommit(kb.block, certificate);
  }

  private prepare(hs: HeightState, rs: RoundState, kb: KnownBlock | null): void {
    hs.step = "prepare";
    this.castVote(hs, rs, "prepare", kb);
  }

  private precommit(hs: HeightState, rs: RoundState, kb: KnownBlock | null): void {
    hs.step = "precommit";
    this.castVote(hs, rs, "precommit", kb);
  }

  private castVote(hs: HeightState, rs: RoundState, phase: VotePhase, kb: KnownBlock | null): void {
    const self = hs.self;
    if (self === null) return;
    const tally = rs.tally(phase);
    if (tally.get(self.id) !== undefined) return;
    const unsigned = {
      phase,
      height: hs.height,
      round: rs.round,
      blockHash: kb?.hash ?? NIL_HASH,
      voterPublicKey: self.operatorPublicKey,
    };
    const signature = this.modules.signatures.sign(
      this.modules.self!.secret,
      voteSigningMessage(this.options.chainId, unsigned),
    );
    const vote: Vote = { ...unsigned, signature };
    tally.add(self.id, self.weight, vote, kb?.hex ?? NIL_HASH_HEX);
    rs.own[phase] = vote;
    this.modules.outbox.broadcast({ kind: "vote", vote });
  }

  /**
   * The block `signerId` proposes in `round`, among those it signed: a fresh block of this round, or an
   * earlier round's block (a re-proposal). Prefers a re-proposal this node saw a prepare quorum for (highest
   * such round), then the fresh block, then anything else (lowest hash), so replayed old proposals cannot
   * displace what an honest proposer sends.
   */
  private chooseProposal(hs: HeightState, signerId: string, round: number): KnownBlock | null {
    const list = hs.endorsements.get(signerId);
    if (list === undefined) return null;
    let chosen: KnownBlock | null = null;
    let chosenRank = -Infinity;
    for (const hex of list) {
      const kb = hs.blocks.get(hex);
      if (kb === undefined) continue;
      const header = kb.block.header;
      let rank: number;
      if (header.round === round && toHex(header.proposerPublicKey) === signerId) rank = 0;
      else if (header.round < round) {
        const vr = this.evidenceRound(hs, hex, round);
        rank = vr >= 0 ? 1 + vr : -1;
      } else continue;
      if (rank > chosenRank || (rank === chosenRank && chosen !== null && hex < chosen.hex)) {
        chosen = kb;
        chosenRank = rank;
      }
    }
    return chosen;
  }

  /** Highest round below `round` in which this node saw a prepare quorum for `hex`, or -1. */
  private evidenceRound(hs: HeightState, hex: string, round: number): number {
    let best = -1;
    for (const rs of hs.rounds.values()) {
      if (rs.round < round && rs.round > best && rs.prepares.quorumHex === hex) best = rs.round;
    }
    return best;
  }

  /**
   * Validity that does not depend on the clock, cached per block: proposer draw, slot-aligned timestamp
   * later than the parent, the previous block's certificate, then the host's validateBlock.
   */
  private blockFault(hs: HeightState, kb: KnownBlock): string | null {
    if (kb.fault !== undefined) return kb.fault;
    kb.fault = this.computeBlockFault(hs, kb.block);
    return kb.fault;
  }

  private computeBlockFault(hs: HeightState, block: Block): string | null {
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
    try {
      return this.modules.validateBlock(block);
    } catch (error) {
      return `validateBlock threw: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** A proposal stamped with a slot that has not started yet (beyond the allowed skew) is not prepared. */
  private timeFault(kb: KnownBlock): string | null {
    const now = this.modules.clock.now();
    return Number(kb.block.header.timestamp) > now + this.options.maxClockSkewMs
      ? "timestamp in the future"
      : null;
  }

  private draw(
    hs: HeightState,
    key: Uint8Array,
    proof: Uint8Array,
    round: number,
  ): ProposerDraw | ProposerFault {
    const cacheKey = `${isBytes(key, 32) ? toHex(key) : "?"}:${round}:${isBytes(proof, 80) ? toHex(proof) : "?"}`;
    let result = hs.draws.get(cacheKey);
    if (result === undefined) {
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

  // ---- incoming messages ----------------------------------------------------------------------------

  private dispatch(hs: HeightState, message: TsdcMessage): IgnoreReason | null {
    try {
      if (message.kind === "candidacy") return this.onCandidacy(hs, message.candidacy);
      if (message.kind === "proposal") return this.onProposal(hs, message.proposal);
      if (message.kind === "vote") return this.onVote(hs, message.vote);
      return "malformed";
    } catch (error) {
      // Hand-made objects (not decoded by the codec) can fail to encode for signing: that is bad input.
      if (error instanceof CodecError) return "malformed";
      throw error;
    }
  }

  private onCandidacy(hs: HeightState, c: Candidacy): IgnoreReason | null {
    if (!isRound(c.round) || !isBytes(c.operatorPublicKey, 32) || !isBytes(c.previousHash, 32)) {
      return "malformed";
    }
    if (!bytesEqual(c.previousHash, hs.previousHash)) return "wrong-parent";
    if (c.round < hs.round) return "old-round";
    const id = toHex(c.operatorPublicKey);
    if (hs.votingSet.get(id) === undefined) return "unknown-validator";
    const inWindow = c.round <= hs.round + this.options.maxFutureRounds;
    if (inWindow && hs.roundState(c.round).candidates.has(id)) return "duplicate";
    if (!inWindow && (hs.highestRound.get(id) ?? -1) >= c.round) return "duplicate";
    const draw = this.draw(hs, c.operatorPublicKey, c.vrfProof, c.round);
    if (isProposerFault(draw)) return "bad-vrf";
    if (inWindow) hs.roundState(c.round).addCandidate(draw);
    this.noteRound(hs, id, c.round);
    return null;
  }

  private onProposal(hs: HeightState, p: Proposal): IgnoreReason | null {
    const block = p.block;
    const header = block.header;
    if (!isBytes(p.signature, 64) || !isRound(header.round) || !isBytes(header.proposerPublicKey, 32)) {
      return "malformed";
    }
    if (header.chainId !== this.options.chainId) return "wrong-chain";
    if (!isBytes(header.previousHash, 32) || !bytesEqual(header.previousHash, hs.previousHash)) {
      return "wrong-parent";
    }
    const hash = blockHash(header);
    const hex = toHex(hash);
    const signer = this.findSigner(hs, header.proposerPublicKey, hash, p.signature);
    if (signer === null) return "bad-signature";
    const list = hs.endorsements.get(signer.id) ?? [];
    if (list.includes(hex)) return "duplicate";
    if (list.length >= MAX_ENDORSEMENTS_PER_SIGNER) return "proposal-limit";
    const fresh = bytesEqual(header.proposerPublicKey, signer.operatorPublicKey);
    if (fresh) {
      for (const otherHex of list) {
        const other = hs.blocks.get(otherHex);
        if (other === undefined) continue;
        const oh = other.block.header;
        if (oh.round === header.round && bytesEqual(oh.proposerPublicKey, signer.operatorPublicKey)) {
          this.recordProposalEquivocation(hs, signer.id, other, p);
          break;
        }
      }
    }
    if (this.storeBlock(hs, block, false) === null) return "proposal-limit";
    list.push(hex);
    hs.endorsements.set(signer.id, list);
    hs.proposalSignatures.set(`${signer.id}:${hex}`, p.signature);
    if (fresh && header.round >= hs.round) {
      // A fresh proposal carries its proposer's draw: it stands in for a candidacy that was lost or is late.
      const draw = this.draw(hs, header.proposerPublicKey, header.vrfProof, header.round);
      if (!isProposerFault(draw)) {
        if (header.round <= hs.round + this.options.maxFutureRounds)
          hs.roundState(header.round).addCandidate(draw);
        this.noteRound(hs, signer.id, header.round);
      }
    }
    return null;
  }

  /**
   * Who signed a proposal: its header's proposer (a fresh block), or else the best candidate of a round
   * this node is in or keeps state for (a re-proposal of an earlier block). Null when none verifies.
   */
  private findSigner(
    hs: HeightState,
    headerProposer: Uint8Array,
    hash: Uint8Array,
    signature: Uint8Array,
  ): Validator | null {
    const message = proposalSigningMessage(this.options.chainId, hash);
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

  private storeBlock(hs: HeightState, block: Block, force: boolean): KnownBlock | null {
    const hash = blockHash(block.header);
    const hex = toHex(hash);
    const known = hs.blocks.get(hex);
    if (known !== undefined) return known;
    if (!force && hs.blocks.size >= hs.maxBlocks) return null;
    const kb: KnownBlock = { block, hash, hex, fault: undefined };
    hs.blocks.set(hex, kb);
    return kb;
  }

  private onVote(hs: HeightState, v: Vote): IgnoreReason | null {
    if (
      (v.phase !== "prepare" && v.phase !== "precommit") ||
      !isRound(v.round) ||
      !isBytes(v.blockHash, 32) ||
      !isBytes(v.voterPublicKey, 32) ||
      !isBytes(v.signature, 64)
    ) {
      return "malformed";
    }
    const id = toHex(v.voterPublicKey);
    const validator = hs.votingSet.get(id);
    if (validator === undefined) return "unknown-validator";
    const message = voteSigningMessage(this.options.chainId, v);
    if (v.round > hs.round + this.options.maxFutureRounds) {
      // Too far ahead to keep; it still counts toward round skipping once authenticated.
      if ((hs.highestRound.get(id) ?? -1) >= v.round) return "too-far-ahead";
      if (!this.modules.signatures.verify(v.voterPublicKey, message, v.signature)) return "bad-signature";
      this.noteRound(hs, id, v.round);
      return "too-far-ahead";
    }
    const tally = hs.roundState(v.round).tally(v.phase);
    const hex = toHex(v.blockHash);
    const existing = tally.get(id);
    if (existing !== undefined && existing.hex === hex) return "duplicate";
    if (!this.modules.signatures.verify(v.voterPublicKey, message, v.signature)) return "bad-signature";
    if (existing !== undefined) {
      this.recordVoteEquivocation(hs, id, existing.vote, v);
      return "equivocation";
    }
    tally.add(id, validator.weight, v, hex);
    this.noteRound(hs, id, v.round);
    return null;
  }

  private noteRound(hs: HeightState, id: string, round: number): void {
    if (round > (hs.highestRound.get(id) ?? -1)) hs.highestRound.set(id, round);
    if (round > hs.maxSeenRound) hs.maxSeenRound = round;
  }

  private notePeerBehind(peerId: string, height: bigint): void {
    const now = this.modules.clock.now();
    const last = this.peerBehindSent.get(peerId);
    if (last !== undefined && last.height === height && now - last.at < this.options.rebroadcastMs) return;
    if (this.peerBehindSent.size >= MAX_PEER_BEHIND_ENTRIES) this.peerBehindSent.clear();
    this.peerBehindSent.set(peerId, { height, at: now });
    this.events.emit("peerBehind", { peerId, height });
  }

  private recordVoteEquivocation(hs: HeightState, voterId: string, first: Vote, second: Vote): void {
    const key = `vote:${first.round}:${first.phase}:${voterId}`;
    if (hs.equivocations.has(key)) return;
    hs.equivocations.add(key);
    this.addEvidence({
      kind: "vote",
      height: hs.height,
      round: first.round,
      phase: first.phase,
      voterId,
      first,
      second,
    });
  }

  private recordProposalEquivocation(
    hs: HeightState,
    proposerId: string,
    first: KnownBlock,
    second: Proposal,
  ): void {
    const round = second.block.header.round;
    const key = `proposal:${round}:${proposerId}`;
    if (hs.equivocations.has(key)) return;
    hs.equivocations.add(key);
    const firstSignature = this.signatureOf(hs, proposerId, first);
    if (firstSignature === null) return;
    this.addEvidence({
      kind: "proposal",
      height: hs.height,
      round,
      proposerId,
      first: { header: first.block.header, signature: firstSignature },
      second: { header: second.block.header, signature: second.signature },
    });
  }

  private signatureOf(hs: HeightState, proposerId: string, kb: KnownBlock): Uint8Array | null {
    return hs.proposalSignatures.get(`${proposerId}:${kb.hex}`) ?? null;
  }

  private addEvidence(e: Equivocation): void {
    if (this.evidenceList.length < this.options.maxEvidence) this.evidenceList.push(e);
    else this.evidenceDropped++;
    this.events.emit("equivocation", e);
  }
}

/** This node's own draw, built from its own proof (no need to verify what it just proved). */
function evaluateOwnDraw(validator: Validator, candidacy: Candidacy, output: Uint8Array): ProposerDraw {
  return {
    validator,
    output,
    vrfProof: candidacy.vrfProof,
    operatorPublicKey: validator.operatorPublicKey,
    weight: validator.weight,
    unit: scoreUnit(output),
  };
}
