// Transactions between peers: admission of gossiped or submitted transactions into the mempool and
// Snowball, push gossip to a few random peers, answers to Snowball queries, and answers to fetches. A query
// naming a transaction this node has never seen is not answered with a reflexive NO (fresh transactions
// could then never gather alpha while silent validators never answer): the node fetches it from the querier
// first (getTxs) and answers once it is admitted, or after a bounded wait with NO for what is still
// unknown. Deferred queries are capped per peer and in total, so a flood of unknown txids costs a bounded
// amount of memory and time; past the caps a query is answered at once, as before. A fetch can be lost like
// any message: a later query (or a re-sent copy) naming a transaction still missing fetchRetryMs after it
// was asked for fetches it again, from that querier, so one lost message does not turn every query waiting
// for that transaction into a NO at the end of the wait.
import type { Cancel, Clock, Rng, Scheduler } from "../consensus/index.js";
import type { Snowball } from "../consensus/snowball/index.js";
import type { Mempool } from "../mempool/index.js";
import type { Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";
import { hasErrorCode, isNodeCoreError } from "../util/index.js";
import type { ChainFollower } from "./chain-follower.js";
import { DEFAULT_HELD_BLOCKS, HeldTransactions } from "./held-txs.js";
import type { NodeMessage } from "./messages.js";
import type { TaskRunner } from "./tasks.js";
import type { NodeTransport } from "./transport.js";

export interface TxRelayOptions {
  /** Peers each new transaction (or block) is pushed to. */
  readonly gossipFanout: number;
  /** This node's peer id ("" for a node that is not a masternode). */
  readonly selfId: string;
  /** Longest a query naming unknown transactions waits for them to be fetched and admitted. */
  readonly queryFetchWaitMs?: number;
  /** Deferred queries at once from one peer, and in all (past either cap: answered at once). */
  readonly maxDeferredQueriesPerPeer?: number;
  readonly maxDeferredQueries?: number;
  /** A transaction asked for this long ago and still missing is asked for again by the next query naming it. */
  readonly fetchRetryMs?: number;
  /** txids remembered as seen (default DEFAULT_MAX_KNOWN_TXIDS). */
  readonly maxKnownTxids?: number;
  /** Caps of the transactions held for an input or a block (defaults in held-txs.ts). */
  readonly maxHeldTxs?: number;
  readonly maxHeldBytes?: number;
}

export const DEFAULT_QUERY_FETCH_WAIT_MS = 600;
/** As deep as a querier's Snowball pipeline (maxPollsInFlight), so a full pipeline of its polls can wait. */
export const DEFAULT_MAX_DEFERRED_QUERIES_PER_PEER = 16;
export const DEFAULT_MAX_DEFERRED_QUERIES = 512;
/** About two round trips: a fetch not answered by then was most likely lost. */
export const DEFAULT_FETCH_RETRY_MS = 200;
/** About 12 MB of txids: several minutes of history at hundreds of transactions per second. */
export const DEFAULT_MAX_KNOWN_TXIDS = 100_000;

/** A query held back until the transactions it names that this node lacks arrive (or the wait ends). */
interface DeferredQuery {
  readonly key: string;
  readonly from: string;
  readonly requestId: number;
  readonly txids: readonly Uint8Array[];
  /** The named transactions not yet admitted, by hex (a query names up to hundreds: only these are looked at). */
  readonly waiting: Map<string, Uint8Array>;
  cancel: Cancel | null;
}

export interface TxRelayHooks {
  /** A transaction reached this node for the first time (metrics: finality latency starts here). */
  seen(txidHex: string): void;
  fault(what: string, error: unknown): void;
}

export interface TxRelayModules {
  readonly mempool: Mempool;
  readonly snowball: Snowball;
  readonly follower: ChainFollower;
  readonly transport: NodeTransport;
  readonly rng: Rng;
  /** Times the wait of queries deferred for a fetch, and the retry of fetches. */
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly tasks: TaskRunner;
  readonly hooks: TxRelayHooks;
  readonly txidOf: (tx: Transaction) => Uint8Array;
  readonly hexOf: (txid: Uint8Array) => string;
}

export class TxRelay {
  /**
   * txids accepted, refused or being admitted, not admitted again; the oldest go first past maxKnownTxids
   * (one that comes back later is refused by the mempool, since the chain spent its inputs, or is in a
   * recent block).
   */
  private readonly known = new Set<string>();
  /** txids asked for with getTxs by a deferred query still waiting for them -> when last asked for. */
  private readonly fetching = new Map<string, number>();
  /** txids whose mempool admission is under way. */
  private readonly admitting = new Set<string>();
  /** Deferred queries by `${from} ${requestId}`, and by each txid they wait for. */
  private readonly deferred = new Map<string, DeferredQuery>();
  private readonly waitingOn = new Map<string, Set<DeferredQuery>>();
  private readonly deferredPerPeer = new Map<string, number>();
  /** Refused for state this node lacks yet; tried again when a parent is admitted or a block connects. */
  private readonly held: HeldTransactions;
  private closed = false;
  private readonly fetchWaitMs: number;
  private readonly maxPerPeer: number;
  private readonly maxDeferred: number;
  private readonly fetchRetryMs: number;
  private readonly maxKnown: number;
  private readonly clock: Clock;

  private readonly selfId: string;
  private readonly mempool: Mempool;
  private readonly snowball: Snowball;
  private readonly follower: ChainFollower;
  private readonly transport: NodeTransport;
  private readonly rng: Rng;
  private readonly scheduler: Scheduler;
  private readonly tasks: TaskRunner;
  private readonly hooks: TxRelayHooks;
  private readonly txidOf: (tx: Transaction) => Uint8Array;
  private readonly hexOf: (txid: Uint8Array) => string;

  constructor(
    private readonly opts: TxRelayOptions,
    modules: TxRelayModules,
  ) {
    this.selfId = opts.selfId;
    this.fetchWaitMs = opts.queryFetchWaitMs ?? DEFAULT_QUERY_FETCH_WAIT_MS;
    this.maxPerPeer = opts.maxDeferredQueriesPerPeer ?? DEFAULT_MAX_DEFERRED_QUERIES_PER_PEER;
    this.maxDeferred = opts.maxDeferredQueries ?? DEFAULT_MAX_DEFERRED_QUERIES;
    this.fetchRetryMs = opts.fetchRetryMs ?? DEFAULT_FETCH_RETRY_MS;
    this.maxKnown = opts.maxKnownTxids ?? DEFAULT_MAX_KNOWN_TXIDS;
    this.held = new HeldTransactions({ maxCount: opts.maxHeldTxs, maxBytes: opts.maxHeldBytes });
    ({
      mempool: this.mempool,
      snowball: this.snowball,
      follower: this.follower,
      transport: this.transport,
      rng: this.rng,
      scheduler: this.scheduler,
      clock: this.clock,
      tasks: this.tasks,
      hooks: this.hooks,
      txidOf: this.txidOf,
      hexOf: this.hexOf,
    } = modules);
  }

  close(): void {
    this.closed = true;
    for (const d of this.deferred.values()) d.cancel?.();
    this.deferred.clear();
    this.waitingOn.clear();
    this.deferredPerPeer.clear();
    this.fetching.clear();
    this.held.clear();
  }

  /** Queries held back for a fetch right now (for tests and metrics). */
  get deferredQueries(): number {
    return this.deferred.size;
  }

  /** Transactions from `from` (null: submitted locally). */
  receive(from: string | null, txs: readonly Transaction[]): void {
    for (const tx of txs) this.take(from, tx, DEFAULT_HELD_BLOCKS, true);
  }

  /**
   * A block connected: every held transaction is tried again (its input or its masternode may be in that
   * block), and dropped once it has been tried at DEFAULT_HELD_BLOCKS blocks.
   */
  onBlockConnected(): void {
    if (this.closed) return;
    for (const held of this.held.takeAllForBlock()) {
      this.known.delete(held.hex);
      this.take(held.from, held.tx, held.blocksLeft, false);
    }
  }

  /** Transactions held for an input or a block, right now (for tests and metrics). */
  get heldTransactions(): number {
    return this.held.size;
  }

  private take(from: string | null, tx: Transaction, blocksLeft: number, firstTime: boolean): void {
    const txid = this.txidOf(tx);
    const hex = toHex(txid);
    this.fetching.delete(hex);
    if (this.known.has(hex)) return;
    if (this.follower.inRecentBlock(hex)) {
      this.arrived(hex);
      return;
    }
    this.known.add(hex);
    if (this.known.size > this.maxKnown) this.known.delete(this.known.values().next().value as string);
    this.admitting.add(hex);
    if (firstTime) this.hooks.seen(hex);
    this.tasks.track(
      this.mempool.add(tx),
      (added) => {
        this.admitting.delete(hex);
        if (this.closed) return;
        this.snowball.addTransaction(txid, added.conflictKeys);
        this.arrived(hex);
        this.push({ kind: "txs", txs: [tx] }, from);
        this.releaseChildrenOf(hex);
      },
      (error) => {
        this.admitting.delete(hex);
        const refusal = refusalKind(error);
        // Already in the pool (the wallet's own send admits it directly, then tells the relay): its held
        // children can go in now all the same.
        if (hasErrorCode(error, "MEMPOOL_DUPLICATE") && !this.closed) this.releaseChildrenOf(hex);
        if (refusal === "retry") this.known.delete(hex);
        else if (refusal === "hold" && !this.closed) {
          // Known while held: a query naming it is answered NO at once (this node cannot vouch for it yet).
          for (const dropped of this.held.hold({ hex, tx, from, blocksLeft })) this.known.delete(dropped);
        }
        // Not admitted now: the queries waiting for it answer NO (a held one is admitted later, and its
        // next query is answered YES).
        this.arrived(hex);
        // Refusals are part of the protocol (it conflicts with what this node finalized, or a block
        // already spent its inputs); anything else is a bug worth seeing.
        if (refusal === "fault") this.hooks.fault("mempool add", error);
      },
    );
  }

  /** Children that came before `parentHex` wait no longer: each is tried again. */
  private releaseChildrenOf(parentHex: string): void {
    for (const child of this.held.takeChildrenOf(parentHex)) {
      this.known.delete(child.hex);
      this.take(child.from, child.tx, child.blocksLeft, false);
    }
  }

  /** Push gossip: `gossipFanout` random peers other than this node and `except`. */
  push(message: NodeMessage, except: string | null): void {
    const peers = this.transport.peers();
    const n = peers.length;
    const self = peers.indexOf(this.selfId);
    const skip = except === null ? -1 : peers.indexOf(except);
    const others = n - 1 - (skip >= 0 && skip !== self ? 1 : 0);
    const want = Math.min(this.opts.gossipFanout, others);
    const chosen = new Set<number>();
    while (chosen.size < want) {
      const peer = this.rng.int(n);
      if (peer !== self && peer !== skip) chosen.add(peer);
    }
    for (const i of [...chosen].sort((a, b) => a - b)) this.transport.send(peers[i] as string, message);
  }

  /**
   * A Snowball query from `from`: this node's preference bits, at once when it knows every named
   * transaction; otherwise after fetching the unknown ones from the querier (bounded wait and caps).
   */
  onQuery(from: string, requestId: number, txids: readonly Uint8Array[]): void {
    const key = `${from} ${requestId}`;
    // A re-sent query whose first copy is still deferred: that one will answer; its fetch may have been lost.
    const pending = this.deferred.get(key);
    if (pending !== undefined) {
      this.fetchMissing(from, pending);
      return;
    }
    const bits = this.answerBits(txids);
    const unknown = new Map<string, Uint8Array>();
    for (let i = 0; i < txids.length; i++) {
      if ((((bits[i >> 3] as number) >> (i & 7)) & 1) === 1) continue;
      // Only a NO can hide a transaction this node has never seen (the common YES skips the lookups).
      const txid = txids[i] as Uint8Array;
      if (this.snowball.hasTransaction(txid)) continue;
      const hex = this.hexOf(txid);
      // Known but not being admitted: it was refused here, so NO is this node's real answer.
      if (this.known.has(hex) && !this.admitting.has(hex)) continue;
      unknown.set(hex, txid);
    }
    const perPeer = this.deferredPerPeer.get(from) ?? 0;
    if (unknown.size === 0 || perPeer >= this.maxPerPeer || this.deferred.size >= this.maxDeferred) {
      this.transport.send(from, { kind: "reply", requestId, count: txids.length, bits });
      return;
    }
    const d: DeferredQuery = { key, from, requestId, txids, waiting: unknown, cancel: null };
    this.deferred.set(key, d);
    this.deferredPerPeer.set(from, perPeer + 1);
    for (const hex of unknown.keys()) {
      let waiters = this.waitingOn.get(hex);
      if (waiters === undefined) {
        waiters = new Set();
        this.waitingOn.set(hex, waiters);
      }
      waiters.add(d);
    }
    this.fetchMissing(from, d);
    d.cancel = this.scheduler.after(this.fetchWaitMs, () => {
      d.cancel = null;
      this.answerDeferred(d);
    });
  }

  /**
   * Asks `from` for the transactions `d` still waits for that are neither being admitted nor asked for in
   * the last fetchRetryMs (a fetch older than that was most likely lost).
   */
  private fetchMissing(from: string, d: DeferredQuery): void {
    const now = this.clock.now();
    const fetch: Uint8Array[] = [];
    for (const [hex, txid] of d.waiting) {
      if (this.admitting.has(hex)) continue;
      const askedAt = this.fetching.get(hex);
      if (askedAt !== undefined && now - askedAt < this.fetchRetryMs) continue;
      this.fetching.set(hex, now);
      fetch.push(txid);
    }
    if (fetch.length > 0) this.transport.send(from, { kind: "getTxs", txids: fetch });
  }

  /** Bit i: this node prefers txids[i], or it is in a certified block of this chain (settled). */
  private answerBits(txids: readonly Uint8Array[]): Uint8Array {
    const bits = this.snowball.answerQuery(txids);
    for (let i = 0; i < txids.length; i++) {
      if ((((bits[i >> 3] as number) >> (i & 7)) & 1) === 1) continue;
      if (this.follower.inRecentBlock(this.hexOf(txids[i] as Uint8Array))) {
        bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
      }
    }
    return bits;
  }

  /** `hex` was admitted (or refused, or found in a block): queries waiting only for it answer now. */
  private arrived(hex: string): void {
    const waiters = this.waitingOn.get(hex);
    if (waiters === undefined) return;
    this.waitingOn.delete(hex);
    this.fetching.delete(hex);
    for (const d of waiters) {
      d.waiting.delete(hex);
      if (d.waiting.size === 0) this.answerDeferred(d);
    }
  }

  private answerDeferred(d: DeferredQuery): void {
    if (this.deferred.get(d.key) !== d) return;
    this.deferred.delete(d.key);
    d.cancel?.();
    d.cancel = null;
    const left = (this.deferredPerPeer.get(d.from) ?? 1) - 1;
    if (left > 0) this.deferredPerPeer.set(d.from, left);
    else this.deferredPerPeer.delete(d.from);
    for (const hex of d.waiting.keys()) {
      const waiters = this.waitingOn.get(hex);
      if (waiters === undefined) continue;
      waiters.delete(d);
      if (waiters.size === 0) {
        // Nobody waits for it any more: a later query may fetch it again.
        this.waitingOn.delete(hex);
        this.fetching.delete(hex);
      }
    }
    if (this.closed) return;
    const bits = this.answerBits(d.txids);
    this.transport.send(d.from, { kind: "reply", requestId: d.requestId, count: d.txids.length, bits });
  }

  onGetTxs(from: string, txids: readonly Uint8Array[]): void {
    const txs: Transaction[] = [];
    for (const txid of txids) {
      const entry = this.mempool.get(txid);
      if (entry) txs.push(entry.tx);
    }
    if (txs.length > 0) this.transport.send(from, { kind: "txs", txs });
  }
}

/**
 * What a failed admission means. "hold": the transaction may become valid with state this node lacks yet
 * (an input or collateral not seen, a masternode registration or lock time a block away), so it is held and
 * tried again. "retry": the pool could not take it now (full, busy, no chain yet); it is forgotten, so a later
 * copy (gossip, or a fetch for a query) is tried again. "refused": a rule it breaks for good (a conflict with
 * what this node finalized, a bad signature, ...). "fault": not a refusal at all (a DbError, a bug).
 */
export function refusalKind(error: unknown): "hold" | "retry" | "refused" | "fault" {
  if (hasErrorCode(error, HOLD_CODES)) return "hold";
  if (hasErrorCode(error, RETRY_CODES)) return "retry";
  if (isNodeCoreError(error, "MEMPOOL_") || isNodeCoreError(error, "TX_") || isNodeCoreError(error, "MN_")) {
    return "refused";
  }
  return "fault";
}

const HOLD_CODES: readonly string[] = [
  "TX_MISSING_INPUT",
  "MN_COLLATERAL_MISSING",
  "TX_LOCKTIME_NOT_REACHED",
  "MN_NOT_REGISTERED",
];
const RETRY_CODES: readonly string[] = ["MEMPOOL_FULL", "MEMPOOL_BUSY", "MEMPOOL_NO_CHAIN"];
