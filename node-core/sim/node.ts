// One simulated masternode: a node built by the real composition root (node/createNode) over a
// MemoryChainBackend, wired to the simulated network instead of libp2p. The backend survives a crash like a
// database would; the node built on it is closed by a crash (its timers cancelled, its mempool and engine
// state lost) and a restart builds a new one on the same backend, which then catches up from its peers'
// certified blocks through the status/getBlocks exchange. What stays here is only what the simulation
// adds: the Byzantine behaviours (they speak through this node's transport), the silent validator (it runs
// no node, only its heartbeats) and the per-node records the metrics read.

import { verifierFromScheme } from "../chain/index.js";
import { blockHash, proposalSigningMessage } from "../codec/index.js";
import type { SeededRng, SignatureScheme, VirtualTime, VrfScheme } from "../consensus/index.js";
import {
  type FinalityStatus,
  resolveSnowballOptions,
  type SnowballOptions,
  type ValidatorWeight,
} from "../consensus/snowball/index.js";
import type { TsdcEngine, TsdcMessage, TsdcOptionsInput } from "../consensus/tsdc/index.js";
import { MemoryChainBackend, type SignatureVerifier } from "../db/index.js";
import { HeartbeatEmitter, type HeartbeatTracker, signHeartbeat } from "../masternodes/index.js";
import {
  assembleProposal,
  createNode,
  type NodeMessage,
  type NodeTransport,
  type TaskRunner,
  type TimeNode,
} from "../node/index.js";
import type { TestKey } from "../testing/index.js";
import type { Block, Hash32, Heartbeat, Transaction } from "../types/index.js";
import { compareBytes, toHex } from "../types/index.js";
import { isNodeCoreError, type Logger, silentLogger } from "../util/index.js";
import { type Adversary, type AdversaryNodeView, partOf } from "./byzantine.js";
import { CpuMeter, costedSignatures, costedVrf, countedVerifier } from "./cpu.js";
import { type AsyncTracker, NodeTimers } from "./driver.js";
import type { SimMessage } from "./messages.js";
import type { MetricsCollector } from "./metrics.js";
import type { SimNetwork } from "./network.js";
import type { SimOptions } from "./options.js";
import type { SimGenesis } from "./scenario.js";
import type { SimCrypto } from "./schemes.js";

/** What every node of a run shares. */
export interface SimContext {
  readonly opts: SimOptions;
  readonly genesis: SimGenesis;
  readonly time: VirtualTime;
  readonly tracker: AsyncTracker;
  readonly network: SimNetwork<SimMessage>;
  readonly metrics: MetricsCollector;
  /** The run's shared schemes; each node charges its own use of them (cpu.ts). */
  readonly crypto: SimCrypto;
  /** Validator id (operator key hex) of node i. */
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly tsdc: TsdcOptionsInput;
  readonly snowball: Partial<SnowballOptions>;
  /** Unexpected errors (an engine or service threw); a healthy run has none. */
  readonly failures: string[];
  /** txid of a transaction object (shared objects travel between nodes; computed once). */
  txid(tx: Transaction): Hash32;
  /** Hex of a txid (decoded txids are fresh arrays, so there is nothing to cache per object). */
  hexOf(txid: Uint8Array): string;
  /** The adaptive adversary's global view: honest up nodes whose Snowball prefers the tx (hex id). */
  honestSupport(txidHex: string): number;
}

/** How much earlier than the asker's deadline a late reply is due to arrive. */
export const LATE_REPLY_MARGIN_MS = 5;

/**
 * How long a late validator holds a reply: the asker's query timeout, less the worst round trip (latency
 * plus jitter each way) and LATE_REPLY_MARGIN_MS, so the reply lands just before the deadline.
 */
export function lateReplyDelayMs(queryTimeoutMs: number, latencyMs: number, jitterMs: number): number {
  return Math.max(0, queryTimeoutMs - 2 * (latencyMs + jitterMs) - LATE_REPLY_MARGIN_MS);
}

/** One life of the node between a (re)start and a crash. */
interface Session {
  alive: boolean;
  readonly timers: NodeTimers;
  readonly rng: SeededRng;
  /** Null while the node is being built, and for a silent validator (it runs none). */
  node: TimeNode | null;
  /** A silent validator's own heartbeats. */
  readonly silentEmitter: HeartbeatEmitter | null;
  /** Snowball queries this node received and has not answered yet (the adversary rewrites the answer). */
  readonly queries: Map<string, readonly Uint8Array[]>;
  handler: ((from: string, message: NodeMessage) => void) | null;
  /** Deliveries waiting for the CPU (see onMessage). */
  readonly inbox: { from: number; message: SimMessage }[];
  inboxScheduled: boolean;
}

function describe(error: unknown): string {
  if (isNodeCoreError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** A logger that turns every error a service reports into a failure of the run, and drops the rest. */
function failingLogger(fail: (what: string, error: unknown) => void): Logger {
  const logger: Logger = {
    ...silentLogger,
    child: () => logger,
    error: (obj: unknown, msg?: string) =>
      fail(msg ?? "error", (obj as { err?: unknown } | null)?.err ?? obj),
    fatal: (obj: unknown, msg?: string) =>
      fail(msg ?? "fatal", (obj as { err?: unknown } | null)?.err ?? obj),
  } as Logger;
  return logger;
}

export class SimNode {
  readonly id: string;
  readonly backend: MemoryChainBackend;
  /** Block hashes of this node's chain (hex), index = height. Survives crashes. */
  readonly chainHashes: string[] = [];
  /** TSDC round of each block of the chain (index = height; genesis 0). */
  readonly chainRounds: number[] = [];
  /** Proposer (operator key hex) of each block of the chain (genesis: empty). */
  readonly chainProposers: string[] = [];
  /** Equivocations recorded by this node's TSDC engines over all sessions. */
  evidence = 0;
  /** This node's virtual CPU (cpu.ts): crypto costs, and messages queued behind them. */
  readonly cpu: CpuMeter;
  /** Messages that had to wait for the CPU to be free. */
  queuedByCpu = 0;
  private readonly signatures: SignatureScheme;
  private readonly vrf: VrfScheme;
  private readonly verifier: SignatureVerifier;
  private session: Session | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly ctx: SimContext,
    readonly index: number,
    private readonly key: TestKey,
    private readonly rng: SeededRng,
    readonly adversary: Adversary | null,
  ) {
    this.id = ctx.ids[index] as string;
    this.cpu = new CpuMeter(ctx.opts.cpuCosts, ctx.time);
    this.signatures = costedSignatures(ctx.crypto.signatures, this.cpu);
    this.vrf = costedVrf(ctx.crypto.vrf, this.cpu);
    this.verifier = countedVerifier(verifierFromScheme(this.signatures), this.cpu);
    this.backend = new MemoryChainBackend(
      { params: ctx.genesis.params, genesisHash: ctx.genesis.hash },
      { verifier: this.verifier },
    );
    this.logger = failingLogger((what, error) => this.fail(what, error));
    this.chainHashes.push(toHex(ctx.genesis.hash));
    this.chainRounds.push(0);
    this.chainProposers.push("");
  }

  get honest(): boolean {
    return this.adversary === null;
  }

  get up(): boolean {
    return this.session?.alive === true;
  }

  get tipHeight(): bigint {
    return this.backend.getTip()?.height ?? 0n;
  }

  get tipHashHex(): string {
    const tip = this.backend.getTip();
    return tip ? toHex(tip.hash) : toHex(this.ctx.genesis.hash);
  }

  private get silent(): boolean {
    return this.adversary?.silent === true;
  }

  private fail(what: string, error: unknown): void {
    this.ctx.failures.push(`node ${this.index}: ${what}: ${describe(error)}`);
  }

  // ---- lifecycle ------------------------------------------------------------------------------------

  /** First start: builds the node (which connects genesis), then starts it. */
  boot(): void {
    this.session = this.startSession(false);
  }

  crash(): void {
    const s = this.session;
    if (s === null || !s.alive) return;
    s.alive = false;
    this.collectEvidence(s);
    s.silentEmitter?.stop();
    s.timers.kill();
    this.ctx.network.crash(this.index);
    const node = s.node;
    if (node !== null) this.ctx.tracker.track(this.index, node.close(), () => {});
  }

  restart(): void {
    if (this.up) return;
    this.ctx.network.restart(this.index);
    this.cpu.reset();
    this.session = this.startSession(true);
  }

  /** Call at the end of a run: counts evidence of the live session. */
  finish(): void {
    if (this.session?.alive) this.collectEvidence(this.session);
  }

  private collectEvidence(s: Session): void {
    const tsdc = s.node?.services.tsdc;
    if (tsdc) this.evidence += tsdc.evidence().length + tsdc.stats().evidenceDropped;
  }

  private startSession(restarted: boolean): Session {
    const ctx = this.ctx;
    const timers = new NodeTimers(ctx.time);
    const rng = this.rng.fork();
    const s: Session = {
      alive: true,
      timers,
      rng,
      node: null,
      silentEmitter: this.silent ? this.silentHeartbeats(timers) : null,
      queries: new Map(),
      handler: null,
      inbox: [],
      inboxScheduled: false,
    };
    if (s.silentEmitter !== null) {
      s.silentEmitter.start();
      return s;
    }
    this.ctx.tracker.track(
      this.index,
      createNode(
        {
          params: ctx.genesis.params,
          genesis: {
            block: ctx.genesis.block,
            hash: ctx.genesis.hash,
            treasuryAddress: ctx.genesis.treasuryAddress,
          },
          operator: { publicKey: this.key.publicKey, secret: this.key.seed },
          tsdc: ctx.tsdc,
          snowball: ctx.snowball,
          gossipFanout: ctx.opts.gossipFanout,
          statusIntervalMs: ctx.opts.statusIntervalMs,
        },
        {
          backend: this.backend,
          clock: timers,
          scheduler: timers,
          rng,
          signatures: this.signatures,
          vrf: this.vrf,
          verifier: this.verifier,
          transport: this.transport(s),
          tasks: this.tasks(),
          logger: this.logger,
          txid: (tx) => ctx.txid(tx),
          hexOf: (txid) => ctx.hexOf(txid),
          ...(ctx.opts.snowballRoster === "heartbeat-active"
            ? { snowballValidators: activeRoster(timers) }
            : {}),
        },
      ),
      (node) => {
        if (!s.alive) {
          this.ctx.tracker.track(this.index, node.close(), () => {});
          return;
        }
        s.node = node;
        this.observe(s, node);
        node.start();
        // Catch up: tell a few peers where our chain ends; those ahead send the blocks.
        if (restarted) node.announce(3);
      },
      (error) => this.fail(restarted ? "restart" : "boot", error),
    );
    return s;
  }

  /** The records the metrics read, from the node's events. */
  private observe(s: Session, node: TimeNode): void {
    const { metrics, time } = this.ctx;
    node.events.on("chain:block", ({ certified, effects }) => {
      this.chainHashes.push(toHex(effects.blockHash));
      this.chainRounds.push(certified.block.header.round);
      this.chainProposers.push(toHex(certified.block.header.proposerPublicKey));
      const now = time.now();
      for (let i = 1; i < effects.txids.length; i++) {
        metrics.inBlock(this.index, toHex(effects.txids[i] as Hash32), now);
      }
    });
    node.events.on("node:txSeen", ({ txid }) => metrics.seen(this.index, txid, s.timers.now()));
    node.events.on("snowball:final", ({ txid, status }) =>
      metrics.snowballFinal(this.index, toHex(txid), s.timers.now(), status.polls),
    );
    node.events.on("snowball:rejected", ({ txid }) =>
      metrics.snowballRejected(this.index, toHex(txid), s.timers.now()),
    );
    // Faults reach the run's failures through the logger (failingLogger), which the node logs them to.
  }

  /** A silent validator only keeps its heartbeats going (so it looks alive and keeps being sampled). */
  private silentHeartbeats(timers: NodeTimers): HeartbeatEmitter {
    const params = this.ctx.genesis.params;
    return new HeartbeatEmitter(
      {},
      {
        clock: timers,
        scheduler: timers,
        signatures: this.signatures,
        chainId: params.chainId,
        operatorSecret: this.key.seed,
        operatorPublicKey: this.key.publicKey,
        height: () => this.tipHeight,
        publish: (hb) => this.ctx.network.broadcast(this.index, { kind: "heartbeat", heartbeat: hb }),
      },
    );
  }

  /** Node promises settle at the virtual instant they started (driver.ts). */
  private tasks(): TaskRunner {
    const { tracker } = this.ctx;
    const index = this.index;
    return {
      track: (promise, then, onError) =>
        tracker.track(index, promise, then, onError ?? ((error) => this.fail("task", error))),
      wrap: (promise) => new Promise((resolve, reject) => tracker.track(index, promise, resolve, reject)),
    };
  }

  /**
   * The node's transport over the simulated network. A Byzantine node's engines run honestly; its
   * adversary rewrites what it says here: its TSDC broadcasts and its answers to Snowball queries.
   */
  private transport(s: Session): NodeTransport {
    const { network, ids, indexOf } = this.ctx;
    return {
      peers: () => ids,
      send: (peer, message) => {
        const to = indexOf.get(peer);
        if (to === undefined) return;
        if (this.adversary !== null && message.kind === "reply") {
          const key = `${peer}:${message.requestId}`;
          const txids = s.queries.get(key);
          s.queries.delete(key);
          if (txids !== undefined) {
            const bits = this.adversary.answer(this.adversaryView(s), to, txids);
            const reply = { ...message, bits };
            const delay = this.adversary.late ? this.lateReplyDelay() : 0;
            if (delay <= 0) network.send(this.index, to, reply);
            else s.timers.after(delay, () => network.send(this.index, to, reply));
            return;
          }
        }
        network.send(this.index, to, message);
      },
      broadcast: (message) => {
        if (this.adversary !== null && message.kind === "tsdc") {
          this.adversary.outgoing(this.adversaryView(s), message.message);
          return;
        }
        network.broadcast(this.index, message);
      },
      onMessage: (handler) => {
        s.handler = handler;
        return () => {
          if (s.handler === handler) s.handler = null;
        };
      },
    };
  }

  // ---- network --------------------------------------------------------------------------------------

  /**
   * A delivery. While the node's CPU is busy (or earlier messages still wait) it queues, FIFO; one
   * queued message is handled per task, so the costs its handling charges (synchronously or in the async
   * work the driver drains after the task) hold back the next one.
   */
  onMessage(from: number, message: SimMessage): void {
    const s = this.session;
    if (s === null || !s.alive || s.handler === null) return;
    if (s.inbox.length > 0 || this.cpu.busyUntil > this.ctx.time.now()) {
      this.queuedByCpu++;
      s.inbox.push({ from, message });
      this.scheduleInbox(s);
      return;
    }
    this.handle(s, from, message);
  }

  private scheduleInbox(s: Session): void {
    if (s.inboxScheduled) return;
    s.inboxScheduled = true;
    const wait = Math.max(0, Math.ceil(this.cpu.busyUntil - this.ctx.time.now()));
    s.timers.after(wait, () => {
      s.inboxScheduled = false;
      if (!s.alive) return;
      if (this.cpu.busyUntil > this.ctx.time.now()) {
        this.scheduleInbox(s);
        return;
      }
      const next = s.inbox.shift();
      if (next !== undefined) this.handle(s, next.from, next.message);
      if (s.inbox.length > 0) this.scheduleInbox(s);
    });
  }

  private handle(s: Session, from: number, message: SimMessage): void {
    if (s.handler === null) return;
    const peer = this.ctx.ids[from] as string;
    if (this.adversary !== null) {
      if (message.kind === "tsdc") this.adversary.observe(message.message);
      else if (message.kind === "query") s.queries.set(`${peer}:${message.requestId}`, message.txids);
    }
    s.handler(peer, message);
  }

  private lateReplyDelay(): number {
    const { opts } = this.ctx;
    const timeout = resolveSnowballOptions(this.ctx.snowball).queryTimeoutMs;
    return lateReplyDelayMs(timeout, opts.latencyMs, opts.jitterMs);
  }

  /**
   * The double-spender originates conflicting transactions: member j (by txid) of the conflict goes to
   * the j-th slice of the node indices (partOf), so each part of the network first sees its own side.
   */
  originateConflict(members: readonly { tx: Transaction; txidHex: string }[]): void {
    if (!this.up) return;
    const sorted = [...members].sort((a, b) => (a.txidHex < b.txidHex ? -1 : 1));
    const n = this.ctx.network.size;
    for (let peer = 0; peer < n; peer++) {
      if (peer === this.index) continue;
      const member = sorted[partOf(peer, sorted.length, n)] as { tx: Transaction };
      this.ctx.network.send(this.index, peer, { kind: "txs", txs: [member.tx] });
    }
  }

  /** Whether this node's Snowball currently prefers the transaction (its honest answer to a query). */
  prefers(txid: Uint8Array): boolean {
    const snowball = this.session?.alive ? this.session.node?.services.snowball : undefined;
    if (snowball === undefined) return false;
    return ((snowball.answerQuery([txid])[0] as number) & 1) === 1;
  }

  /** A client hands this node a transaction (the workload). */
  submit(tx: Transaction): void {
    const node = this.session?.alive ? this.session.node : null;
    if (node !== null && node !== undefined) node.submit(tx);
  }

  private adversaryView(s: Session): AdversaryNodeView {
    const ctx = this.ctx;
    const params = ctx.genesis.params;
    const services = s.node?.services;
    return {
      index: this.index,
      nodes: ctx.network.size,
      chainId: params.chainId,
      operatorSecret: this.key.seed,
      operatorPublicKey: this.key.publicKey,
      signatures: this.signatures,
      honestBits: (txids) => services?.snowball.answerQuery(txids) ?? new Uint8Array((txids.length + 7) >> 3),
      knows: (txid) => services?.snowball.hasTransaction(txid) ?? false,
      conflictsOf: (hex) => services?.mempool.conflictsOf(hex) ?? [],
      honestSupport: (hex) => ctx.honestSupport(hex),
      send: (to, message: TsdcMessage) => ctx.network.send(this.index, to, { kind: "tsdc", message }),
      broadcast: (message: TsdcMessage) => ctx.network.broadcast(this.index, { kind: "tsdc", message }),
      alternateBlock: (block) => this.alternateBlock(s, block),
      signProposal: (block) =>
        this.signatures.sign(
          this.key.seed,
          proposalSigningMessage(params.chainId, blockHash(block.header), -1),
        ),
    };
  }

  /**
   * An equivocating proposer's second block: the same transactions, but carrying a freshly signed heartbeat
   * of its own (another sequence number), so the block differs and is still valid.
   */
  private alternateBlock(s: Session, block: Block): Block | null {
    const inputs = s.node?.services.proposer?.lastBuiltInputs(block) ?? null;
    if (inputs === null) return null;
    const now = BigInt(Math.floor(s.timers.now()));
    const own: Heartbeat = signHeartbeat(this.signatures, this.ctx.genesis.params.chainId, this.key.seed, {
      operatorPublicKey: this.key.publicKey,
      height: this.tipHeight,
      timestamp: now,
      sequence: now * 1_000n + BigInt(s.rng.int(1_000)) + 1n,
    });
    const heartbeats = [
      ...inputs.heartbeats.filter((hb) => compareBytes(hb.operatorPublicKey, this.key.publicKey) !== 0),
      own,
    ].sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey));
    return assembleProposal({ ...inputs, heartbeats });
  }

  /** For tests: this node's Snowball status of a transaction. */
  finality(txid: Uint8Array): FinalityStatus | undefined {
    return this.session?.node?.services.snowball.status(txid);
  }

  /** For tests: the TSDC engine of the live session. */
  get engine(): TsdcEngine | null {
    return this.session?.alive ? (this.session.node?.services.tsdc ?? null) : null;
  }
}

/**
 * "heartbeat-active": Snowball polls only the validators this node heard a heartbeat from, as the issue
 * first described. UNSAFE under partitions: each side sees only itself as active, so each side's polls
 * reach alpha/k of what it polls and both sides finalize their own half of a double spend (reproduce with
 * --roster active --partition 2/3@0-3000).
 */
function activeRoster(timers: NodeTimers) {
  let cache: { key: string; list: readonly ValidatorWeight[] } | null = null;
  let version = 0;
  let lastSize = -1;
  return (view: {
    tipHeight: bigint;
    votingSet: Parameters<HeartbeatTracker["activeValidators"]>[0];
    heartbeats: HeartbeatTracker;
  }): readonly ValidatorWeight[] => {
    const recent = view.heartbeats.recentHeartbeats().length;
    if (recent !== lastSize) {
      lastSize = recent;
      version++;
    }
    const key = `${version}:${view.tipHeight}:${Math.floor(timers.now() / 1_000)}`;
    if (cache?.key !== key) cache = { key, list: view.heartbeats.activeValidators(view.votingSet) };
    return cache.list;
  };
}
