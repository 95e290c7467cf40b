// What a run measured, as one JSON-ready object, and the observer that collects it. Nodes report what
// their real engines decided (Snowball finality and rejection, blocks imported); the observer never looks
// inside an engine. Definitions (issue 3, "Simulator"; issue 7, "the figures must not flatter"):
// - finalized / rejected: workload transactions final / rejected at every honest node that is up at the
//   end. "Final" at a node = Snowball finalized it or it is in a certified block the node imported;
//   "rejected" = Snowball rejected it or a conflicting transaction is final there (Snowball or block).
// - honestDisagreements: (honest node pair, tx) where one node has the tx final and the other rejected it
//   or has a conflicting tx final.
// - conflictingFinal: pairs of conflicting transactions both final at some honest node(s).
// - outpointDisagreements: spent outpoints whose outcome two honest nodes decided differently: one has
//   spender S final and the other another spender final, or every spender of it rejected (the outpoint
//   frozen at one node and spent at another: the multi-input failure of issue 7 item 2).
// - rejectedWithoutWinner: (honest up node, tx) pairs where the tx is rejected although none of the txs it
//   conflicts with is final there: nothing won its outpoints, so one of them is frozen (a rejected tx
//   kept it); in a settled run this is the other half of item 2 (a rejected tx must release its inputs).
// - finalityMs (P50/P99): over EVERY (honest up node, workload tx) pair, virtual ms from the client handing
//   the tx to its first node until that node decided it (final or rejected), whichever path got it there:
//   Snowball, or a certified block it imported. Pairs never decided rank after every decided one, so a
//   percentile that falls on one is null (and undecidedPairs says how many). decidedBySnowball /
//   decidedByBlock / undecidedPairs split the pairs by the path that decided them first.
// - snowballFinalityMs (P50/P99): the same clock over the pairs Snowball finalized (the old, flattering
//   figure when blocks decide most pairs; kept to show the difference).
// - finalityRounds: polls that included the tx until Snowball finalized it (per honest node and tx).
// - blocks: certified height every honest up node reached; forks: heights where honest nodes hold two
//   different certified blocks.

export interface SimResult {
  readonly seed: number;
  readonly nodes: number;
  readonly adversary: string;
  readonly byzantine: number;
  readonly byzantineNodes: number;
  readonly txs: number;
  readonly doubleSpends: number;
  readonly multiInput: number;
  readonly overlaps: number;
  readonly finalized: number;
  readonly rejected: number;
  /** Workload transactions some honest up node has neither final nor rejected at the end. */
  readonly undecided: number;
  readonly honestDisagreements: number;
  readonly conflictingFinal: number;
  readonly finalityRoundsP50: number | null;
  readonly finalityRoundsP99: number | null;
  readonly finalityMsP50: number | null;
  readonly finalityMsP99: number | null;
  /** (honest up node, workload tx) pairs: the population of the finality percentiles. */
  readonly pairs: number;
  readonly decidedBySnowball: number;
  readonly decidedByBlock: number;
  /** Pairs never decided at the end of the run (they make a percentile null when it falls on them). */
  readonly undecidedPairs: number;
  /** Share of the pairs decided by blocks (0..1, 3 decimals); null without pairs. */
  readonly blockShare: number | null;
  readonly snowballFinalityMsP50: number | null;
  readonly snowballFinalityMsP99: number | null;
  readonly outpointDisagreements: number;
  readonly rejectedWithoutWinner: number;
  readonly blocks: number;
  readonly blocksMax: number;
  readonly forks: number;
  /** Workload transactions in the chain of the lowest honest tip. */
  readonly blockTxs: number;
  /** Highest TSDC round of a certified block (0 when every first proposer succeeded). */
  readonly maxRound: number;
  /** Equivocations (double votes) recorded as evidence by honest TSDC engines. */
  readonly evidence: number;
  readonly messages: number;
  readonly messagesPerFinalTx: number | null;
  readonly messagesByKind: Readonly<Record<string, number>>;
  readonly messagesLost: number;
  readonly messagesCut: number;
  readonly messagesDropped: number;
  /** TCP model (network.ts): retransmitted messages, connection resets, messages those resets dropped. */
  readonly messagesRetransmitted: number;
  readonly connectionResets: number;
  readonly messagesReset: number;
  readonly virtualMs: number;
  readonly settled: boolean;
  /**
   * Virtual CPU (cpu.ts), summed over every node: ed25519 verifies and signatures, VRF verifies and
   * proofs, batch verifier calls; CPU ms charged (honest nodes: mean and max per node) and deliveries
   * that waited for a busy CPU.
   */
  readonly cpuSignatureVerifies: number;
  readonly cpuSignatures: number;
  readonly cpuVrfVerifies: number;
  readonly cpuVrfProofs: number;
  readonly cpuBatchVerifies: number;
  readonly cpuBusyMsMean: number;
  readonly cpuBusyMsMax: number;
  readonly messagesQueuedByCpu: number;
  /** Real ed25519 verifications run (distinct checks) vs. signature checks asked for, in fast crypto mode. */
  readonly signatureVerifies: number;
  readonly signatureChecks: number;
  /** Node operations that failed unexpectedly (an engine or service threw); empty in a healthy run. */
  readonly failures: readonly string[];
}

interface NodeTx {
  seenAt: number;
  snowballFinalAt: number | null;
  snowballRejectedAt: number | null;
  /** When a certified block holding it was imported. */
  blockAt: number | null;
  /** When a certified block holding a conflicting tx was imported. */
  blockRejectedAt: number | null;
  /** Snowball polls at finality; null when not Snowball-final. */
  polls: number | null;
}

type Path = "snowball" | "block";

/** Earliest of two optional instants with its path (ties go to Snowball: it decided no later). */
function earliest(
  a: { at: number; path: Path } | null,
  b: { at: number; path: Path } | null,
): { at: number; path: Path } | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.at < a.at ? b : a;
}

function at(value: number | null, path: Path): { at: number; path: Path } | null {
  return value === null ? null : { at: value, path };
}

export interface WorkloadInfo {
  readonly txid: string;
  /** Spent outpoint keys (conflict keys). */
  readonly spends: readonly string[];
  /** Virtual ms at which the client hands it to its first node (the finality clock starts there). */
  readonly atMs: number;
}

/** Nearest-rank percentile of unsorted samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * Nearest-rank percentile over `samples` plus `missing` samples that rank after all of them (pairs never
 * decided): null when the rank falls on a missing one, or when there is nothing at all.
 */
export function percentileWithMissing(samples: readonly number[], missing: number, p: number): number | null {
  const total = samples.length + missing;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  if (rank > samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[rank - 1] as number;
}

export class MetricsCollector {
  private readonly perNode: Map<string, NodeTx>[];
  /** txid -> txids it conflicts with (share an outpoint). */
  private readonly conflicts = new Map<string, string[]>();
  /** Outpoint key -> the workload txids spending it. */
  private readonly spenders = new Map<string, string[]>();
  private readonly submittedAt = new Map<string, number>();
  private readonly workload: readonly WorkloadInfo[];

  constructor(nodes: number, workload: readonly WorkloadInfo[]) {
    this.perNode = Array.from({ length: nodes }, () => new Map<string, NodeTx>());
    this.workload = workload;
    const bySpend = this.spenders;
    for (const w of workload) {
      this.conflicts.set(w.txid, []);
      this.submittedAt.set(w.txid, w.atMs);
      for (const key of w.spends) {
        const list = bySpend.get(key) ?? [];
        list.push(w.txid);
        bySpend.set(key, list);
      }
    }
    for (const list of bySpend.values()) {
      for (const a of list) {
        const mine = this.conflicts.get(a) as string[];
        for (const b of list) if (a !== b && !mine.includes(b)) mine.push(b);
      }
    }
  }

  isWorkload(txid: string): boolean {
    return this.conflicts.has(txid);
  }

  private entry(node: number, txid: string, now: number): NodeTx {
    const map = this.perNode[node] as Map<string, NodeTx>;
    let e = map.get(txid);
    if (e === undefined) {
      e = {
        seenAt: now,
        snowballFinalAt: null,
        snowballRejectedAt: null,
        blockAt: null,
        blockRejectedAt: null,
        polls: null,
      };
      map.set(txid, e);
    }
    return e;
  }

  private get(node: number, txid: string): NodeTx | undefined {
    return (this.perNode[node] as Map<string, NodeTx>).get(txid);
  }

  seen(node: number, txid: string, now: number): void {
    if (this.isWorkload(txid)) this.entry(node, txid, now);
  }

  snowballFinal(node: number, txid: string, now: number, polls: number): void {
    if (!this.isWorkload(txid)) return;
    const e = this.entry(node, txid, now);
    if (e.snowballFinalAt === null) {
      e.snowballFinalAt = now;
      e.polls = polls;
    }
  }

  snowballRejected(node: number, txid: string, now: number): void {
    if (!this.isWorkload(txid)) return;
    const e = this.entry(node, txid, now);
    if (e.snowballRejectedAt === null) e.snowballRejectedAt = now;
  }

  /** A block the node imported holds `txid`: final there, and its conflicts rejected. */
  inBlock(node: number, txid: string, now: number): void {
    if (!this.isWorkload(txid)) return;
    const e = this.entry(node, txid, now);
    if (e.blockAt === null) e.blockAt = now;
    for (const other of this.conflicts.get(txid) ?? []) {
      const o = this.entry(node, other, now);
      if (o.blockRejectedAt === null) o.blockRejectedAt = now;
    }
  }

  /** When and how `txid` became final at `node` (Snowball or block), or null. */
  private finalAt(node: number, txid: string): { at: number; path: Path } | null {
    const e = this.get(node, txid);
    if (e === undefined) return null;
    return earliest(at(e.snowballFinalAt, "snowball"), at(e.blockAt, "block"));
  }

  private isFinal(node: number, txid: string): boolean {
    return this.finalAt(node, txid) !== null;
  }

  /** When and how `txid` was lost at `node`: rejected, or a conflicting tx final; null if not (yet). */
  private lostAt(node: number, txid: string): { at: number; path: Path } | null {
    const e = this.get(node, txid);
    let best =
      e === undefined ? null : earliest(at(e.snowballRejectedAt, "snowball"), at(e.blockRejectedAt, "block"));
    for (const other of this.conflicts.get(txid) ?? []) best = earliest(best, this.finalAt(node, other));
    return best;
  }

  private isRejectedOrLost(node: number, txid: string): boolean {
    return this.lostAt(node, txid) !== null;
  }

  /** When and how `node` decided `txid` (final wins over lost: final is what the node acts on). */
  private decidedAt(node: number, txid: string): { at: number; path: Path } | null {
    return this.finalAt(node, txid) ?? this.lostAt(node, txid);
  }

  /** The outcome of an outpoint at a node: its final spender, "frozen" (every spender lost), or null. */
  private outpointOutcome(node: number, spenders: readonly string[]): string | null {
    let lost = 0;
    for (const txid of spenders) {
      if (this.isFinal(node, txid)) return txid;
      if (this.isRejectedOrLost(node, txid)) lost++;
    }
    return lost === spenders.length ? "frozen" : null;
  }

  /** Transaction figures over `honest` (every non-Byzantine node) and `honestUp` (those up at the end). */
  summarize(
    honest: readonly number[],
    honestUp: readonly number[],
  ): Pick<
    SimResult,
    | "finalized"
    | "rejected"
    | "undecided"
    | "honestDisagreements"
    | "conflictingFinal"
    | "outpointDisagreements"
    | "rejectedWithoutWinner"
    | "finalityRoundsP50"
    | "finalityRoundsP99"
    | "finalityMsP50"
    | "finalityMsP99"
    | "pairs"
    | "decidedBySnowball"
    | "decidedByBlock"
    | "undecidedPairs"
    | "blockShare"
    | "snowballFinalityMsP50"
    | "snowballFinalityMsP99"
  > {
    let finalized = 0;
    let rejected = 0;
    let undecided = 0;
    let honestDisagreements = 0;
    const finalSomewhere = new Set<string>();
    for (const { txid } of this.workload) {
      let finalUp = 0;
      let rejectedUp = 0;
      for (const n of honestUp) {
        if (this.isFinal(n, txid)) finalUp++;
        else if (this.isRejectedOrLost(n, txid)) rejectedUp++;
      }
      if (honestUp.length > 0 && finalUp === honestUp.length) finalized++;
      else if (honestUp.length > 0 && rejectedUp === honestUp.length) rejected++;
      if (finalUp + rejectedUp < honestUp.length) undecided++;
      let f = 0;
      let r = 0;
      let both = 0;
      for (const n of honest) {
        const isF = this.isFinal(n, txid);
        const isR = this.isRejectedOrLost(n, txid);
        if (isF) f++;
        if (isR) r++;
        if (isF && isR) both++;
      }
      honestDisagreements += f * r - both;
      if (f > 0) finalSomewhere.add(txid);
    }
    let conflictingFinal = 0;
    for (const txid of finalSomewhere) {
      for (const other of this.conflicts.get(txid) ?? []) {
        if (txid < other && finalSomewhere.has(other)) conflictingFinal++;
      }
    }
    let outpointDisagreements = 0;
    for (const spenders of this.spenders.values()) {
      const outcomes = new Set<string>();
      for (const n of honest) {
        const o = this.outpointOutcome(n, spenders);
        if (o !== null) outcomes.add(o);
      }
      if (outcomes.size > 1) outpointDisagreements++;
    }
    let rejectedWithoutWinner = 0;
    for (const n of honestUp) {
      for (const { txid } of this.workload) {
        if (this.isFinal(n, txid) || !this.isRejectedOrLost(n, txid)) continue;
        if (!(this.conflicts.get(txid) ?? []).some((other) => this.isFinal(n, other)))
          rejectedWithoutWinner++;
      }
    }
    const rounds: number[] = [];
    const snowballMs: number[] = [];
    for (const n of honest) {
      for (const [txid, e] of this.perNode[n] as Map<string, NodeTx>) {
        if (e.polls !== null && e.snowballFinalAt !== null) {
          rounds.push(e.polls);
          snowballMs.push(e.snowballFinalAt - (this.submittedAt.get(txid) as number));
        }
      }
    }
    const decidedMs: number[] = [];
    let bySnowball = 0;
    let byBlock = 0;
    let undecidedPairs = 0;
    for (const n of honestUp) {
      for (const { txid, atMs } of this.workload) {
        const d = this.decidedAt(n, txid);
        if (d === null) {
          undecidedPairs++;
          continue;
        }
        decidedMs.push(d.at - atMs);
        if (d.path === "snowball") bySnowball++;
        else byBlock++;
      }
    }
    const pairs = honestUp.length * this.workload.length;
    return {
      finalized,
      rejected,
      undecided,
      honestDisagreements,
      conflictingFinal,
      outpointDisagreements,
      rejectedWithoutWinner,
      finalityRoundsP50: percentile(rounds, 0.5),
      finalityRoundsP99: percentile(rounds, 0.99),
      finalityMsP50: percentileWithMissing(decidedMs, undecidedPairs, 0.5),
      finalityMsP99: percentileWithMissing(decidedMs, undecidedPairs, 0.99),
      pairs,
      decidedBySnowball: bySnowball,
      decidedByBlock: byBlock,
      undecidedPairs,
      blockShare: pairs > 0 ? Math.round((byBlock / pairs) * 1000) / 1000 : null,
      snowballFinalityMsP50: percentile(snowballMs, 0.5),
      snowballFinalityMsP99: percentile(snowballMs, 0.99),
    };
  }

  /** Workload txs `node` has decided (final or rejected), for the settle check. */
  decidedCount(node: number): number {
    let count = 0;
    for (const { txid } of this.workload) {
      if (this.isFinal(node, txid) || this.isRejectedOrLost(node, txid)) count++;
    }
    return count;
  }

  /** Workload txs final at `node` that are not yet in a block it imported. */
  finalNotInBlock(node: number): number {
    let count = 0;
    for (const e of (this.perNode[node] as Map<string, NodeTx>).values()) {
      if (e.snowballFinalAt !== null && e.blockAt === null) count++;
    }
    return count;
  }

  inBlockCount(node: number): number {
    let count = 0;
    for (const e of (this.perNode[node] as Map<string, NodeTx>).values()) if (e.blockAt !== null) count++;
    return count;
  }

  /** The final/rejected set of a node, as sorted txid lists (convergence checks in tests). */
  decisions(node: number): { final: string[]; rejected: string[] } {
    const final: string[] = [];
    const rejected: string[] = [];
    for (const { txid } of this.workload) {
      if (this.isFinal(node, txid)) final.push(txid);
      else if (this.isRejectedOrLost(node, txid)) rejected.push(txid);
    }
    return { final: final.sort(), rejected: rejected.sort() };
  }
}
