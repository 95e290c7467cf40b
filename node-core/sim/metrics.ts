// What a run measured, as one JSON-ready object, and the observer that collects it. Nodes report what
// their real engines decided (Snowball finality and rejection, blocks imported); the observer never looks
// inside an engine. Definitions (issue 3, "Simulator"):
// - finalized / rejected: workload transactions final / rejected at every honest node that is up at the
//   end. "Final" at a node = Snowball finalized it or it is in a certified block the node imported;
//   "rejected" = Snowball rejected it or a conflicting transaction is in such a block.
// - honestDisagreements: (honest node pair, tx) where one node has the tx final and the other rejected it
//   or has a conflicting tx final.
// - conflictingFinal: pairs of conflicting transactions both final at some honest node(s).
// - finalityRounds: polls that included the tx until Snowball finalized it (per honest node and tx);
//   finalityMs: virtual ms from the node first seeing the tx to Snowball finalizing it there.
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
  readonly virtualMs: number;
  readonly settled: boolean;
  /** Real ed25519 verifications run (distinct checks) vs. signature checks asked for, in fast crypto mode. */
  readonly signatureVerifies: number;
  readonly signatureChecks: number;
  /** Node operations that failed unexpectedly (an engine or service threw); empty in a healthy run. */
  readonly failures: readonly string[];
}

interface NodeTx {
  seenAt: number;
  finalAt: number | null;
  rejectedAt: number | null;
  /** Snowball polls at finality; null when final only through a block. */
  polls: number | null;
  snowballMs: number | null;
  inBlock: boolean;
}

export interface WorkloadInfo {
  readonly txid: string;
  /** Spent outpoint keys (conflict keys). */
  readonly spends: readonly string[];
}

/** Nearest-rank percentile of unsorted samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] as number;
}

export class MetricsCollector {
  private readonly perNode: Map<string, NodeTx>[];
  /** txid -> txids it conflicts with (share an outpoint). */
  private readonly conflicts = new Map<string, string[]>();
  private readonly workload: readonly WorkloadInfo[];

  constructor(nodes: number, workload: readonly WorkloadInfo[]) {
    this.perNode = Array.from({ length: nodes }, () => new Map<string, NodeTx>());
    this.workload = workload;
    const bySpend = new Map<string, string[]>();
    for (const w of workload) {
      this.conflicts.set(w.txid, []);
      for (const key of w.spends) {
        const list = bySpend.get(key) ?? [];
        list.push(w.txid);
        bySpend.set(key, list);
      }
    }
    for (const list of bySpend.values()) {
      for (const a of list) for (const b of list) if (a !== b) this.conflicts.get(a)?.push(b);
    }
  }

  isWorkload(txid: string): boolean {
    return this.conflicts.has(txid);
  }

  private entry(node: number, txid: string, now: number): NodeTx {
    const map = this.perNode[node] as Map<string, NodeTx>;
    let e = map.get(txid);
    if (e === undefined) {
      e = { seenAt: now, finalAt: null, rejectedAt: null, polls: null, snowballMs: null, inBlock: false };
      map.set(txid, e);
    }
    return e;
  }

  seen(node: number, txid: string, now: number): void {
    if (this.isWorkload(txid)) this.entry(node, txid, now);
  }

  snowballFinal(node: number, txid: string, now: number, polls: number): void {
    if (!this.isWorkload(txid)) return;
    const e = this.entry(node, txid, now);
    if (e.finalAt === null) e.finalAt = now;
    if (e.polls === null) {
      e.polls = polls;
      e.snowballMs = now - e.seenAt;
    }
  }

  snowballRejected(node: number, txid: string, now: number): void {
    if (!this.isWorkload(txid)) return;
    const e = this.entry(node, txid, now);
    if (e.rejectedAt === null) e.rejectedAt = now;
  }

  /** A block the node imported holds `txid`: final there, and its conflicts rejected. */
  inBlock(node: number, txid: string, now: number): void {
    if (!this.isWorkload(txid)) return;
    const e = this.entry(node, txid, now);
    e.inBlock = true;
    if (e.finalAt === null) e.finalAt = now;
    for (const other of this.conflicts.get(txid) ?? []) {
      const o = this.entry(node, other, now);
      if (o.rejectedAt === null) o.rejectedAt = now;
    }
  }

  private isFinal(node: number, txid: string): boolean {
    return (this.perNode[node] as Map<string, NodeTx>).get(txid)?.finalAt != null;
  }

  private isRejectedOrLost(node: number, txid: string): boolean {
    if ((this.perNode[node] as Map<string, NodeTx>).get(txid)?.rejectedAt != null) return true;
    for (const other of this.conflicts.get(txid) ?? []) if (this.isFinal(node, other)) return true;
    return false;
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
    | "finalityRoundsP50"
    | "finalityRoundsP99"
    | "finalityMsP50"
    | "finalityMsP99"
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
    const rounds: number[] = [];
    const ms: number[] = [];
    for (const n of honest) {
      for (const e of (this.perNode[n] as Map<string, NodeTx>).values()) {
        if (e.polls !== null && e.snowballMs !== null) {
          rounds.push(e.polls);
          ms.push(e.snowballMs);
        }
      }
    }
    return {
      finalized,
      rejected,
      undecided,
      honestDisagreements,
      conflictingFinal,
      finalityRoundsP50: percentile(rounds, 0.5),
      finalityRoundsP99: percentile(rounds, 0.99),
      finalityMsP50: percentile(ms, 0.5),
      finalityMsP99: percentile(ms, 0.99),
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
      if (e.finalAt !== null && !e.inBlock) count++;
    }
    return count;
  }

  inBlockCount(node: number): number {
    let count = 0;
    for (const e of (this.perNode[node] as Map<string, NodeTx>).values()) if (e.inBlock) count++;
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
