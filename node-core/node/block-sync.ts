// Block range sync: when peers report a tip above ours, ask for the missing heights in ranges, several
// requests in flight at once (pipelined) to the peers the selector picks, and hand the answers to the
// chain follower strictly in height order (the chain service imports one block at a time, in the order
// given). Each answer is checked by the chain as any block is (certificate included), so nothing is taken
// on a peer's word. A request that times out, or comes back empty, counts against its peer and is asked
// again, possibly of another peer; a sync that stops (a restart, a lost peer) resumes from the tip.
import type { Cancel, Clock, Scheduler } from "../consensus/index.js";
import type { CertifiedBlock } from "../types/index.js";
import type { SyncPeerSelector } from "./sync-peers.js";

export interface BlockSyncOptions {
  /** Requests in flight at once (default 4). */
  readonly pipelineDepth?: number;
  /** Blocks per request (within the protocol cap). */
  readonly batchBlocks: number;
  /** A request unanswered after this long is asked again (default 4,000 ms). */
  readonly requestTimeoutMs?: number;
  /** Received batches held above the import point (default 64). */
  readonly maxHeldBatches?: number;
}

export interface BlockSyncModules {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly selector: SyncPeerSelector;
  /** This node's tip height. */
  tipHeight(): bigint;
  /** Sends a range request. */
  request(peer: string, fromHeight: bigint, count: number): void;
  /** Imports blocks (in order; the chain imports them one at a time in this order). */
  importBlocks(from: string, blocks: readonly CertifiedBlock[]): void;
}

interface Request {
  readonly peer: string;
  readonly from: bigint;
  readonly count: number;
  readonly sentAt: number;
  readonly timer: Cancel;
}

export interface BlockSyncStats {
  readonly requestsSent: number;
  readonly answers: number;
  readonly timeouts: number;
  readonly blocksReceived: number;
  readonly inFlight: number;
  readonly targetHeight: string;
}

export class BlockSync {
  private readonly depth: number;
  private readonly batch: number;
  private readonly timeoutMs: number;
  private readonly maxHeld: number;
  private readonly peerHeights = new Map<string, bigint>();
  /** By the first height asked. */
  private readonly inFlight = new Map<bigint, Request>();
  /** Answers above the import point, by first height. */
  private readonly held = new Map<bigint, { from: string; blocks: readonly CertifiedBlock[] }>();
  /** The highest height handed to the importer. */
  private handedUpTo = 0n;
  private lastTip = -1n;
  private lastProgressAt = 0;
  private closed = false;
  private counters = { requestsSent: 0, answers: 0, timeouts: 0, blocksReceived: 0 };

  constructor(
    opts: BlockSyncOptions,
    private readonly modules: BlockSyncModules,
  ) {
    this.depth = opts.pipelineDepth ?? 4;
    this.batch = opts.batchBlocks;
    this.timeoutMs = opts.requestTimeoutMs ?? 4_000;
    this.maxHeld = opts.maxHeldBatches ?? 64;
  }

  /** The highest tip any peer reported. */
  get targetHeight(): bigint {
    let best = this.modules.tipHeight();
    for (const h of this.peerHeights.values()) if (h > best) best = h;
    return best;
  }

  get syncing(): boolean {
    return this.targetHeight > this.modules.tipHeight();
  }

  stats(): BlockSyncStats {
    return { ...this.counters, inFlight: this.inFlight.size, targetHeight: this.targetHeight.toString() };
  }

  /** A peer's tip is at least `height`. */
  onPeerHeight(peer: string, height: bigint): void {
    if (this.closed) return;
    const known = this.peerHeights.get(peer);
    if (known === undefined || height > known) this.peerHeights.set(peer, height);
    this.pump();
  }

  /** A peer is gone: its requests are asked again elsewhere. */
  onPeerGone(peer: string): void {
    this.peerHeights.delete(peer);
    for (const [from, req] of [...this.inFlight]) {
      if (req.peer === peer) {
        req.timer();
        this.inFlight.delete(from);
      }
    }
    this.pump();
  }

  /** Blocks arrived; true when they answer one of our requests (consumed here), false otherwise. */
  onBlocks(peer: string, blocks: readonly CertifiedBlock[]): boolean {
    const first = blocks[0];
    if (first === undefined) {
      // An empty answer: the peer has none of the range it said it had.
      for (const [from, req] of this.inFlight) {
        if (req.peer === peer) {
          this.fail(from, req);
          return true;
        }
      }
      return false;
    }
    const from = first.block.header.height;
    const req = this.inFlight.get(from);
    if (req === undefined || req.peer !== peer) return false;
    req.timer();
    this.inFlight.delete(from);
    this.counters.answers++;
    this.counters.blocksReceived += blocks.length;
    this.modules.selector.success(peer, blocks.length, this.modules.clock.now() - req.sentAt);
    const last = from + BigInt(blocks.length) - 1n;
    const peerHeight = this.peerHeights.get(peer);
    if (peerHeight === undefined || last > peerHeight) this.peerHeights.set(peer, last);
    if (blocks.length < req.count && last + 1n <= this.targetHeight) {
      // A short answer: the rest of the range is asked again.
      this.requeue(last + 1n);
    }
    if (this.held.size < this.maxHeld) this.held.set(from, { from: peer, blocks });
    this.release();
    this.pump();
    return true;
  }

  /** The tip moved (a block was connected). */
  onTip(): void {
    this.pump();
  }

  close(): void {
    this.closed = true;
    for (const req of this.inFlight.values()) req.timer();
    this.inFlight.clear();
    this.held.clear();
    this.modules.selector.save();
  }

  /** Hands held batches to the importer, in order, while they join the import point. */
  private release(): void {
    const tip = this.modules.tipHeight();
    if (this.handedUpTo < tip) this.handedUpTo = tip;
    for (;;) {
      const next = this.handedUpTo + 1n;
      let found: bigint | null = null;
      for (const [from, batch] of this.held) {
        const last = from + BigInt(batch.blocks.length) - 1n;
        if (last < next) {
          this.held.delete(from);
          continue;
        }
        if (from <= next) {
          found = from;
          break;
        }
      }
      if (found === null) return;
      const batch = this.held.get(found) as { from: string; blocks: readonly CertifiedBlock[] };
      this.held.delete(found);
      const fresh = batch.blocks.filter((b) => b.block.header.height >= next);
      this.handedUpTo = (fresh[fresh.length - 1] as CertifiedBlock).block.header.height;
      this.modules.importBlocks(batch.from, fresh);
    }
  }

  private requeue(height: bigint): void {
    if (this.nextFrom === null || height < this.nextFrom) this.nextFrom = height;
  }

  private nextFrom: bigint | null = null;

  private pump(): void {
    if (this.closed) return;
    const tip = this.modules.tipHeight();
    const now = this.modules.clock.now();
    if (tip !== this.lastTip) {
      this.lastTip = tip;
      this.lastProgressAt = now;
    } else if (
      this.handedUpTo > tip &&
      this.inFlight.size === 0 &&
      now - this.lastProgressAt > this.timeoutMs
    ) {
      // Blocks were handed over but the tip did not move: one failed to import (a bad block, a store
      // error). Start again from the tip rather than wait for ever.
      this.handedUpTo = tip;
      this.held.clear();
      this.nextFrom = tip + 1n;
      this.lastProgressAt = now;
    }
    if (this.handedUpTo < tip) this.handedUpTo = tip;
    let from = this.handedUpTo + 1n;
    if (this.nextFrom !== null && this.nextFrom > from) from = this.nextFrom;
    const target = this.targetHeight;
    while (this.inFlight.size < this.depth && from <= target) {
      if (this.inFlight.has(from) || this.isHeld(from)) {
        from += BigInt(this.batch);
        continue;
      }
      const candidates = [...this.peerHeights].filter(([, h]) => h >= from).map(([p]) => p);
      if (candidates.length === 0) break;
      const peer = this.modules.selector.choose(candidates.sort());
      const remaining = target - from + 1n;
      const count = remaining < BigInt(this.batch) ? Number(remaining) : this.batch;
      const start = from;
      const request: Request = {
        peer,
        from: start,
        count,
        sentAt: now,
        timer: this.modules.scheduler.after(this.timeoutMs, () => {
          if (this.inFlight.get(start) === request) this.fail(start, request);
        }),
      };
      this.inFlight.set(start, request);
      this.counters.requestsSent++;
      this.modules.request(peer, start, count);
      from += BigInt(count);
    }
    this.nextFrom = from;
  }

  private isHeld(from: bigint): boolean {
    return this.held.has(from);
  }

  private fail(from: bigint, req: Request): void {
    req.timer();
    this.inFlight.delete(from);
    this.counters.timeouts++;
    this.modules.selector.failure(req.peer);
    this.requeue(from);
    this.pump();
  }
}
