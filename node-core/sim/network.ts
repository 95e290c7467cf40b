// The simulated network: point-to-point links between N nodes over virtual time. Each link has the same
// one-way latency plus per-message jitter drawn from the link's own seeded RNG (derived from the run seed
// and the link's ends, so it does not depend on which link is used first), delivers in FIFO order like the
// single TCP connection libp2p keeps per peer. What packet loss does to such a connection is modelled as
// TCP would show it, not as silently vanished messages: with `retransmitRate` a message needs a
// retransmission and arrives `retransmitDelayMs` later (holding back the messages behind it, FIFO); with
// `resetRate` sending a message resets the connection: that message and everything in flight on the
// link, both directions, is dropped, and the link drops what is sent on it until it reconnects
// `reconnectMs` later. Raw loss (`loss`: a message vanishes, the link carries on) is a separate knob.
// Partitions drop every message across their cut while they hold (checked at send and at delivery).
// A crashed node loses what was in flight to or from it: messages carry both ends' "epochs" (incremented
// on crash and on restart) and are dropped when either changed. The receiver learns the sender's index,
// as the noise handshake tells a real node which peer (masternode key) it is talking to.
// Messages travel as bytes: each is encoded at send with the network's wire codec (the wire protocol, in
// the simulation) and decoded at delivery, so what a run proves holds for what the network carries. One
// encoded message (a broadcast, or the same object sent to several peers in a row) is encoded once and
// decoded once, at its first delivery, for all its recipients: decoding is deterministic, so every
// recipient gets exactly what decoding its own copy would give. A message that fails to encode or decode
// is a bug (our encoder and decoder disagree): it is counted, described in wireFailures() and not delivered.
import type { Scheduler } from "../consensus/index.js";
import { SeededRng } from "../consensus/index.js";
import { isNodeCoreError } from "../util/index.js";
import type { PartitionSpec } from "./options.js";

export interface NetworkOptions {
  readonly nodes: number;
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly loss: number;
  /** Probability that a message needs one TCP retransmission (arrives retransmitDelayMs late). */
  readonly retransmitRate?: number;
  readonly retransmitDelayMs?: number;
  /** Probability that sending a message resets its connection (see the header). */
  readonly resetRate?: number;
  readonly reconnectMs?: number;
  readonly partitions: readonly PartitionSpec[];
  /** Seed of the link RNGs. */
  readonly seed: number;
}

/** How messages become bytes and back. */
export interface WireCodec<M> {
  encode(message: M): Uint8Array;
  decode(bytes: Uint8Array): M;
}

export interface NetworkModules<M> {
  readonly clock: { now(): number };
  /** The shared (unscoped) scheduler: deliveries are the network's, not a node's, timers. */
  readonly scheduler: Scheduler;
  /** Label of a message for per-kind counters. */
  readonly kindOf: (message: M) => string;
  readonly wire: WireCodec<M>;
}

export type MessageHandler<M> = (from: number, message: M) => void;

export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  cut: number;
  /** Dropped because an end was down or restarted while the message was in flight. */
  down: number;
  /** Connection resets, and messages they dropped (in flight, the one that reset, or sent while down). */
  resets: number;
  resetDropped: number;
  /** Messages that needed a retransmission. */
  retransmitted: number;
  /** Wire bytes sent, every copy counted. */
  bytes: number;
  /** Messages that failed to encode at send or to decode at delivery (each one a bug). */
  malformed: number;
  readonly byKind: Map<string, number>;
}

/** One encoded message, decoded at most once for all its recipients. */
interface Parcel<M> {
  readonly bytes: Uint8Array;
  decoded: M | undefined;
  failed: boolean;
}

/** Malformed messages described in full; past this only the count grows. */
const MAX_DESCRIBED_FAILURES = 20;

/** Our errors are described with their code; anything else (a bug in a codec) by its message. */
function describeError(error: unknown): string {
  if (isNodeCoreError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

interface CompiledPartition {
  readonly side: Int8Array;
  readonly startMs: number;
  readonly endMs: number;
}

export class SimNetwork<M> {
  readonly stats: NetworkStats = {
    sent: 0,
    delivered: 0,
    lost: 0,
    cut: 0,
    down: 0,
    resets: 0,
    resetDropped: 0,
    retransmitted: 0,
    bytes: 0,
    malformed: 0,
    byKind: new Map(),
  };
  private readonly failures: string[] = [];
  private lastMessage: M | undefined;
  private lastParcel: Parcel<M> | null = null;
  private readonly handlers: (MessageHandler<M> | null)[];
  private readonly up: boolean[];
  private readonly epochs: Uint32Array;
  private readonly linkRngs: (SeededRng | undefined)[];
  private readonly lastDelivery: Float64Array;
  /** Per unordered pair (index lo * n + hi): connection generation, and when it is back after a reset. */
  private readonly connEpochs: Uint32Array;
  private readonly connDownUntil: Float64Array;
  private readonly partitions: CompiledPartition[];

  constructor(
    private readonly opts: NetworkOptions,
    private readonly modules: NetworkModules<M>,
  ) {
    const n = opts.nodes;
    this.handlers = new Array<MessageHandler<M> | null>(n).fill(null);
    this.up = new Array<boolean>(n).fill(true);
    this.epochs = new Uint32Array(n);
    this.linkRngs = new Array<SeededRng | undefined>(n * n);
    this.lastDelivery = new Float64Array(n * n);
    this.connEpochs = new Uint32Array(n * n);
    this.connDownUntil = new Float64Array(n * n);
    this.partitions = opts.partitions.map((p) => {
      // 0: side a, 1: side b, -1: on neither side (reaches everyone).
      const side = new Int8Array(n).fill(-1);
      for (const i of p.a) side[i] = 0;
      for (const i of p.b) side[i] = 1;
      return { side, startMs: p.startMs, endMs: p.endMs };
    });
  }

  get size(): number {
    return this.opts.nodes;
  }

  setHandler(node: number, handler: MessageHandler<M> | null): void {
    this.handlers[node] = handler;
  }

  isUp(node: number): boolean {
    return this.up[node] === true;
  }

  /** Takes the node down: in-flight messages to and from it are lost. */
  crash(node: number): void {
    this.up[node] = false;
    this.epochs[node] = (this.epochs[node] as number) + 1;
  }

  restart(node: number): void {
    this.up[node] = true;
    this.epochs[node] = (this.epochs[node] as number) + 1;
  }

  /** True when a partition separates a and b at virtual time t. */
  isCut(a: number, b: number, t: number): boolean {
    for (const p of this.partitions) {
      if (t < p.startMs || t >= p.endMs) continue;
      const sa = p.side[a] as number;
      const sb = p.side[b] as number;
      if (sa >= 0 && sb >= 0 && sa !== sb) return true;
    }
    return false;
  }

  /** The malformed messages, described (the first few) and counted: each one is a failure of the run. */
  wireFailures(): string[] {
    const out = [...this.failures];
    const more = this.stats.malformed - this.failures.length;
    if (more > 0) out.push(`network: ${more} more malformed messages`);
    return out;
  }

  send(from: number, to: number, message: M): void {
    if (from === to) throw new RangeError("a node does not send messages to itself");
    if (!this.up[from]) return;
    const parcel = this.encode(from, message);
    if (parcel === null) return;
    this.count(message, parcel, 1);
    const now = this.modules.clock.now();
    const at = this.plan(from, to, now);
    if (at < 0) return;
    const fromEpoch = this.epochs[from] as number;
    const toEpoch = this.epochs[to] as number;
    const conn = this.connEpochs[this.pair(from, to)] as number;
    this.modules.scheduler.after(at - now, () => this.deliver(from, fromEpoch, to, toEpoch, conn, parcel));
  }

  /**
   * Sends to every other node (gossip over a full mesh: one hop). Recipients due at the same millisecond
   * share one timer: the same deliveries as one send each, at a fraction of the event-queue cost.
   */
  broadcast(from: number, message: M): void {
    if (!this.up[from]) return;
    const n = this.opts.nodes;
    if (n < 2) return;
    const parcel = this.encode(from, message);
    if (parcel === null) return;
    this.count(message, parcel, n - 1);
    const now = this.modules.clock.now();
    const fromEpoch = this.epochs[from] as number;
    const groups = new Map<number, number[]>();
    for (let to = 0; to < n; to++) {
      if (to === from) continue;
      const at = this.plan(from, to, now);
      if (at < 0) continue;
      const group = groups.get(at);
      if (group === undefined) groups.set(at, [to]);
      else group.push(to);
    }
    for (const [at, recipients] of groups) {
      const epochs = recipients.map((to) => this.epochs[to] as number);
      const conns = recipients.map((to) => this.connEpochs[this.pair(from, to)] as number);
      this.modules.scheduler.after(at - now, () => {
        for (let i = 0; i < recipients.length; i++) {
          const to = recipients[i] as number;
          this.deliver(from, fromEpoch, to, epochs[i] as number, conns[i] as number, parcel);
        }
      });
    }
  }

  /**
   * The message's bytes. The same object sent again right away (push gossip to several peers) reuses its
   * parcel: protocol messages are immutable values, so its encoding cannot have changed.
   */
  private encode(from: number, message: M): Parcel<M> | null {
    if (this.lastParcel !== null && this.lastMessage === message) return this.lastParcel;
    let bytes: Uint8Array;
    try {
      bytes = this.modules.wire.encode(message);
    } catch (error) {
      this.malformed(`node ${from} could not encode a ${this.modules.kindOf(message)} message`, error);
      return null;
    }
    const parcel: Parcel<M> = { bytes, decoded: undefined, failed: false };
    this.lastMessage = message;
    this.lastParcel = parcel;
    return parcel;
  }

  /** The decoded message, or null when its bytes do not decode (counted once per parcel). */
  private open(parcel: Parcel<M>, from: number, to: number): M | null {
    if (parcel.decoded !== undefined) return parcel.decoded;
    if (parcel.failed) return null;
    try {
      parcel.decoded = this.modules.wire.decode(parcel.bytes);
      return parcel.decoded;
    } catch (error) {
      parcel.failed = true;
      this.malformed(`node ${to} could not decode ${parcel.bytes.length} bytes from node ${from}`, error);
      return null;
    }
  }

  private malformed(what: string, error: unknown): void {
    this.stats.malformed++;
    if (this.failures.length < MAX_DESCRIBED_FAILURES)
      this.failures.push(`network: ${what}: ${describeError(error)}`);
  }

  private count(message: M, parcel: Parcel<M>, copies: number): void {
    this.stats.sent += copies;
    this.stats.bytes += parcel.bytes.length * copies;
    const kind = this.modules.kindOf(message);
    this.stats.byKind.set(kind, (this.stats.byKind.get(kind) ?? 0) + copies);
  }

  /** Delivery time of one message on from -> to, or -1 when it is cut or lost (counted). */
  private plan(from: number, to: number, now: number): number {
    if (this.isCut(from, to, now)) {
      this.stats.cut++;
      return -1;
    }
    const link = from * this.opts.nodes + to;
    const rng = this.linkRng(link, from, to);
    const pair = this.pair(from, to);
    if (now < (this.connDownUntil[pair] as number)) {
      this.stats.resetDropped++;
      return -1;
    }
    const resetRate = this.opts.resetRate ?? 0;
    if (resetRate > 0 && rng.float() < resetRate) {
      // Everything in flight on this connection carries the old generation and is dropped at delivery.
      this.connEpochs[pair] = (this.connEpochs[pair] as number) + 1;
      this.connDownUntil[pair] = now + (this.opts.reconnectMs ?? 0);
      this.lastDelivery[link] = 0;
      this.lastDelivery[to * this.opts.nodes + from] = 0;
      this.stats.resets++;
      this.stats.resetDropped++;
      return -1;
    }
    if (this.opts.loss > 0 && rng.float() < this.opts.loss) {
      this.stats.lost++;
      return -1;
    }
    const jitter = this.opts.jitterMs > 0 ? rng.float() * this.opts.jitterMs : 0;
    const retransmitRate = this.opts.retransmitRate ?? 0;
    let extra = 0;
    if (retransmitRate > 0 && rng.float() < retransmitRate) {
      this.stats.retransmitted++;
      extra = this.opts.retransmitDelayMs ?? 0;
    }
    // Whole milliseconds, and FIFO per link like TCP.
    const at = Math.max(
      Math.round(now + this.opts.latencyMs + jitter + extra),
      this.lastDelivery[link] as number,
    );
    this.lastDelivery[link] = at;
    return at;
  }

  /** Index of the connection between a and b (one per unordered pair, like one TCP connection). */
  private pair(a: number, b: number): number {
    return a < b ? a * this.opts.nodes + b : b * this.opts.nodes + a;
  }

  private deliver(
    from: number,
    fromEpoch: number,
    to: number,
    toEpoch: number,
    conn: number,
    parcel: Parcel<M>,
  ): void {
    const stats = this.stats;
    if (this.epochs[from] !== fromEpoch || this.epochs[to] !== toEpoch || !this.up[to]) {
      stats.down++;
      return;
    }
    if (this.connEpochs[this.pair(from, to)] !== conn) {
      stats.resetDropped++;
      return;
    }
    if (this.isCut(from, to, this.modules.clock.now())) {
      stats.cut++;
      return;
    }
    const handler = this.handlers[to];
    if (!handler) {
      stats.down++;
      return;
    }
    const message = this.open(parcel, from, to);
    if (message === null) return;
    stats.delivered++;
    handler(from, message);
  }

  private linkRng(link: number, from: number, to: number): SeededRng {
    let rng = this.linkRngs[link];
    if (rng === undefined) {
      rng = new SeededRng(linkSeed(this.opts.seed, from, to));
      this.linkRngs[link] = rng;
    }
    return rng;
  }
}

/** A 32-bit seed for the link from -> to, mixed from the run seed (murmur3 finalizer steps). */
export function linkSeed(seed: number, from: number, to: number): number {
  let h = (seed ^ 0x5bd1e995) >>> 0;
  for (const v of [from + 1, to + 1]) {
    h = Math.imul(h ^ v, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
