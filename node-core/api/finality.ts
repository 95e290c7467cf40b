// Transaction finality as the API reports it (gettransactionfinality, waittransactionfinality): Snowball's
// live status while it votes, a bounded record of recent final and rejected statuses (Snowball may forget
// a transaction once a block holds it), the chain's tx index (a transaction in a certified block is final)
// and the mempool. Waiting wakes on the node's "snowball:final" / "snowball:rejected" / "chain:block"
// events, never on a polling loop, and ends at a capped timeout.
import type { FinalityStatus } from "../consensus/snowball/index.js";
import type { ChainView } from "../db/index.js";
import type { TimeNode } from "../node/index.js";
import type { Hash32 } from "../types/index.js";
import { toHex } from "../types/index.js";
import type { Unsubscribe } from "../util/index.js";
import { ApiError } from "./errors.js";

export type FinalityStatusName = "unknown" | "pending" | "voting" | "final" | "rejected";

export interface TransactionFinality {
  readonly txid: string;
  readonly status: FinalityStatusName;
  /** Consecutive successful polls (the minimum over its conflict sets); beta once final. */
  readonly confidence: number;
  readonly beta: number;
  /** Why it is not final yet, or what it lost to; null once final. */
  readonly reason: string | null;
  /** From first sight to final on this node, when this node saw both. */
  readonly finalMs: number | null;
  /** Height of the block holding it, or null. */
  readonly blockHeight: number | null;
}

export interface FinalityTrackerOptions {
  /** Recent decided statuses kept (oldest dropped first). */
  readonly maxRecords?: number;
  /** waittransactionfinality calls waiting at once. */
  readonly maxWaiters?: number;
}

export const DEFAULT_FINALITY_RECORDS = 10_000;
export const DEFAULT_FINALITY_WAITERS = 1_000;
/** The longest waittransactionfinality waits. */
export const MAX_FINALITY_WAIT_MS = 600_000;

export interface FinalityTrackerModules {
  readonly node: TimeNode;
  readonly view: ChainView;
}

export function isDecided(finality: TransactionFinality): boolean {
  return finality.status === "final" || finality.status === "rejected";
}

export class FinalityTracker {
  private readonly records = new Map<string, FinalityStatus>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private waiting = 0;
  private readonly unsubscribe: Unsubscribe[] = [];
  private closed = false;
  private readonly maxRecords: number;
  private readonly maxWaiters: number;

  constructor(
    opts: FinalityTrackerOptions,
    private readonly modules: FinalityTrackerModules,
  ) {
    this.maxRecords = opts.maxRecords ?? DEFAULT_FINALITY_RECORDS;
    this.maxWaiters = opts.maxWaiters ?? DEFAULT_FINALITY_WAITERS;
  }

  start(): void {
    const { events } = this.modules.node;
    const decided = ({ txid, status }: { txid: Uint8Array; status: FinalityStatus }) => {
      const hex = toHex(txid);
      this.records.delete(hex);
      this.records.set(hex, status);
      if (this.records.size > this.maxRecords) {
        const oldest = this.records.keys().next();
        if (!oldest.done) this.records.delete(oldest.value);
      }
      this.wake(hex);
    };
    this.unsubscribe.push(
      events.on("snowball:final", decided),
      events.on("snowball:rejected", decided),
      events.on("chain:block", ({ effects }) => {
        if (this.waiters.size === 0) return;
        for (const txid of effects.txids) this.wake(toHex(txid));
      }),
    );
  }

  /** Ends every wait (each returns the status it has then) and stops listening. */
  close(): void {
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const hex of [...this.waiters.keys()]) this.wake(hex);
  }

  async status(txid: Hash32): Promise<TransactionFinality> {
    const hex = toHex(txid);
    const { snowball, mempool } = this.modules.node.services;
    const beta = snowball.options.beta;
    const location = await this.modules.view.getTransactionLocation(txid);
    const seen = snowball.status(txid) ?? this.records.get(hex);
    const finalMs =
      seen?.state === "final" && seen.decidedAt !== null ? Math.max(0, seen.decidedAt - seen.addedAt) : null;
    if (location !== null) {
      // A certified block holds only transactions final at its proposer: the chain has settled it.
      return {
        txid: hex,
        status: "final",
        confidence: beta,
        beta,
        reason: null,
        finalMs,
        blockHeight: Number(location.height),
      };
    }
    if (seen !== undefined) {
      return {
        txid: hex,
        status: seen.state,
        confidence: seen.confidence,
        beta,
        reason: seen.state === "final" ? null : seen.reason,
        finalMs,
        blockHeight: null,
      };
    }
    if (mempool.has(hex)) {
      return {
        txid: hex,
        status: "pending",
        confidence: 0,
        beta,
        reason: "in the mempool, waiting to enter finality voting",
        finalMs: null,
        blockHeight: null,
      };
    }
    return {
      txid: hex,
      status: "unknown",
      confidence: 0,
      beta,
      reason: "this node has not seen this transaction",
      finalMs: null,
      blockHeight: null,
    };
  }

  /** The status once final or rejected, or at `timeoutMs` (capped at MAX_FINALITY_WAIT_MS), whichever is first. */
  async wait(txid: Hash32, timeoutMs: number): Promise<TransactionFinality> {
    const hex = toHex(txid);
    if (this.waiting >= this.maxWaiters) {
      throw new ApiError("API_MISC_ERROR", `too many finality waits at once (at most ${this.maxWaiters})`);
    }
    const waitMs = Math.min(Math.max(0, timeoutMs), MAX_FINALITY_WAIT_MS);
    this.waiting++;
    let woken = false;
    let resolveWake: () => void = () => {};
    const wake = () => {
      woken = true;
      resolveWake();
    };
    // Listening before the first look, so a decision between the look and the wait is not missed.
    let set = this.waiters.get(hex);
    if (set === undefined) {
      set = new Set();
      this.waiters.set(hex, set);
    }
    set.add(wake);
    let timer: NodeJS.Timeout | null = null;
    let timedOut = false;
    try {
      for (;;) {
        woken = false;
        const now = await this.status(txid);
        if (isDecided(now) || timedOut || this.closed) return now;
        if (!woken) {
          await new Promise<void>((resolve) => {
            resolveWake = resolve;
            timer ??= setTimeout(() => {
              timedOut = true;
              resolveWake();
            }, waitMs);
          });
        }
      }
    } finally {
      if (timer !== null) clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(hex) === set) this.waiters.delete(hex);
      this.waiting--;
    }
  }

  private wake(hex: string): void {
    const set = this.waiters.get(hex);
    if (set === undefined) return;
    for (const wake of [...set]) wake();
  }
}
