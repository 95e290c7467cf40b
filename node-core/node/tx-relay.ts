// Transactions between peers: admission of gossiped or submitted transactions into the mempool and
// Snowball, push gossip to a few random peers, answers to Snowball queries (a NO about a transaction this
// node has never seen triggers a fetch of it, so the next answer can be informed), and answers to fetches.
import type { Rng } from "../consensus/index.js";
import type { Snowball } from "../consensus/snowball/index.js";
import type { Mempool } from "../mempool/index.js";
import type { Transaction } from "../types/index.js";
import { toHex } from "../types/index.js";
import { isNodeCoreError } from "../util/index.js";
import type { ChainFollower } from "./chain-follower.js";
import type { NodeMessage } from "./messages.js";
import type { TaskRunner } from "./tasks.js";
import type { NodeTransport } from "./transport.js";

export interface TxRelayOptions {
  /** Peers each new transaction (or block) is pushed to. */
  readonly gossipFanout: number;
  /** This node's peer id ("" for a node that is not a masternode). */
  readonly selfId: string;
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
  readonly tasks: TaskRunner;
  readonly hooks: TxRelayHooks;
  readonly txidOf: (tx: Transaction) => Uint8Array;
  readonly hexOf: (txid: Uint8Array) => string;
}

export class TxRelay {
  /** txids accepted or being admitted (never re-admitted while this node runs). */
  private readonly known = new Set<string>();
  /** txids asked for with getTxs. */
  private readonly fetching = new Set<string>();
  private closed = false;

  private readonly selfId: string;
  private readonly mempool: Mempool;
  private readonly snowball: Snowball;
  private readonly follower: ChainFollower;
  private readonly transport: NodeTransport;
  private readonly rng: Rng;
  private readonly tasks: TaskRunner;
  private readonly hooks: TxRelayHooks;
  private readonly txidOf: (tx: Transaction) => Uint8Array;
  private readonly hexOf: (txid: Uint8Array) => string;

  constructor(
    private readonly opts: TxRelayOptions,
    modules: TxRelayModules,
  ) {
    this.selfId = opts.selfId;
    ({
      mempool: this.mempool,
      snowball: this.snowball,
      follower: this.follower,
      transport: this.transport,
      rng: this.rng,
      tasks: this.tasks,
      hooks: this.hooks,
      txidOf: this.txidOf,
      hexOf: this.hexOf,
    } = modules);
  }

  close(): void {
    this.closed = true;
  }

  /** Transactions from `from` (null: submitted locally). */
  receive(from: string | null, txs: readonly Transaction[]): void {
    for (const tx of txs) {
      const txid = this.txidOf(tx);
      const hex = toHex(txid);
      this.fetching.delete(hex);
      if (this.known.has(hex) || this.follower.inRecentBlock(hex)) continue;
      this.known.add(hex);
      this.hooks.seen(hex);
      this.tasks.track(
        this.mempool.add(tx),
        (added) => {
          if (this.closed) return;
          this.snowball.addTransaction(txid, added.conflictKeys);
          this.push({ kind: "txs", txs: [tx] }, from);
        },
        (error) => {
          // Refusals are part of the protocol (it conflicts with what this node finalized, or a block
          // already spent its inputs); anything else is a bug worth seeing.
          if (isTransactionRefusal(error)) return;
          this.hooks.fault("mempool add", error);
        },
      );
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

  /** A Snowball query from `from`: this node's preference bits, then a fetch of what it has never seen. */
  onQuery(from: string, requestId: number, txids: readonly Uint8Array[]): void {
    const bits = this.snowball.answerQuery(txids);
    const missing: Uint8Array[] = [];
    for (let i = 0; i < txids.length; i++) {
      if ((((bits[i >> 3] as number) >> (i & 7)) & 1) === 1) continue;
      // Only a NO can hide a transaction this node has never seen (the common YES skips the lookups).
      const txid = txids[i] as Uint8Array;
      const hex = this.hexOf(txid);
      if (this.follower.inRecentBlock(hex)) {
        // In a certified block of this chain: settled, so this node prefers it.
        bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
        continue;
      }
      if (this.known.has(hex) || this.fetching.has(hex) || this.snowball.hasTransaction(txid)) continue;
      this.fetching.add(hex);
      missing.push(txid);
    }
    this.transport.send(from, { kind: "reply", requestId, count: txids.length, bits });
    if (missing.length > 0) this.transport.send(from, { kind: "getTxs", txids: missing });
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

/** The mempool's refusals and the kernel's transaction and masternode rules; a DbError is a fault. */
function isTransactionRefusal(error: unknown): boolean {
  return isNodeCoreError(error, "MEMPOOL_") || isNodeCoreError(error, "TX_") || isNodeCoreError(error, "MN_");
}
