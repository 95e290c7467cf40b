// The TSDC block agreement engine: Tendermint (Buchman, Kwon, Milosevic 2018, "The latest gossip on BFT
// consensus", Algorithm 1) with stake-weighted VRF proposers, one instance per height.
//
// Mapping to the paper: prevote = "prepare", precommit = "precommit", 2f+1 = more than 2/3 of the voting
// weight, f+1 = more than 1/3. proposer(h, r) = the best-ranked candidate this node knows for round r: at
// round start every validator broadcasts a Candidacy (its ECVRF draw), and after candidacyWindowMs the
// best-ranked candidate proposes. Because the VRF input includes the round, a round change hands the
// proposal to an independently drawn (stake-weighted) proposer.
//
// Proposal messages are {block, validRound, signature over (chainId, blockHash, validRound)}: they do not
// carry the round; validRound is the paper's (-1 for a fresh block), signed so no relay can alter it. A fresh block names its round and proposer in its header (round = r, proposer = the
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
// The host's buildBlock and validateBlock are asynchronous: a block under validation is "not yet valid"
// (not prepared, locked on or committed) until its answer arrives; then the rules run again. Answers and
// built blocks that arrive after the height (for a proposal: the round) moved on are dropped.
//
// Events are queued and delivered only when the transition that caused them is complete (timers set,
// onCommit called), so a listener that inspects or calls back into the engine sees the finished state.
// They go through util's EventHub as `tsdc:<event>` (engine.on takes the bare name); a listener that
// throws is reported as moduleError, never rethrown; a throwing moduleError listener and a listener's
// rejected promise are logged by the hub.
//
// Message intake (routing, buffering, dedup, per-peer limits) is intake.ts, validity checks validity.ts,
// proposed blocks keyed by their full bytes (so a relay's altered copy cannot stand for the real one)
// block-store.ts, equivocation records evidence.ts; this file holds the rules, heights and rounds, and the
// host hooks.
//
// Determinism: time and timers come only from the injected Clock and Scheduler; host promises are reacted
// to directly (no timers of our own); maps are iterated only where insertion order is itself deterministic.
import type { Candidacy } from "../../codec/index.js";
import { proposalSigningMessage, voteSigningMessage } from "../../codec/index.js";
import type { Block, Proposal, Vote, VotePhase } from "../../types/index.js";
import { bytesEqual, toHex } from "../../types/index.js";
import { EventHub, silentLogger } from "../../util/index.js";
import type { Cancel, Validator, VotingSet } from "../index.js";
import { buildCertificate } from "./certificate.js";
import { TsdcError } from "./errors.js";
import { EvidenceLog } from "./evidence.js";
import { HeightState, type KnownBlock } from "./height-state.js";
import { MessageIntake } from "./intake.js";
import type {
  Equivocation,
  RoundSnapshot,
  TsdcEvents,
  TsdcMessage,
  TsdcModules,
  TsdcSnapshot,
  TsdcStats,
  TsdcStep,
  TsdcVerdict,
} from "./interface.js";
import { resolveTsdcOptions, type TsdcOptions, type TsdcOptionsInput } from "./options.js";
import { makeCandidacy, type ProposerDraw } from "./proposer.js";
import { scoreUnit } from "./ranking.js";
import type { RoundState } from "./round-state.js";
import { SlotClock } from "./slot.js";
import { Validity } from "./validity.js";
import { NIL_HASH, NIL_HASH_HEX } from "./vote-tally.js";

/** Passes of the rule loop per event; each pass that changes something moves a step forward, so a few suffice. */
const MAX_RULE_PASSES = 64;
/** Re-sends back off up to this multiple of rebroadcastMs. */
const REBROADCAST_MAX_FACTOR = 4;

interface PendingHeight {
  readonly height: bigint;
  readonly previousHash: Uint8Array;
  readonly parentTimestamp: bigint | null;
  readonly slot: number;
}

/** The engine's events on the shared hub, under `tsdc:` names. */
type TsdcHubEvents = { [K in keyof TsdcEvents as `tsdc:${K}`]: TsdcEvents[K] };

type QueuedEvent = {
  [K in keyof TsdcEvents]: { readonly event: K; readonly payload: TsdcEvents[K] };
}[keyof TsdcEvents];

export class TsdcEngine {
  readonly options: TsdcOptions;
  readonly slots: SlotClock;
  private readonly events: EventHub<TsdcHubEvents>;
  /** Events of the transition in progress, delivered once it is complete (see the header). */
  private readonly queued: QueuedEvent[] = [];
  /** Nesting of entry points (public calls, timers, host answers) on the stack. */
  private depth = 0;
  private delivering = false;
  private running = false;
  /** The height being decided (null while waiting for its slot). */
  private hs: HeightState | null = null;
  /** The height scheduled to start at its slot boundary. */
  private pending: PendingHeight | null = null;
  private startTimer: Cancel | null = null;
  private roundTimers: Cancel[] = [];
  private rebroadcastTimer: Cancel | null = null;
  private readonly evidenceLog: EvidenceLog;
  private readonly validity: Validity;
  private readonly intake: MessageIntake;
  private lastCommitted: { readonly hex: string; readonly timestamp: bigint } | null = null;
  /** When the current height was scheduled (clock ms). */
  private workingSince = 0;
  private readonly votingSets = new Map<bigint, VotingSet>();

  constructor(
    opts: TsdcOptionsInput,
    private readonly modules: TsdcModules,
  ) {
    this.options = resolveTsdcOptions(opts);
    this.slots = new SlotClock(this.options.genesisTimestampMs, this.options.blockIntervalMs);
    this.events = new EventHub<TsdcHubEvents>((modules.logger ?? silentLogger).child({ module: "tsdc" }));
    this.evidenceLog = new EvidenceLog(this.options.maxEvidence, (e) => this.emit("equivocation", e));
    this.validity = new Validity(
      this.options,
      this.slots,
      modules,
      (height) => this.votingSetAt(height),
      (hs, _kb, error) => this.onValidated(hs, error),
    );
    this.intake = new MessageIntake(
      this.options,
      this.validity,
      this.evidenceLog,
      modules.vrf,
      (peerId, height) => this.emit("peerBehind", { peerId, height }),
    );
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
    this.enter(() => {
      if (this.running) return;
      this.running = true;
      this.scheduleNextHeight();
    });
  }

  /** Cancels every timer and forgets the height in progress; messages are ignored until start(). */
  stop(): void {
    this.enter(() => {
      this.running = false;
      this.cancelRoundTimers();
      this.startTimer?.();
      this.startTimer = null;
      this.hs = null;
      this.pending = null;
      this.intake.buffer.clear();
    });
  }

  /**
   * The host applied a block (committed here or synced) and tip() now returns it: move to the next height.
   * A call that does not change the tip the current height builds on is a no-op, unless this engine
   * decided a block the host did not apply: then the height is decided again from scratch.
   */
  newHeight(): void {
    this.enter(() => {
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
    });
  }

  /** Takes one peer message; the verdict says whether to relay it (accept) or penalise its sender (reject). */
  onMessage(fromId: string, message: TsdcMessage): TsdcVerdict {
    return this.enter(() => {
      const admission = this.intake.admit(fromId, message, {
        running: this.running,
        working: this.hs?.height ?? this.pending?.height,
        hs: this.hs,
        workingSince: this.workingSince,
        now: this.modules.clock.now(),
      });
      if (admission !== "current") return this.intake.conclude(admission);
      const hs = this.hs!;
      const reason = this.intake.dispatch(hs, fromId, message);
      this.progress();
      return this.intake.conclude(reason);
    });
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
    return this.evidenceLog.list;
  }

  on<K extends keyof TsdcEvents>(event: K, listener: (payload: TsdcEvents[K]) => void): () => void {
    // A throw becomes moduleError (queued, so delivered in this same delivery pass) for the host to see on
    // the engine's own channel; a moduleError listener's throw is left to the hub to log, as reporting it
    // as moduleError again would loop. A returned promise goes back to the hub, which logs its rejection.
    const guarded =
      event === "moduleError"
        ? listener
        : (payload: TsdcEvents[K]): unknown => {
            try {
              return listener(payload);
            } catch (error) {
              this.emit("moduleError", { module: "listener", error, event });
              return undefined;
            }
          };
    return this.events.on(`tsdc:${event}` as keyof TsdcHubEvents, guarded as never);
  }

  stats(): TsdcStats {
    return {
      received: this.intake.receivedCount,
      buffered: this.intake.buffer.size,
      ignored: this.intake.ignoredCounts(),
      evidenceDropped: this.evidenceLog.dropped,
      vrfVerifies: this.validity.vrfVerifies,
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

  // ---- entry points and events ----------------------------------------------------------------------

  /**
   * Runs one entry point (a public call, a timer, a host answer). Events it caused are delivered when the
   * outermost one returns, i.e. after the whole transition; events caused by listeners calling back in are
   * delivered after theirs, in order.
   */
  private enter<T>(body: () => T): T {
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
      if (this.depth === 0) this.deliverEvents();
    }
  }

  private emit<K extends keyof TsdcEvents>(event: K, payload: TsdcEvents[K]): void {
    this.queued.push({ event, payload } as QueuedEvent);
  }

  private deliverEvents(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.queued.shift(); next !== undefined; next = this.queued.shift()) {
        this.events.emit(`tsdc:${next.event}`, next.payload as never);
      }
    } finally {
      this.delivering = false;
    }
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
    this.intake.buffer.dropBelow(height);
    for (const h of [...this.votingSets.keys()]) if (h < height - 1n) this.votingSets.delete(h);
    this.startTimer = this.modules.scheduler.after(startAt - now, () => {
      this.startTimer = null;
      this.enter(() => this.beginHeight());
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
    this.emit("heightStarted", { height: p.height, slot: p.slot });
    this.startRound(hs, 0);
    for (const { from, message } of this.intake.buffer.take(p.height)) {
      if (this.hs !== hs || hs.decided) break;
      this.intake.countReplayed(this.intake.dispatch(hs, from, message));
    }
    this.progress();
  }

  private startRound(hs: HeightState, round: number): void {
    this.cancelRoundTimers();
    hs.round = round;
    hs.step = "propose";
    const rs = hs.roundState(round);
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
    this.emit("roundStarted", { height: hs.height, round });
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
    if (hs.validBlock !== null) {
      this.sendProposal(hs, rs, hs.validBlock, true);
      return;
    }
    if (rs.buildRequested) return;
    rs.buildRequested = true;
    const self = hs.self!;
    const draw = rs.candidates.get(self.id)!;
    const now = this.modules.clock.now();
    const timestamp = BigInt(this.slots.slotStartMs(Math.max(this.slots.slotAt(now), hs.slot)));
    let built: Promise<Block>;
    try {
      built = Promise.resolve(
        this.modules.buildBlock({
          height: hs.height,
          round: rs.round,
          previousHash: hs.previousHash,
          proposerPublicKey: self.operatorPublicKey,
          vrfProof: draw.vrfProof,
          timestamp,
        }),
      );
    } catch (error) {
      built = Promise.reject(error);
    }
    built.then(
      (block) =>
        this.enter(() => {
          // Built too late: the proposal would name a round (or parent) no longer being decided.
          if (!this.running || this.hs !== hs || hs.decided || hs.round !== rs.round) return;
          if (rs.own.proposal !== null) return;
          const kb = hs.storeBlock(block, null) as KnownBlock;
          this.sendProposal(hs, rs, kb, false);
          this.progress();
        }),
      (error: unknown) => this.enter(() => this.emit("moduleError", { module: "buildBlock", error })),
    );
  }

  private sendProposal(hs: HeightState, rs: RoundState, kb: KnownBlock, reproposal: boolean): void {
    const self = hs.self!;
    const validRound = reproposal ? hs.validRound : -1;
    const signature = this.modules.signatures.sign(
      this.modules.self!.secret,
      proposalSigningMessage(this.options.chainId, kb.hash, validRound),
    );
    const proposal: Proposal = { block: kb.block, validRound, signature };
    rs.own.proposal = proposal;
    const list = hs.endorsements.get(self.id) ?? [];
    if (!list.includes(kb.hex)) list.push(kb.hex);
    hs.endorsements.set(self.id, list);
    hs.proposalSignatures.set(`${self.id}:${kb.hex}`, { validRound, signature });
    this.modules.outbox.broadcast({ kind: "proposal", proposal });
    this.emit("proposed", { height: hs.height, round: rs.round, blockHash: kb.hash, reproposal });
  }

  /** The host answered validateBlock for a block of `hs`. */
  private onValidated(hs: HeightState, error: unknown): void {
    this.enter(() => {
      if (error !== undefined) this.emit("moduleError", { module: "validateBlock", error });
      // A late answer for a height no longer decided is dropped; for this height it stays cached on the
      // block and the rules run again (a round that moved on no longer prepares it: see tryPrepare).
      if (!this.running || this.hs !== hs || hs.decided) return;
      this.progress();
    });
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
    const cancel = this.modules.scheduler.after(delayMs, () =>
      this.enter(() => {
        if (!this.running || this.hs !== hs || hs.decided) return;
        task();
        this.progress();
      }),
    );
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
      if (hs.step === "propose") {
        if (rs.windowClosed) changed = this.tryPrepare(hs, rs);
        else this.prefetchValidation(hs, rs);
      }
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

  /** Starts the host's validation of the block the best candidate known proposes, before the window closes. */
  private prefetchValidation(hs: HeightState, rs: RoundState): void {
    const best = rs.best;
    if (best === null) return;
    const hex = this.chooseProposal(hs, best.validator.id, rs.round);
    if (hex !== null) this.validity.usableCopy(hs, hex);
  }

  /** Paper lines 22-33: prepare the best candidate's proposal if valid and allowed by the lock, else nil. */
  private tryPrepare(hs: HeightState, rs: RoundState): boolean {
    const best = rs.best;
    if (best === null) return false;
    const hex = this.chooseProposal(hs, best.validator.id, rs.round);
    if (hex === null) return false;
    const usable = this.validity.usableCopy(hs, hex);
    if (usable === null) return false;
    const { kb, fault: blockFault } = usable;
    // Not yet valid: the host is still checking a copy; its answer runs the rules again.
    if (blockFault === undefined) return false;
    const fault = blockFault ?? this.validity.timeFault(kb, this.modules.clock.now());
    if (fault !== null) {
      this.emit("rejectedBlock", {
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
    const any = hs.blocks.any(hex);
    if (any === undefined || any.block.header.round > rs.round) return false;
    const usable = this.validity.usableCopy(hs, hex);
    if (usable === null || usable.fault !== null) return false;
    const kb = usable.kb;
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
      const usable = this.validity.usableCopy(hs, hex);
      if (usable === null || usable.fault !== null) continue;
      this.commit(hs, rs, usable.kb);
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
    this.modules.onCommit(kb.block, certificate);
    this.emit("committed", { height: hs.height, round: rs.round, block: kb.block, certificate });
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
   * The hash of the block `signerId` proposes in `round`, among those it signed: a fresh block of this
   * round, or an earlier round's block (a re-proposal). Prefers a re-proposal this node saw a prepare quorum
   * for (highest such round), then the fresh block, then anything else (lowest hash), so replayed old
   * proposals cannot displace what an honest proposer sends.
   */
  private chooseProposal(hs: HeightState, signerId: string, round: number): string | null {
    const list = hs.endorsements.get(signerId);
    if (list === undefined) return null;
    let chosen: KnownBlock | null = null;
    let chosenRank = -Infinity;
    for (const hex of list) {
      const kb = hs.blocks.any(hex);
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
    return chosen?.hex ?? null;
  }

  /** Highest round below `round` in which this node saw a prepare quorum for `hex`, or -1. */
  private evidenceRound(hs: HeightState, hex: string, round: number): number {
    let best = -1;
    for (const rs of hs.rounds.values()) {
      if (rs.round < round && rs.round > best && rs.prepares.quorumHex === hex) best = rs.round;
    }
    return best;
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
