// One poll in flight: who was asked with what weight, the YES tallies per queried transaction, and the
// rule that settles each transaction's outcome. A transaction succeeds when yes * k >= alpha * W, where W
// is either the full stake of the polled validators (poll-everyone mode) or the k random draws (sampled
// mode, and stalled conflict sets in poll-everyone mode). Each transaction's verdict is settled as soon as
// its own votes decide it (alpha YES reached, or alpha out of reach), and handed out once through
// takeSettled, so one straggler does not hold back the other transactions of the batch; the poll is settled
// when every verdict is. That is what lets finality run at the speed of the fastest alpha repliers.
// Presumed-silent peers count as NO for failing early, never for succeeding.
import type { Cancel } from "../index.js";
import { readBit } from "./bitset.js";

export interface PollPeer {
  readonly id: string;
  /** Stake counted in poll-everyone mode (0 in sampled mode). */
  readonly stake: number;
  /** Times the peer was drawn among the k samples (0 when not drawn). */
  readonly draws: number;
  /**
   * Presumed silent when the poll was launched (silence.ts): until it answers, its weight counts as NO when
   * deciding whether an item can still succeed, so the item fails without waiting for the deadline.
   */
  readonly presumedSilent?: boolean;
}

interface PeerState extends PollPeer {
  answered: boolean;
  /** Asked again: its reply time says nothing certain about the round trip (Karn's rule). */
  resent: boolean;
}

const OPEN = 0;
const SUCCESS = 1;
const FAILURE = 2;

export class Poll<T> {
  private readonly peers = new Map<string, PeerState>();
  private readonly stakeTotal: number;
  private readonly drawTotal: number;
  private answeredStake = 0;
  private answeredDraws = 0;
  /** Weight of the presumed-silent peers that have not answered (yet). */
  private silentStake = 0;
  private silentDraws = 0;
  private readonly yesStake: Float64Array;
  private readonly yesDraws: Uint32Array;
  private readonly outcome: Uint8Array;
  private openIndices: number[];
  /** Items settled and not yet handed out by takeSettled. */
  private fresh: number[] = [];
  /** Replies arriving while the queries are still being sent must not resolve the poll underneath. */
  launching = true;
  cancelTimeout: Cancel | null = null;
  cancelResend: Cancel | null = null;
  /** The next check for validators that went silent while the poll is out. */
  cancelSilence: Cancel | null = null;
  /** Times the query was re-sent to the validators that had not answered. */
  resends = 0;

  constructor(
    readonly requestId: number,
    readonly launchedAt: number,
    readonly items: readonly T[],
    readonly txids: readonly Uint8Array[],
    /** Per item: 1 = judged on the k draws, 0 = judged on the full polled stake. */
    readonly bySample: Uint8Array,
    peers: readonly PollPeer[],
    private readonly k: number,
    private readonly alpha: number,
  ) {
    let stake = 0;
    let draws = 0;
    for (const p of peers) {
      if (this.peers.has(p.id)) continue;
      this.peers.set(p.id, { ...p, answered: false, resent: false });
      stake += p.stake;
      draws += p.draws;
      if (p.presumedSilent === true) {
        this.silentStake += p.stake;
        this.silentDraws += p.draws;
      }
    }
    this.stakeTotal = stake;
    this.drawTotal = draws;
    this.yesStake = new Float64Array(items.length);
    this.yesDraws = new Uint32Array(items.length);
    this.outcome = new Uint8Array(items.length);
    this.openIndices = [];
    for (let i = 0; i < items.length; i++) this.openIndices.push(i);
    this.settleOpen();
  }

  /** Peers to send the query to (everyone with stake or draws), in construction order. */
  peerIds(): string[] {
    return [...this.peers.keys()];
  }

  /** True when `id` was asked and has not answered yet. */
  expects(id: string): boolean {
    const p = this.peers.get(id);
    return p !== undefined && !p.answered;
  }

  /** `ids` were asked again (the engine re-sent the query to validators that had not answered). */
  markResent(ids: readonly string[]): void {
    for (const id of ids) {
      const p = this.peers.get(id);
      if (p !== undefined) p.resent = true;
    }
  }

  /** True when `id` was asked once only, so the time to its reply is a clean round-trip sample. */
  askedOnce(id: string): boolean {
    return this.peers.get(id)?.resent === false;
  }

  /**
   * `id` has not answered and now looks silent (it has owed this engine an answer for too long): from now
   * on its weight counts as NO for failing early, as if it had been presumed silent at launch. Returns
   * true when that changed anything.
   */
  presumeSilent(id: string): boolean {
    const p = this.peers.get(id);
    if (p === undefined || p.answered || p.presumedSilent === true) return false;
    this.peers.set(id, { ...p, presumedSilent: true });
    this.silentStake += p.stake;
    this.silentDraws += p.draws;
    this.settleOpen();
    return true;
  }

  isPresumedSilent(id: string): boolean {
    return this.peers.get(id)?.presumedSilent === true;
  }

  /** The deadline passed: every open item fails (unanswered peers count as NO). */
  expire(): void {
    for (const i of this.openIndices) {
      this.outcome[i] = FAILURE;
      this.fresh.push(i);
    }
    this.openIndices = [];
  }

  /** Items whose verdict settled since the last call, in item order within each settlement. */
  takeSettled(): number[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  /** Records a reply; `bits` null means a malformed reply, counted as NO for every item. */
  record(id: string, bits: Uint8Array | null): boolean {
    const p = this.peers.get(id);
    if (p === undefined || p.answered) return false;
    p.answered = true;
    this.answeredStake += p.stake;
    this.answeredDraws += p.draws;
    if (p.presumedSilent === true) {
      this.silentStake -= p.stake;
      this.silentDraws -= p.draws;
    }
    if (bits !== null) {
      for (const i of this.openIndices) {
        if (!readBit(bits, i)) continue;
        this.yesStake[i]! += p.stake;
        this.yesDraws[i]! += p.draws;
      }
    }
    this.settleOpen();
    return true;
  }

  isSettled(): boolean {
    return this.openIndices.length === 0;
  }

  /** Presumed-silent peers that still have not answered (they stay unreachable in the engine's view). */
  silentUnansweredIds(): string[] {
    const out: string[] = [];
    for (const p of this.peers.values()) if (!p.answered && p.presumedSilent === true) out.push(p.id);
    return out;
  }

  unansweredIds(): string[] {
    const out: string[] = [];
    for (const p of this.peers.values()) if (!p.answered) out.push(p.id);
    return out;
  }

  /** Final verdict for item i; unanswered peers count as NO. */
  succeeded(i: number): boolean {
    return this.outcome[i] === SUCCESS || (this.outcome[i] === OPEN && this.reached(i));
  }

  /** YES weight and the weight it is measured against, for item i (for status messages). */
  tally(i: number): { yes: number; total: number } {
    return this.bySample[i] === 1
      ? { yes: this.yesDraws[i]!, total: this.drawTotal }
      : { yes: this.yesStake[i]!, total: this.stakeTotal };
  }

  /** Fraction of the poll's weight that answered, in the same units items are judged in. */
  answeredShare(): { answered: number; total: number } {
    return this.stakeTotal > 0
      ? { answered: this.answeredStake, total: this.stakeTotal }
      : { answered: this.answeredDraws, total: this.drawTotal };
  }

  private reached(i: number): boolean {
    const { yes, total } = this.tally(i);
    return total > 0 && yes * this.k >= this.alpha * total;
  }

  private settleOpen(): void {
    const still: number[] = [];
    for (const i of this.openIndices) {
      const sampled = this.bySample[i] === 1;
      const total = sampled ? this.drawTotal : this.stakeTotal;
      const yes = sampled ? this.yesDraws[i]! : this.yesStake[i]!;
      // Unanswered weight that could still say YES: presumed-silent peers are not expected to.
      const missing =
        total -
        (sampled ? this.answeredDraws : this.answeredStake) -
        (sampled ? this.silentDraws : this.silentStake);
      if (total > 0 && yes * this.k >= this.alpha * total) this.outcome[i] = SUCCESS;
      else if (total <= 0 || (yes + missing) * this.k < this.alpha * total) this.outcome[i] = FAILURE;
      else {
        still.push(i);
        continue;
      }
      this.fresh.push(i);
    }
    this.openIndices = still;
  }
}
