// The Snowball finality engine: every transaction is decided by Snowball over its conflict sets (one per
// spent outpoint), with no shortcut for transactions that have no known conflict. It owns the conflict
// sets, the batched and pipelined polls, their timeouts and early settlement, and the per-transaction
// finality status. It never touches the network, the clock or randomness directly: queries go out through
// the outbox, replies come in through onReply, and time and sampling come from the injected modules.
import { toHex } from "../../types/index.js";
import { EventHub } from "../../util/index.js";
import type { Cancel } from "../index.js";
import { ACCEPT, ignore, reject, type Verdict } from "../index.js";
import { bitsetLength } from "./bitset.js";
import { ConflictSet } from "./conflict-set.js";
import { SnowballError } from "./errors.js";
import type {
  FinalityListener,
  FinalityState,
  FinalityStatus,
  SnowballEvents,
  SnowballModules,
  SnowballStats,
  ValidatorWeight,
} from "./interface.js";
import { resolveSnowballOptions, type SnowballOptions } from "./options.js";
import { Poll, type PollPeer } from "./poll.js";
import { Reachability } from "./reachability.js";
import { RttEstimate } from "./rtt.js";
import { WeightedSampler } from "./sampler.js";
import { SilenceTracker } from "./silence.js";
import { TxidIndex } from "./txid-index.js";

/** Longest txid accepted (txids are 32-byte BLAKE3 hashes; the bound only guards memory). */
const MAX_TXID_BYTES = 64;
/** Hex characters of a txid quoted in a reason string. */
const TXID_PREFIX_CHARS = 16;

interface TxRecord {
  readonly txid: Uint8Array;
  readonly hex: string;
  readonly sets: ConflictSet[];
  state: FinalityState;
  readonly addedAt: number;
  decidedAt: number | null;
  polls: number;
  successfulPolls: number;
  /** YES share of the last completed poll, for the reason string. */
  lastYes: number;
  lastTotal: number;
  lastSucceeded: boolean;
  /** Hex of the transaction that won a conflict set against this one. */
  lostTo: string | null;
}

interface Roster {
  readonly source: readonly ValidatorWeight[] | null;
  readonly entries: readonly ValidatorWeight[];
  readonly ids: ReadonlySet<string>;
  readonly sampler: WeightedSampler<ValidatorWeight>;
}

/** Why onReply ignored or rejected a reply. */
export type ReplyVerdictReason = "unknown-request" | "self" | "duplicate" | "unsolicited" | "malformed";

type Decision = { readonly kind: "final" | "rejected"; readonly rec: TxRecord };

function isDecided(rec: TxRecord): boolean {
  return rec.state === "final" || rec.state === "rejected";
}

function percent(numerator: number, denominator: number, round: (x: number) => number): number {
  return denominator > 0 ? round((100 * numerator) / denominator) : 0;
}

export class Snowball {
  readonly options: SnowballOptions;
  private readonly modules: SnowballModules;
  private readonly txs = new Map<string, TxRecord>();
  private readonly sets = new Map<string, ConflictSet>();
  /** Undecided transactions in round-robin order (front = next to be batched when over the cap). */
  private readonly queue = new Map<string, TxRecord>();
  private readonly finals = new Map<string, TxRecord>();
  private readonly polls = new Map<number, Poll<TxRecord>>();
  /** Decisions taken inside a conflict set's verdict application (confident()), emitted with the next batch. */
  private readonly decidedInSets: Decision[] = [];
  /** Conflict sets changed since decisions were last looked for. */
  private readonly dirty = new Set<ConflictSet>();
  /** The records of `txs` by txid bytes: the lookup of a peer's query, which must not build hex. */
  private readonly byTxid = new TxidIndex<TxRecord>();
  private readonly reach: Reachability;
  private readonly silence = new SilenceTracker();
  private readonly events: EventHub<SnowballEvents>;
  private roster: Roster = { source: null, entries: [], ids: new Set(), sampler: new WeightedSampler([]) };
  private rosterEmpty = false;
  private running = false;
  private tickCancel: Cancel | null = null;
  private tickAt = Number.POSITIVE_INFINITY;
  private readonly rtt: RttEstimate;
  private nextRequestId = 1;
  /** Polls in a row that settled before waiting for any answer (their pacing backs off). */
  private settledAtLaunch = 0;
  private counters = {
    pollsLaunched: 0,
    pollsResolved: 0,
    pollsTimedOut: 0,
    queriesSent: 0,
    queriesResent: 0,
    repliesAccepted: 0,
    repliesIgnored: 0,
  };

  constructor(opts: Partial<SnowballOptions>, modules: SnowballModules) {
    this.options = resolveSnowballOptions(opts);
    this.modules = modules;
    this.reach = new Reachability(5 * this.options.queryTimeoutMs);
    const { resendRttFactor, resendVarianceFactor, resendMinMs, resendMaxMs } = this.options;
    this.rtt = new RttEstimate(resendRttFactor, resendVarianceFactor, resendMinMs, resendMaxMs);
    this.events = new EventHub<SnowballEvents>(modules.logger.child({ module: "snowball" }));
  }

  // ---- transactions -------------------------------------------------------------------------------

  /** Starts deciding `txid`, which spends the outpoints named by `conflictKeys`. Idempotent. */
  addTransaction(txid: Uint8Array, conflictKeys: readonly string[]): void {
    if (!(txid instanceof Uint8Array) || txid.length === 0 || txid.length > MAX_TXID_BYTES) {
      throw new SnowballError("SNOWBALL_BAD_TXID", `txid must be 1..${MAX_TXID_BYTES} bytes`);
    }
    const hex = toHex(txid);
    if (this.txs.has(hex)) return;
    const keys = [...new Set(conflictKeys)];
    if (keys.length === 0) {
      throw new SnowballError(
        "SNOWBALL_NO_CONFLICT_KEYS",
        "a transaction needs at least one spent outpoint",
        {
          txid: hex,
        },
      );
    }
    const rec: TxRecord = {
      txid: txid.slice(),
      hex,
      sets: [],
      state: "pending",
      addedAt: this.modules.clock.now(),
      decidedAt: null,
      polls: 0,
      successfulPolls: 0,
      lastYes: 0,
      lastTotal: 0,
      lastSucceeded: false,
      lostTo: null,
    };
    this.txs.set(hex, rec);
    this.byTxid.set(txid, rec);
    let lostTo: string | null = null;
    for (const key of keys) {
      let set = this.sets.get(key);
      if (set === undefined) {
        set = new ConflictSet(
          key,
          this.options.beta,
          (confidentSet, id) => this.confident(confidentSet, id),
          () => this.currentRoster().entries.length <= this.options.k,
        );
        this.sets.set(key, set);
      }
      set.add(hex);
      rec.sets.push(set);
      if (lostTo === null && set.decidedFor !== null) lostTo = set.decidedFor;
    }
    if (lostTo !== null) {
      // Arrived after its outpoint was already decided for another transaction.
      const decisions: Decision[] = [];
      this.reject(rec, lostTo, decisions);
      this.settleDirty(decisions);
      this.emit(decisions);
      return;
    }
    this.queue.set(hex, rec);
    this.scheduleTick(0);
  }

  hasTransaction(txid: Uint8Array): boolean {
    return this.lookup(txid) !== undefined;
  }

  isFinal(txid: Uint8Array): boolean {
    return this.lookup(txid)?.state === "final";
  }

  private lookup(txid: Uint8Array): TxRecord | undefined {
    return this.byTxid.get(txid);
  }

  /** Final transactions in the order they became final. */
  finalTransactions(): Uint8Array[] {
    return [...this.finals.values()].map((rec) => rec.txid.slice());
  }

  /**
   * Drops a decided transaction (final or rejected) once the caller no longer needs its status, e.g. after
   * its block is certified. A conflict set goes with its last member, so only forget transactions whose
   * outpoints the chain itself now guards. Returns false for unknown or undecided transactions.
   */
  forget(txid: Uint8Array): boolean {
    const hex = toHex(txid);
    const rec = this.txs.get(hex);
    if (rec === undefined || !isDecided(rec)) return false;
    this.txs.delete(hex);
    this.byTxid.delete(txid);
    this.finals.delete(hex);
    for (const set of rec.sets) {
      set.remove(hex);
      if (set.size === 0) this.sets.delete(set.key);
      else this.dirty.add(set);
    }
    const decisions: Decision[] = [];
    this.settleDirty(decisions);
    this.emit(decisions);
    return true;
  }

  /**
   * Drops a transaction the chain has settled (its block is certified and deep enough that the caller
   * needs no status from here) together with every transaction sharing a conflict set with it, decided or
   * not: they spend an outpoint the chain has spent, so no vote on them can matter again, and the mempool
   * refuses them should they come back. Without this every transaction ever seen stays in memory; forgetting
   * the settled one alone would leave a conflicting one alone in its set, free to become final here.
   * Returns the number of transactions dropped (0 when `txid` is unknown).
   */
  forgetSettled(txid: Uint8Array): number {
    const rec = this.txs.get(toHex(txid));
    if (rec === undefined) return 0;
    const victims = new Map<string, TxRecord>([[rec.hex, rec]]);
    for (const set of rec.sets) {
      for (const id of set.members()) {
        const member = this.txs.get(id);
        if (member !== undefined) victims.set(id, member);
      }
    }
    for (const victim of victims.values()) {
      this.txs.delete(victim.hex);
      this.byTxid.delete(victim.txid);
      this.finals.delete(victim.hex);
      this.queue.delete(victim.hex);
    }
    for (const victim of victims.values()) {
      for (const set of victim.sets) {
        if (!set.has(victim.hex)) continue;
        set.remove(victim.hex);
        if (set.size === 0) {
          this.sets.delete(set.key);
          this.dirty.delete(set);
        } else this.dirty.add(set);
      }
    }
    const decisions: Decision[] = [];
    this.settleDirty(decisions);
    this.emit(decisions);
    return victims.size;
  }

  status(txid: Uint8Array): FinalityStatus | undefined {
    const rec = this.lookup(txid);
    return rec === undefined ? undefined : this.buildStatus(rec);
  }

  onFinal(listener: FinalityListener): () => void {
    return this.events.on("snowball:final", ({ txid, status }) => listener(txid, status));
  }

  onRejected(listener: FinalityListener): () => void {
    return this.events.on("snowball:rejected", ({ txid, status }) => listener(txid, status));
  }

  // ---- answering peers ----------------------------------------------------------------------------

  /** Our answer to a peer's query: bit i is set iff we know txids[i] and prefer it in all its sets. */
  answerQuery(txids: readonly Uint8Array[]): Uint8Array {
    const out = new Uint8Array(bitsetLength(txids.length));
    for (let i = 0; i < txids.length; i++) {
      const id = txids[i];
      if (!(id instanceof Uint8Array)) continue;
      const rec = this.lookup(id);
      if (rec !== undefined && this.prefers(rec)) out[i >> 3]! |= 1 << (i & 7);
    }
    return out;
  }

  private prefers(rec: TxRecord): boolean {
    if (rec.state === "rejected") return false;
    for (const set of rec.sets) if (set.preference !== rec.hex) return false;
    return true;
  }

  /**
   * A peer's answer to one of our queries; nothing here throws. The verdict feeds peer scoring: a reply
   * to a request we no longer track (timed out, stopped) or a repeated reply is harmless (ignore); a reply
   * from a peer we never asked for this request, or a bitset of the wrong length, is provably wrong
   * (reject). A wrong-length bitset is still recorded, as NO for every item, so it cannot stall the poll.
   */
  onReply(fromId: string, requestId: number, bits: Uint8Array): Verdict<ReplyVerdictReason> {
    const poll = this.polls.get(requestId);
    // Even a late reply to a retired poll (one that failed early, say) shows a validator is alive.
    if (fromId !== this.modules.selfId && this.roster.ids.has(fromId)) {
      this.silence.answered(fromId);
      if (poll === undefined) this.reach.answered(fromId, this.modules.clock.now());
    }
    if (poll === undefined || fromId === this.modules.selfId || !poll.expects(fromId)) {
      this.counters.repliesIgnored++;
      if (poll === undefined) return ignore("unknown-request");
      if (fromId === this.modules.selfId) return ignore("self");
      return poll.peerIds().includes(fromId) ? ignore("duplicate") : reject("unsolicited");
    }
    const wellFormed = bits instanceof Uint8Array && bits.length === bitsetLength(poll.txids.length);
    const now = this.modules.clock.now();
    if (wellFormed && poll.askedOnce(fromId) && !poll.launching) this.rtt.sample(now - poll.launchedAt);
    poll.record(fromId, wellFormed ? bits : null);
    this.counters.repliesAccepted++;
    if (wellFormed) this.reach.answered(fromId, now);
    if (!poll.launching) this.applySettled(poll, false);
    return wellFormed ? ACCEPT : reject("malformed");
  }

  // ---- lifecycle -----------------------------------------------------------------------------------

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleTick(0);
  }

  /** Cancels every timer and drops the polls in flight; replies to them are ignored from now on. */
  stop(): void {
    this.running = false;
    this.tickCancel?.();
    this.tickCancel = null;
    this.tickAt = Number.POSITIVE_INFINITY;
    for (const poll of this.polls.values()) this.cancelTimers(poll);
    this.polls.clear();
    for (const set of this.sets.values()) set.abandonPending();
  }

  get isRunning(): boolean {
    return this.running;
  }

  stats(): SnowballStats {
    return {
      ...this.counters,
      pollsInFlight: this.polls.size,
      transactionsKnown: this.txs.size,
      transactionsVoting: this.queue.size,
    };
  }

  // ---- polling -------------------------------------------------------------------------------------

  /** Makes sure a tick runs within `delayMs` (an earlier one already scheduled stands). */
  private scheduleTick(delayMs: number): void {
    if (!this.running || this.queue.size === 0) return;
    const at = this.modules.clock.now() + delayMs;
    if (this.tickCancel !== null) {
      if (this.tickAt <= at) return;
      this.tickCancel();
    }
    this.tickAt = at;
    this.tickCancel = this.modules.scheduler.after(delayMs, () => this.tick());
  }

  /** Fills every free slot of the pipeline (concurrent repolls), each with its own sample. */
  private tick(): void {
    this.tickCancel = null;
    this.tickAt = Number.POSITIVE_INFINITY;
    if (!this.running) return;
    const max = this.options.maxPollsInFlight;
    // Bounded: a poll that settles while it is launched frees its slot again at once.
    for (let launched = 0; launched < max && this.polls.size < max; launched++) {
      const outcome = this.launchPoll();
      // A poll that settled at launch would settle the same way again now (e.g. every validator presumed
      // silent): its slot waits out the backed-off pacing applySettled scheduled, instead of relaunching.
      if (outcome !== "waiting") break;
    }
    if (this.rosterEmpty) this.scheduleTick(this.options.pollIntervalMs);
  }

  private currentRoster(): Roster {
    const source = this.modules.validators();
    if (source === this.roster.source) return this.roster;
    const seen = new Set<string>();
    const entries: ValidatorWeight[] = [];
    for (const v of source) {
      if (typeof v.id !== "string" || seen.has(v.id)) continue;
      if (!Number.isSafeInteger(v.weight) || v.weight <= 0) continue;
      seen.add(v.id);
      entries.push({ id: v.id, weight: v.weight });
    }
    // Sorted so the draws depend only on the set of validators, not on the order the caller lists them.
    entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.roster = { source, entries, ids: seen, sampler: new WeightedSampler(entries) };
    if (this.reach.size > 2 * entries.length + 16) this.reach.retainOnly(seen);
    if (this.silence.size > 2 * entries.length + 16) this.silence.retainOnly(seen);
    return this.roster;
  }

  /** The next batch: everything undecided, or the next maxTxsPerQuery of them round-robin. */
  private takeBatch(): TxRecord[] {
    const cap = this.options.maxTxsPerQuery;
    if (this.queue.size <= cap) return [...this.queue.values()];
    const batch: TxRecord[] = [];
    for (const rec of this.queue.values()) {
      batch.push(rec);
      if (batch.length === cap) break;
    }
    for (const rec of batch) {
      this.queue.delete(rec.hex);
      this.queue.set(rec.hex, rec);
    }
    return batch;
  }

  /**
   * Launches one poll: "none" when there is nothing to poll or nobody to ask, "settled" when it was decided
   * before waiting for any answer, "waiting" when it is out on the network.
   */
  private launchPoll(): "none" | "settled" | "waiting" {
    const roster = this.currentRoster();
    this.rosterEmpty = roster.entries.length === 0;
    if (this.rosterEmpty) return "none";
    const batch = this.takeBatch();
    if (batch.length === 0) return "none";
    const { k, alpha, stallPolls } = this.options;
    const bySample = new Uint8Array(batch.length);
    let peers: PollPeer[];
    if (roster.entries.length > k) {
      bySample.fill(1);
      peers = roster.sampler
        .sample(this.modules.rng, k)
        .map(({ entry, multiplicity }) => ({ id: entry.id, stake: 0, draws: multiplicity }));
    } else {
      let anyStalled = false;
      for (let i = 0; i < batch.length; i++) {
        if (batch[i]!.sets.some((s) => s.isStalled(stallPolls))) {
          bySample[i] = 1;
          anyStalled = true;
        }
      }
      const draws = new Map<string, number>();
      if (anyStalled) {
        for (const { entry, multiplicity } of roster.sampler.sample(this.modules.rng, k)) {
          draws.set(entry.id, multiplicity);
        }
      }
      peers = roster.entries.map((v) => ({ id: v.id, stake: v.weight, draws: draws.get(v.id) ?? 0 }));
    }
    const silentAfterMs = this.silentAfterMs();
    if (silentAfterMs !== null) {
      const now = this.modules.clock.now();
      peers = peers.map((p) =>
        this.silence.isSilent(p.id, now, silentAfterMs) ? { ...p, presumedSilent: true } : p,
      );
    }
    const requestId = this.nextRequestId++;
    const txids = Object.freeze(batch.map((rec) => rec.txid));
    const poll = new Poll(requestId, this.modules.clock.now(), batch, txids, bySample, peers, k, alpha);
    this.polls.set(requestId, poll);
    this.counters.pollsLaunched++;
    for (const rec of batch) for (const set of rec.sets) set.expect(requestId, rec.hex);
    for (const rec of batch) if (rec.state === "pending") rec.state = "voting";

    const selfId = this.modules.selfId;
    if (selfId !== null && poll.expects(selfId)) poll.record(selfId, this.answerQuery(txids));
    const isReachable = this.modules.isReachable;
    for (const peerId of poll.peerIds()) {
      if (peerId === selfId) continue;
      if (isReachable && !isReachable(peerId)) {
        poll.record(peerId, new Uint8Array(Math.ceil(txids.length / 8)));
        continue;
      }
      this.counters.queriesSent++;
      this.silence.asked(peerId, poll.launchedAt);
      try {
        this.modules.outbox.sendQuery(peerId, requestId, txids);
      } catch {
        // A peer we cannot reach right now is simply a NO at the timeout; sending must not stop the poll.
      }
    }
    poll.launching = false;
    if (this.polls.get(requestId) !== poll) return "settled"; // stopped while sending
    this.applySettled(poll, false);
    if (this.polls.get(requestId) !== poll) return "settled";
    poll.cancelTimeout = this.modules.scheduler.after(this.options.queryTimeoutMs, () => {
      poll.cancelTimeout = null;
      if (this.polls.get(requestId) !== poll) return;
      poll.expire();
      this.applySettled(poll, true);
    });
    this.scheduleResend(poll);
    this.scheduleSilenceCheck(poll);
    return "waiting";
  }

  /** How long a validator may owe an answer before it is presumed silent; null when that is disabled. */
  private silentAfterMs(): number | null {
    const { silentAfterResendDelays, queryTimeoutMs } = this.options;
    if (silentAfterResendDelays === 0) return null;
    return Math.min(queryTimeoutMs, silentAfterResendDelays * this.rtt.resendDelayMs());
  }

  /**
   * Validators that go silent while the poll is out (they have owed an answer for silentAfterMs by then) are
   * presumed silent at that moment, so the poll fails when the evidence says so rather than at its deadline
   * (a poll launched before the presumption would otherwise hold its conflict sets for the full timeout).
   */
  private scheduleSilenceCheck(poll: Poll<TxRecord>): void {
    const afterMs = this.silentAfterMs();
    if (afterMs === null) return;
    let next = Number.POSITIVE_INFINITY;
    for (const id of poll.unansweredIds()) {
      if (poll.isPresumedSilent(id)) continue;
      const since = this.silence.owedSince(id);
      if (since !== undefined) next = Math.min(next, since + afterMs);
    }
    if (next >= poll.launchedAt + this.options.queryTimeoutMs) return;
    poll.cancelSilence = this.modules.scheduler.after(next - this.modules.clock.now(), () => {
      poll.cancelSilence = null;
      if (this.polls.get(poll.requestId) !== poll) return;
      // The same sums as above, not a fresh clock comparison: a float rounding must not re-arm this timer
      // for the same instant forever.
      let changed = false;
      for (const id of poll.unansweredIds()) {
        const since = this.silence.owedSince(id);
        if (since !== undefined && since + afterMs <= next && poll.presumeSilent(id)) changed = true;
      }
      if (changed) this.applySettled(poll, false);
      if (this.polls.get(poll.requestId) === poll) this.scheduleSilenceCheck(poll);
    });
  }

  /** Asks the validators that have not answered again after a few round trips: a lost message, not a NO. */
  private scheduleResend(poll: Poll<TxRecord>): void {
    if (poll.resends >= this.options.maxResends) return;
    const delay = this.rtt.resendDelayMs();
    const deadline = poll.launchedAt + this.options.queryTimeoutMs;
    if (this.modules.clock.now() + delay >= deadline) return;
    poll.cancelResend = this.modules.scheduler.after(delay, () => {
      poll.cancelResend = null;
      if (this.polls.get(poll.requestId) !== poll) return;
      const selfId = this.modules.selfId;
      const targets = poll.unansweredIds().filter((id) => id !== selfId);
      poll.resends++;
      poll.markResent(targets);
      for (const peerId of targets) {
        this.counters.queriesSent++;
        this.counters.queriesResent++;
        try {
          this.modules.outbox.sendQuery(peerId, poll.requestId, poll.txids);
        } catch {
          // as at launch: an unreachable peer stays a NO at the deadline
        }
      }
      this.scheduleResend(poll);
    });
  }

  private cancelTimers(poll: Poll<TxRecord>): void {
    poll.cancelTimeout?.();
    poll.cancelTimeout = null;
    poll.cancelResend?.();
    poll.cancelResend = null;
    poll.cancelSilence?.();
    poll.cancelSilence = null;
  }

  /**
   * Reports the verdicts a poll settled since last time to their conflict sets (which apply them in send
   * order), looks for decisions, and retires the poll once every verdict is in or its deadline passed.
   */
  private applySettled(poll: Poll<TxRecord>, timedOut: boolean): void {
    if (this.polls.get(poll.requestId) !== poll) return;
    const decisions: Decision[] = [];
    for (const i of poll.takeSettled()) {
      const rec = poll.items[i]!;
      if (isDecided(rec) || this.txs.get(rec.hex) !== rec) continue;
      const ok = poll.succeeded(i);
      const { yes, total } = poll.tally(i);
      rec.polls++;
      rec.lastYes = yes;
      rec.lastTotal = total;
      rec.lastSucceeded = ok;
      if (ok) rec.successfulPolls++;
      for (const set of rec.sets) {
        // Held back by the set until every earlier poll that asked about it has been applied.
        set.report(poll.requestId, rec.hex, ok);
        this.dirty.add(set);
      }
    }
    this.settleDirty(decisions);
    if (timedOut || poll.isSettled()) {
      this.polls.delete(poll.requestId);
      this.cancelTimers(poll);
      this.counters.pollsResolved++;
      const now = this.modules.clock.now();
      if (timedOut) {
        this.counters.pollsTimedOut++;
        for (const id of poll.unansweredIds()) this.reach.timedOut(id, now);
      } else {
        // Failed early because of them: they are as unreachable as if the deadline had passed.
        for (const id of poll.silentUnansweredIds()) this.reach.timedOut(id, now);
      }
      // The freed slot is refilled at once, unless this poll never waited for the network: then pacing,
      // doubled for each such poll in a row (up to resendMaxMs), so validators that all look silent get a
      // few probes a second rather than a flood of queries nobody can answer in time.
      if (now > poll.launchedAt) {
        this.settledAtLaunch = 0;
        this.scheduleTick(0);
      } else {
        const { pollIntervalMs, resendMaxMs } = this.options;
        const pacing = Math.min(
          Math.max(pollIntervalMs, resendMaxMs),
          pollIntervalMs * 2 ** this.settledAtLaunch,
        );
        this.settledAtLaunch = Math.min(this.settledAtLaunch + 1, 30);
        this.scheduleTick(pacing);
      }
    }
    if (decisions.length > 0 || this.decidedInSets.length > 0) this.dropMootPolls();
    this.emit(decisions);
  }

  /**
   * Looks for decisions in the sets changed so far, and in the sets those decisions change in turn. Only a
   * set's preference can be confident there, and it is final once it is confident in all of its sets.
   */
  private settleDirty(decisions: Decision[]): void {
    for (const set of this.dirty) {
      this.dirty.delete(set);
      const candidate = set.confidentFor;
      if (candidate === null || set.decidedFor !== null) continue;
      const rec = this.txs.get(candidate);
      if (rec === undefined || isDecided(rec)) continue;
      if (rec.sets.every((s) => s.confidentFor === rec.hex)) this.finalize(rec, decisions);
    }
  }

  /**
   * A verdict made `id` confident in `set`: if it is now confident in every one of its sets it is final at
   * this point of the send order, before the set applies the verdicts released after this one.
   */
  private confident(set: ConflictSet, id: string): void {
    if (set.decidedFor !== null) return;
    const rec = this.txs.get(id);
    if (rec === undefined || isDecided(rec)) return;
    if (rec.sets.every((s) => s.confidentFor === rec.hex)) this.finalize(rec, this.decidedInSets);
  }

  /** `rec` is final: every one of its sets decides for it, and their other members are rejected. */
  private finalize(rec: TxRecord, decisions: Decision[]): void {
    rec.state = "final";
    rec.decidedAt = this.modules.clock.now();
    this.queue.delete(rec.hex);
    this.finals.set(rec.hex, rec);
    decisions.push({ kind: "final", rec });
    for (const set of rec.sets) set.decide(rec.hex);
    for (const set of rec.sets) {
      for (const member of [...set.members()]) {
        if (member === rec.hex) continue;
        const loser = this.txs.get(member);
        if (loser !== undefined) this.reject(loser, rec.hex, decisions);
      }
    }
  }

  private reject(rec: TxRecord, winner: string, decisions: Decision[]): void {
    if (isDecided(rec)) return;
    rec.state = "rejected";
    rec.decidedAt = this.modules.clock.now();
    rec.lostTo = winner;
    this.queue.delete(rec.hex);
    for (const set of rec.sets) {
      // Releases the outpoints it only leaned on; dropping its verdicts may also release later polls.
      set.exclude(rec.hex);
      this.dirty.add(set);
    }
    decisions.push({ kind: "rejected", rec });
  }

  /** Polls whose every transaction is already decided can no longer change anything. */
  private dropMootPolls(): void {
    for (const poll of [...this.polls.values()]) {
      if (poll.items.some((rec) => !isDecided(rec))) continue;
      this.cancelTimers(poll);
      this.polls.delete(poll.requestId);
      this.scheduleTick(0);
    }
  }

  /** Announces decisions once the engine's state holds them; a throwing listener is logged by the hub. */
  private emit(decisions: readonly Decision[]): void {
    const all = this.decidedInSets.length > 0 ? [...this.decidedInSets.splice(0), ...decisions] : decisions;
    for (const { kind, rec } of all) {
      const name = kind === "final" ? "snowball:final" : "snowball:rejected";
      // Building the status costs more than deciding; skip it when nobody listens.
      if (this.events.listenerCount(name) === 0) continue;
      this.events.emit(name, { txid: rec.txid.slice(), status: this.buildStatus(rec) });
    }
  }

  // ---- status --------------------------------------------------------------------------------------

  private buildStatus(rec: TxRecord): FinalityStatus {
    const beta = this.options.beta;
    let confidence = 0;
    if (rec.state === "final") confidence = beta;
    else if (rec.state !== "rejected") {
      confidence = Number.POSITIVE_INFINITY;
      for (const set of rec.sets) confidence = Math.min(confidence, set.confidenceOf(rec.hex));
      confidence = Math.min(confidence, beta);
    }
    return {
      state: rec.state,
      confidence,
      beta,
      polls: rec.polls,
      successfulPolls: rec.successfulPolls,
      addedAt: rec.addedAt,
      decidedAt: rec.decidedAt,
      reason: this.reasonFor(rec, confidence),
    };
  }

  private reasonFor(rec: TxRecord, confidence: number): string | null {
    const { k, alpha, beta } = this.options;
    const needed = percent(alpha, k, Math.ceil);
    if (rec.state === "final") return null;
    if (rec.state === "rejected") return `lost to conflicting transaction ${rec.lostTo ?? "unknown"}`;
    const outvoted = this.outvotedBy(rec);
    if (rec.state === "pending") {
      if (outvoted !== null) return `conflicts with ${outvoted}: network prefers the other`;
      if (!this.running) return "waiting: finality voting is not running";
      if (this.rosterEmpty) return "waiting: no active masternodes to poll";
      return "waiting for the first poll";
    }
    if (this.rosterEmpty) return "waiting: no active masternodes to poll";
    const { reachable, known } = this.reach.weigh(
      this.roster.entries,
      this.modules.selfId,
      this.modules.clock.now(),
    );
    if (known > 0 && reachable * k < alpha * known) {
      return `waiting: ${percent(reachable, known, Math.floor)}% of masternode weight reachable, ${needed}% needed`;
    }
    if (outvoted !== null) return `conflicts with ${outvoted}: network prefers the other`;
    const rival = this.rivalOf(rec);
    if (rival !== null) {
      return `conflicts with ${rival}: this one is preferred so far, confidence ${confidence} of ${beta}`;
    }
    if (rec.polls > 0 && !rec.lastSucceeded) {
      const yes = percent(rec.lastYes, rec.lastTotal, Math.floor);
      return `waiting: ${yes}% of polled masternode weight said yes in the last poll, ${needed}% needed`;
    }
    return `voting: confidence ${confidence} of ${beta}`;
  }

  /** Prefix of the transaction preferred over `rec` in one of its sets, if any. */
  private outvotedBy(rec: TxRecord): string | null {
    for (const set of rec.sets) {
      const pref = set.preference;
      if (pref !== null && pref !== rec.hex) return pref.slice(0, TXID_PREFIX_CHARS);
    }
    return null;
  }

  /** Prefix of a still-live rival of `rec` (which is preferred everywhere), if any. */
  private rivalOf(rec: TxRecord): string | null {
    for (const set of rec.sets) {
      if (!set.isContested()) continue;
      for (const member of set.members()) {
        if (member === rec.hex || this.txs.get(member)?.state === "rejected") continue;
        return member.slice(0, TXID_PREFIX_CHARS);
      }
    }
    return null;
  }
}
