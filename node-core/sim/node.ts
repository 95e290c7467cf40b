// One simulated masternode: the SAME services the real node runs — Snowball, TsdcEngine, Mempool,
// ChainService over a MemoryChainBackend, HeartbeatTracker and HeartbeatEmitter — wired to the simulated
// network instead of libp2p. The chain (backend, and this node's mirror of its tip state) survives a crash
// like a database would; everything else lives in a Session that a crash throws away (timers cancelled,
// mempool and engine state lost) and a restart rebuilds, after which the node catches up from its peers'
// certified blocks through the status/getBlocks exchange.

import type { SignatureVerifier } from "../chain/index.js";
import { ChainError, ChainService, MemoryChainBackend } from "../chain/index.js";
import { blockHash, proposalSigningMessage } from "../codec/index.js";
import type { SeededRng } from "../consensus/runtime.js";
import {
  type FinalityStatus,
  Snowball,
  type SnowballOptions,
  type ValidatorWeight,
} from "../consensus/snowball/index.js";
import {
  type BuildBlockParams,
  TsdcEngine,
  type TsdcMessage,
  type TsdcOptionsInput,
  verifyCertificate,
  verifyProposerProof,
} from "../consensus/tsdc/index.js";
import type { VirtualTime } from "../consensus/virtual-time.js";
import type { BlockEffects } from "../kernel/effects.js";
import { applyEffects, MapStateView } from "../kernel/index.js";
import {
  checkBlockHeartbeats,
  computeReward,
  HeartbeatEmitter,
  HeartbeatTracker,
  type RegistrySnapshot,
  registryAt,
  selectHeartbeatsForBlock,
  signHeartbeat,
  type VotingSet,
} from "../masternodes/index.js";
import { Mempool, MempoolError } from "../mempool/index.js";
import { PROTOCOL_VERSION } from "../network/index.js";
import type { TestKey } from "../testing/test-chain.js";
import { compareBytes, toHex } from "../types/bytes.js";
import type { Block, Certificate, CertifiedBlock, Hash32, Heartbeat, Transaction } from "../types/chain.js";
import {
  type AssembleInputs,
  assembleProposal,
  checkCandidate,
  EMPTY_SELECTION,
  type Selection,
} from "./block-builder.js";
import type { Adversary, AdversaryNodeView } from "./byzantine.js";
import { type AsyncTracker, NodeTimers } from "./driver.js";
import { MAX_BLOCKS_PER_MESSAGE, type SimMessage } from "./messages.js";
import type { MetricsCollector } from "./metrics.js";
import type { SimNetwork } from "./network.js";
import type { SimOptions } from "./options.js";
import type { SimGenesis } from "./scenario.js";
import type { SimCrypto } from "./schemes.js";

/** What every node of a run shares. */
export interface SimContext {
  readonly opts: SimOptions;
  readonly genesis: SimGenesis;
  /** Post-genesis state, cloned into each node's tip mirror. */
  readonly genesisState: MapStateView;
  readonly time: VirtualTime;
  readonly tracker: AsyncTracker;
  readonly network: SimNetwork<SimMessage>;
  readonly metrics: MetricsCollector;
  readonly crypto: SimCrypto;
  readonly verifier: SignatureVerifier;
  /** Validator id (operator key hex) of node i. */
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly tsdc: TsdcOptionsInput;
  readonly snowball: Partial<SnowballOptions>;
  /** Unexpected errors (an engine or service threw); a healthy run has none. */
  readonly failures: string[];
  /** txid of a transaction object (shared objects travel between nodes; computed once). */
  txid(tx: Transaction): Hash32;
  /** Hex of a txid object, cached per object (queries carry the same arrays again and again). */
  hexOf(txid: Uint8Array): string;
}

interface Session {
  alive: boolean;
  readonly timers: NodeTimers;
  readonly rng: SeededRng;
  readonly mempool: Mempool | null;
  readonly chain: ChainService | null;
  readonly snowball: Snowball | null;
  readonly tsdc: TsdcEngine | null;
  readonly heartbeats: HeartbeatTracker;
  readonly emitter: HeartbeatEmitter;
  /** txids accepted or being admitted (never re-admitted in this session). */
  readonly known: Set<string>;
  /** txids asked for with getTxs. */
  readonly fetching: Set<string>;
  selection: Selection;
  selectionTip: bigint;
  selectionSeq: number;
  selectionApplied: number;
  selectionRunning: boolean;
  selectionDirty: boolean;
  heartbeatVersion: number;
  activeCache: { key: string; list: readonly ValidatorWeight[] } | null;
  /** The inputs of the last block this node built (for an equivocating proposer's twin). */
  lastBuilt: { hex: string; inputs: AssembleInputs } | null;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${error.message}` : `${error.name}: ${error.message}`;
  }
  return String(error);
}

function cloneState(source: MapStateView): MapStateView {
  const copy = new MapStateView();
  for (const utxo of source.utxos.values()) copy.setUtxo(utxo.outpoint, utxo.entry);
  for (const record of source.masternodes.values()) copy.setMasternode(record);
  return copy;
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
  /** Workload and other txids in this node's chain. */
  readonly chainTxids = new Set<string>();
  /** Equivocations recorded by this node's TSDC engines over all sessions. */
  evidence = 0;
  private readonly view: MapStateView;
  private tip: CertifiedBlock;
  private tipHash: Hash32;
  private registry: RegistrySnapshot;
  private readonly votingSets = new Map<bigint, VotingSet>();
  private session: Session | null = null;

  constructor(
    private readonly ctx: SimContext,
    readonly index: number,
    private readonly key: TestKey,
    private readonly rng: SeededRng,
    readonly adversary: Adversary | null,
  ) {
    this.id = ctx.ids[index] as string;
    this.backend = new MemoryChainBackend(
      { params: ctx.genesis.params, genesisHash: ctx.genesis.hash },
      { verifier: ctx.verifier },
    );
    this.view = cloneState(ctx.genesisState);
    this.tip = { block: ctx.genesis.block, certificate: null };
    this.tipHash = ctx.genesis.hash;
    this.registry = registryAt(this.view.masternodes.values());
    this.votingSets.set(1n, this.registry.votingSet);
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
    return this.tip.block.header.height;
  }

  get tipHashHex(): string {
    return toHex(this.tipHash);
  }

  private get silent(): boolean {
    return this.adversary?.silent === true;
  }

  private fail(what: string, error: unknown): void {
    this.ctx.failures.push(`node ${this.index}: ${what}: ${describe(error)}`);
  }

  // ---- lifecycle ------------------------------------------------------------------------------------

  /** First start: connects genesis (through ChainService.init), then starts the session. */
  boot(): void {
    const session = this.newSession();
    this.session = session;
    if (session.chain === null) {
      this.startSession(session);
      return;
    }
    this.ctx.tracker.track(
      this.index,
      session.chain.init(),
      () => this.startSession(session),
      (error) => this.fail("genesis", error),
    );
  }

  crash(): void {
    const s = this.session;
    if (s === null || !s.alive) return;
    s.alive = false;
    this.collectEvidence(s);
    s.snowball?.stop();
    s.tsdc?.stop();
    s.emitter.stop();
    s.timers.kill();
    this.ctx.network.crash(this.index);
  }

  restart(): void {
    if (this.up) return;
    this.ctx.network.restart(this.index);
    const session = this.newSession();
    this.session = session;
    this.startSession(session);
    // Catch up: tell a few peers where our chain ends; those ahead send the blocks.
    for (let i = 0; i < 3; i++) this.sendStatus(session);
  }

  /** Call at the end of a run: counts evidence of the live session. */
  finish(): void {
    if (this.session?.alive) this.collectEvidence(this.session);
  }

  private collectEvidence(s: Session): void {
    if (s.tsdc) this.evidence += s.tsdc.evidence().length + s.tsdc.stats().evidenceDropped;
  }

  private newSession(): Session {
    const ctx = this.ctx;
    const params = ctx.genesis.params;
    const timers = new NodeTimers(ctx.time);
    const rng = this.rng.fork();
    const signatures = ctx.crypto.signatures;
    const silent = this.silent;
    const mempool = silent
      ? null
      : new Mempool({}, { backend: this.backend, params, clock: timers, verifier: ctx.verifier });
    const chain =
      mempool === null
        ? null
        : new ChainService(
            { params, genesis: ctx.genesis.block, treasuryAddress: ctx.genesis.treasuryAddress },
            {
              backend: this.backend,
              mempool,
              signatures,
              vrf: ctx.crypto.vrf,
              verifyCertificate,
              verifyProposerProof,
              checkBlockHeartbeats,
              computeReward,
            },
          );
    const heartbeats = new HeartbeatTracker(
      {},
      {
        clock: timers,
        signatures,
        chainId: params.chainId,
        isRegistered: (id) => this.registry.operators.has(id),
      },
    );
    // Sessions are created and used only through this object; `s` is filled in right below.
    const s = {} as Session;
    const emitter = new HeartbeatEmitter(
      {},
      {
        clock: timers,
        scheduler: timers,
        signatures,
        chainId: params.chainId,
        operatorSecret: this.key.seed,
        operatorPublicKey: this.key.publicKey,
        height: () => this.tipHeight,
        publish: (hb) => {
          if (heartbeats.record(hb) === "accepted") s.heartbeatVersion++;
          ctx.network.broadcast(this.index, { kind: "heartbeat", heartbeat: hb });
        },
      },
    );
    const snowball = silent
      ? null
      : new Snowball(ctx.snowball, {
          clock: timers,
          scheduler: timers,
          rng: rng.fork(),
          outbox: {
            sendQuery: (peerId, requestId, txids) => {
              const to = ctx.indexOf.get(peerId);
              if (to !== undefined) ctx.network.send(this.index, to, { kind: "query", requestId, txids });
            },
          },
          validators: () => this.snowballRoster(s),
          selfId: this.id,
        });
    const tsdc = silent
      ? null
      : new TsdcEngine(ctx.tsdc, {
          clock: timers,
          scheduler: timers,
          signatures,
          vrf: ctx.crypto.vrf,
          outbox: {
            broadcast: (message) => {
              if (this.adversary) this.adversary.outgoing(this.adversaryView(s), message);
              else ctx.network.broadcast(this.index, { kind: "tsdc", message });
            },
          },
          self: { id: this.id, secret: this.key.seed },
          votingSet: (height) => this.votingSetFor(height),
          tip: () => ({
            height: this.tipHeight,
            hash: this.tipHash,
            timestamp: this.tip.block.header.timestamp,
          }),
          buildBlock: (p) => this.buildBlock(s, p),
          validateBlock: (block) => this.validateBlock(s, block),
          onCommit: (block, certificate) => this.onCommit(s, block, certificate),
        });
    Object.assign(s, {
      alive: true,
      timers,
      rng,
      mempool,
      chain,
      snowball,
      tsdc,
      heartbeats,
      emitter,
      known: new Set<string>(),
      fetching: new Set<string>(),
      selection: EMPTY_SELECTION,
      selectionTip: -1n,
      selectionSeq: 0,
      selectionApplied: 0,
      selectionRunning: false,
      selectionDirty: false,
      heartbeatVersion: 0,
      activeCache: null,
      lastBuilt: null,
    } satisfies Session);
    if (chain !== null) chain.onBlock((certified, effects) => this.onBlockConnected(certified, effects));
    if (snowball !== null && mempool !== null) {
      snowball.onFinal((txid, status) => {
        const hex = toHex(txid);
        ctx.metrics.snowballFinal(this.index, hex, timers.now(), status.polls);
        if (!s.alive) return;
        try {
          mempool.markFinal(hex);
        } catch (error) {
          // Already taken out of the pool by a block: nothing to mark.
          if (!(error instanceof MempoolError && error.code === "MEMPOOL_UNKNOWN_TX")) {
            this.fail("markFinal", error);
          }
        }
      });
      snowball.onRejected((txid) => {
        const hex = toHex(txid);
        ctx.metrics.snowballRejected(this.index, hex, timers.now());
        if (s.alive) mempool.markRejected(hex);
      });
    }
    if (tsdc !== null) {
      // The block selection is needed when this node may propose: fresh at every round start (the
      // proposal is built a candidacy window later), and after every import (afterImport).
      tsdc.on("roundStarted", () => this.refreshSelection(s));
      tsdc.on("peerBehind", ({ peerId, height }) => {
        const peer = ctx.indexOf.get(peerId);
        if (peer !== undefined && s.alive) this.sendBlocks(s, peer, height);
      });
    }
    return s;
  }

  private startSession(s: Session): void {
    if (!s.alive) return;
    s.emitter.start();
    if (this.silent) return;
    s.snowball?.start();
    s.tsdc?.start();
    this.refreshSelection(s);
    const period = this.ctx.opts.statusIntervalMs;
    const tick = (): void => {
      if (!s.alive) return;
      this.sendStatus(s);
      s.timers.after(period, tick);
    };
    s.timers.after(period * (0.5 + s.rng.float()), tick);
  }

  // ---- chain ----------------------------------------------------------------------------------------

  /** The ChainService connected a block: keep the tip mirror, registry and metrics in step (persistent). */
  private onBlockConnected(certified: CertifiedBlock, effects: BlockEffects): void {
    applyEffects(this.view, effects);
    this.tip = certified;
    this.tipHash = effects.blockHash;
    this.chainHashes.push(toHex(effects.blockHash));
    this.chainRounds.push(certified.block.header.round);
    this.chainProposers.push(toHex(certified.block.header.proposerPublicKey));
    if (effects.masternodes.length > 0) this.registry = registryAt(this.view.masternodes.values());
    this.votingSets.set(effects.height + 1n, this.registry.votingSet);
    for (const h of [...this.votingSets.keys()]) if (h + 4n < effects.height) this.votingSets.delete(h);
    const now = this.ctx.time.now();
    for (let i = 1; i < effects.txids.length; i++) {
      const hex = toHex(effects.txids[i] as Hash32);
      this.chainTxids.add(hex);
      this.ctx.metrics.inBlock(this.index, hex, now);
    }
  }

  private votingSetFor(height: bigint): VotingSet {
    return this.votingSets.get(height) ?? this.registry.votingSet;
  }

  /** Imports a certified block; on success the engines move to the next height. */
  private importCertified(s: Session, certified: CertifiedBlock, gossip: boolean): void {
    const chain = s.chain;
    if (chain === null) return;
    this.ctx.tracker.track(
      this.index,
      chain.importBlock(certified),
      () => {
        if (!s.alive) return;
        if (gossip) this.pushToPeers(s, { kind: "block", block: certified }, -1);
        this.afterImport(s);
      },
      (error) => {
        if (
          error instanceof ChainError &&
          (error.code === "CHAIN_KNOWN_BLOCK" || error.code === "CHAIN_NOT_CHILD_OF_TIP")
        ) {
          return;
        }
        this.fail(`import of block ${certified.block.header.height}`, error);
      },
    );
  }

  /** After a new tip: a fresh block selection for it, then TSDC moves to the next height. */
  private afterImport(s: Session): void {
    const mempool = s.mempool;
    if (mempool === null) return;
    const seq = ++s.selectionSeq;
    const tipHeight = this.tipHeight;
    this.ctx.tracker.track(
      this.index,
      mempool.selectForBlock({}),
      (selection) => {
        if (!s.alive) return;
        this.applySelection(s, seq, tipHeight, selection);
        s.tsdc?.newHeight();
      },
      (error) => this.fail("selectForBlock", error),
    );
  }

  private applySelection(s: Session, seq: number, tipHeight: bigint, selection: Selection): void {
    if (seq < s.selectionApplied || tipHeight !== this.tipHeight) return;
    s.selectionApplied = seq;
    s.selection = selection;
    s.selectionTip = tipHeight;
  }

  /** Recomputes the block selection (coalesced: at most one in flight, one more queued). */
  private refreshSelection(s: Session): void {
    const mempool = s.mempool;
    if (mempool === null || !s.alive) return;
    if (s.selectionRunning) {
      s.selectionDirty = true;
      return;
    }
    s.selectionRunning = true;
    const seq = ++s.selectionSeq;
    const tipHeight = this.tipHeight;
    this.ctx.tracker.track(
      this.index,
      mempool.selectForBlock({}),
      (selection) => {
        s.selectionRunning = false;
        if (!s.alive) return;
        this.applySelection(s, seq, tipHeight, selection);
        if (s.selectionDirty) {
          s.selectionDirty = false;
          this.refreshSelection(s);
        }
      },
      (error) => {
        s.selectionRunning = false;
        this.fail("selectForBlock", error);
      },
    );
  }

  private onCommit(s: Session, block: Block, certificate: Certificate): void {
    if (!s.alive) return;
    this.importCertified(s, { block, certificate }, true);
  }

  private buildBlock(s: Session, p: BuildBlockParams): Block {
    const registry = this.registry;
    const proposer = registry.operators.get(toHex(p.proposerPublicKey));
    const previousCertificate = this.tip.certificate;
    const heartbeats = selectHeartbeatsForBlock(s.heartbeats.recentHeartbeats(), {
      params: this.ctx.genesis.params,
      parentHeight: this.tipHeight,
      registeredOperators: registry.operators,
      previousCertificate,
      reservedAddresses: [this.ctx.genesis.treasuryAddress, ...(proposer ? [proposer.payoutAddress] : [])],
    });
    const inputs: AssembleInputs = {
      params: this.ctx.genesis.params,
      registry,
      previousCertificate,
      selection: s.selectionTip === this.tipHeight ? s.selection : EMPTY_SELECTION,
      heartbeats,
      treasuryAddress: this.ctx.genesis.treasuryAddress,
      header: p,
    };
    const block = assembleProposal(inputs);
    s.lastBuilt = { hex: toHex(blockHash(block.header)), inputs };
    return block;
  }

  private validateBlock(s: Session, block: Block): string | null {
    return checkCandidate(block, {
      params: this.ctx.genesis.params,
      view: this.view,
      tip: { hash: this.tipHash, height: this.tipHeight },
      registry: this.registry,
      treasuryAddress: this.ctx.genesis.treasuryAddress,
      signatures: this.ctx.crypto.signatures,
      finalizedSpends: s.mempool?.finalizedSpends() ?? new Map(),
    });
  }

  /** Sends up to MAX_BLOCKS_PER_MESSAGE certified blocks from `fromHeight` on to `peer`. */
  private sendBlocks(s: Session, peer: number, fromHeight: bigint): void {
    const top = this.tipHeight;
    if (fromHeight < 1n || fromHeight > top) return;
    const last =
      fromHeight + BigInt(MAX_BLOCKS_PER_MESSAGE - 1) < top
        ? fromHeight + BigInt(MAX_BLOCKS_PER_MESSAGE - 1)
        : top;
    const reads: Promise<CertifiedBlock | null>[] = [];
    for (let h = fromHeight; h <= last; h++) reads.push(this.backend.getBlockByHeight(h));
    this.ctx.tracker.track(
      this.index,
      Promise.all(reads),
      (blocks) => {
        if (!s.alive) return;
        const found = blocks.filter((b): b is CertifiedBlock => b !== null);
        if (found.length > 0) this.ctx.network.send(this.index, peer, { kind: "blocks", blocks: found });
      },
      (error) => this.fail("read blocks", error),
    );
  }

  private sendStatus(s: Session): void {
    const n = this.ctx.network.size;
    if (n < 2 || !s.alive) return;
    let peer = s.rng.int(n - 1);
    if (peer >= this.index) peer++;
    this.ctx.network.send(this.index, peer, {
      kind: "status",
      protocolVersion: PROTOCOL_VERSION,
      chainId: this.ctx.genesis.params.chainId,
      genesisHash: this.ctx.genesis.hash,
      height: this.tipHeight,
      tipHash: this.tipHash,
    });
  }

  private onBlocks(s: Session, from: number, blocks: readonly CertifiedBlock[]): void {
    const first = blocks[0];
    if (first === undefined) return;
    const next = this.tipHeight + 1n;
    if (first.block.header.height > next) {
      this.ctx.network.send(this.index, from, {
        kind: "getBlocks",
        fromHeight: next,
        count: MAX_BLOCKS_PER_MESSAGE,
      });
      return;
    }
    for (const certified of blocks) {
      // Gossip only what arrives as the next block: a sync batch is for this node alone.
      if (certified.block.header.height >= next) this.importCertified(s, certified, blocks.length === 1);
    }
  }

  // ---- transactions ---------------------------------------------------------------------------------

  /** A client hands this node a transaction (the workload). */
  submit(tx: Transaction): void {
    const s = this.session;
    if (s?.alive && !this.silent) this.receiveTxs(s, -1, [tx]);
  }

  private receiveTxs(s: Session, from: number, txs: readonly Transaction[]): void {
    const mempool = s.mempool;
    const snowball = s.snowball;
    if (mempool === null || snowball === null) return;
    const now = s.timers.now();
    for (const tx of txs) {
      const txid = this.ctx.txid(tx);
      const hex = toHex(txid);
      s.fetching.delete(hex);
      if (s.known.has(hex) || this.chainTxids.has(hex)) continue;
      s.known.add(hex);
      this.ctx.metrics.seen(this.index, hex, now);
      this.ctx.tracker.track(
        this.index,
        mempool.add(tx),
        (added) => {
          if (!s.alive) return;
          snowball.addTransaction(txid, added.conflictKeys);
          this.pushToPeers(s, { kind: "txs", txs: [tx] }, from);
        },
        (error) => {
          // Refusals are part of the protocol (it conflicts with what this node finalized, or a block
          // already spent its inputs); anything else is a bug worth seeing.
          if (error instanceof MempoolError || (error as { code?: unknown }).code !== undefined) return;
          this.fail("mempool add", error);
        },
      );
    }
  }

  /** Push gossip: `gossipFanout` random peers other than `except`. */
  private pushToPeers(s: Session, message: SimMessage, except: number): void {
    const n = this.ctx.network.size;
    const others = n - 1 - (except >= 0 && except !== this.index ? 1 : 0);
    const want = Math.min(this.ctx.opts.gossipFanout, others);
    const chosen = new Set<number>();
    while (chosen.size < want) {
      const peer = s.rng.int(n);
      if (peer !== this.index && peer !== except) chosen.add(peer);
    }
    for (const peer of [...chosen].sort((a, b) => a - b)) this.ctx.network.send(this.index, peer, message);
  }

  private onQuery(s: Session, from: number, requestId: number, txids: readonly Uint8Array[]): void {
    const snowball = s.snowball;
    if (snowball === null) return;
    const honestBits = snowball.answerQuery(txids);
    const missing: Uint8Array[] = [];
    for (let i = 0; i < txids.length; i++) {
      if ((((honestBits[i >> 3] as number) >> (i & 7)) & 1) === 1) continue;
      // Only a NO can hide a transaction this node has never seen (the common YES skips the lookups).
      const txid = txids[i] as Uint8Array;
      const hex = this.ctx.hexOf(txid);
      if (this.chainTxids.has(hex)) {
        // In a certified block of this chain: settled, so this node prefers it.
        honestBits[i >> 3] = (honestBits[i >> 3] as number) | (1 << (i & 7));
        continue;
      }
      if (s.known.has(hex) || s.fetching.has(hex) || snowball.hasTransaction(txid)) continue;
      s.fetching.add(hex);
      missing.push(txid);
    }
    const bits = this.adversary ? this.adversary.answer(this.adversaryView(s), from, txids) : honestBits;
    this.ctx.network.send(this.index, from, { kind: "reply", requestId, count: txids.length, bits });
    if (missing.length > 0) this.ctx.network.send(this.index, from, { kind: "getTxs", txids: missing });
  }

  private onGetTxs(s: Session, from: number, txids: readonly Uint8Array[]): void {
    const mempool = s.mempool;
    if (mempool === null) return;
    const txs: Transaction[] = [];
    for (const txid of txids) {
      const entry = mempool.get(txid);
      if (entry) txs.push(entry.tx);
    }
    if (txs.length > 0) this.ctx.network.send(this.index, from, { kind: "txs", txs });
  }

  // ---- network --------------------------------------------------------------------------------------

  onMessage(from: number, message: SimMessage): void {
    const s = this.session;
    if (s === null || !s.alive) return;
    if (this.silent) return;
    try {
      this.dispatch(s, from, message);
    } catch (error) {
      this.fail(`handling ${message.kind}`, error);
    }
  }

  private dispatch(s: Session, from: number, message: SimMessage): void {
    switch (message.kind) {
      case "txs":
        this.receiveTxs(s, from, message.txs);
        return;
      case "getTxs":
        this.onGetTxs(s, from, message.txids);
        return;
      case "query":
        this.onQuery(s, from, message.requestId, message.txids);
        return;
      case "reply":
        s.snowball?.onReply(this.ctx.ids[from] as string, message.requestId, message.bits);
        return;
      case "tsdc":
        this.adversary?.observe(message.message);
        s.tsdc?.onMessage(this.ctx.ids[from] as string, message.message);
        return;
      case "heartbeat":
        if (s.heartbeats.record(message.heartbeat) === "accepted") s.heartbeatVersion++;
        return;
      case "blocks":
        this.onBlocks(s, from, message.blocks);
        return;
      case "block":
        this.onBlocks(s, from, [message.block]);
        return;
      case "status":
        if (message.height < this.tipHeight) this.sendBlocks(s, from, message.height + 1n);
        else if (message.height > this.tipHeight) {
          this.ctx.network.send(this.index, from, {
            kind: "getBlocks",
            fromHeight: this.tipHeight + 1n,
            count: MAX_BLOCKS_PER_MESSAGE,
          });
        }
        return;
      case "getBlocks":
        this.sendBlocks(s, from, message.fromHeight);
        return;
    }
  }

  /**
   * The validators Snowball polls. "voting-set" (default): every validator of the chain's voting set; an
   * unreachable one simply never answers (a NO at the timeout). "heartbeat-active": only those this node
   * heard a heartbeat from, as the issue first described. That second roster is UNSAFE under partitions:
   * each side sees only itself as active, so each side's polls reach alpha/k of what it polls and both
   * sides finalize their own half of a double spend (reproduce with --roster active --partition 2/3@0-3000).
   */
  private snowballRoster(s: Session): readonly ValidatorWeight[] {
    const now = s.timers.now();
    const active = this.ctx.opts.snowballRoster === "heartbeat-active";
    const key = active
      ? `${s.heartbeatVersion}:${this.tipHeight}:${Math.floor(now / 1_000)}`
      : `${this.tipHeight}`;
    if (s.activeCache?.key !== key) {
      const list = active
        ? s.heartbeats.activeValidators(this.registry.votingSet)
        : this.registry.votingSet.validators.map((v) => ({ id: v.id, weight: v.weight }));
      s.activeCache = { key, list };
    }
    return s.activeCache.list;
  }

  private adversaryView(s: Session): AdversaryNodeView {
    const ctx = this.ctx;
    const params = ctx.genesis.params;
    return {
      index: this.index,
      nodes: ctx.network.size,
      chainId: params.chainId,
      operatorSecret: this.key.seed,
      operatorPublicKey: this.key.publicKey,
      signatures: ctx.crypto.signatures,
      honestBits: (txids) => s.snowball?.answerQuery(txids) ?? new Uint8Array((txids.length + 7) >> 3),
      knows: (txid) => s.snowball?.hasTransaction(txid) ?? false,
      conflictsOf: (hex) => s.mempool?.conflictsOf(hex) ?? [],
      send: (to, message: TsdcMessage) => ctx.network.send(this.index, to, { kind: "tsdc", message }),
      broadcast: (message: TsdcMessage) => ctx.network.broadcast(this.index, { kind: "tsdc", message }),
      alternateBlock: (block) => this.alternateBlock(s, block),
      signProposal: (block) =>
        ctx.crypto.signatures.sign(
          this.key.seed,
          proposalSigningMessage(params.chainId, blockHash(block.header)),
        ),
    };
  }

  /**
   * An equivocating proposer's second block: the same transactions, but carrying a freshly signed heartbeat
   * of its own (another sequence number), so the block differs and is still valid.
   */
  private alternateBlock(s: Session, block: Block): Block | null {
    const built = s.lastBuilt;
    if (built === null || built.hex !== toHex(blockHash(block.header))) return null;
    const now = BigInt(Math.floor(s.timers.now()));
    const own: Heartbeat = signHeartbeat(
      this.ctx.crypto.signatures,
      this.ctx.genesis.params.chainId,
      this.key.seed,
      {
        operatorPublicKey: this.key.publicKey,
        height: this.tipHeight,
        timestamp: now,
        sequence: now * 1_000n + BigInt(s.rng.int(1_000)) + 1n,
      },
    );
    const heartbeats = [
      ...built.inputs.heartbeats.filter((hb) => compareBytes(hb.operatorPublicKey, this.key.publicKey) !== 0),
      own,
    ].sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey));
    return assembleProposal({ ...built.inputs, heartbeats });
  }

  /** For tests: this node's Snowball status of a transaction. */
  finality(txid: Uint8Array): FinalityStatus | undefined {
    return this.session?.snowball?.status(txid);
  }

  /** For tests: the TSDC engine of the live session. */
  get engine(): TsdcEngine | null {
    return this.session?.alive ? this.session.tsdc : null;
  }
}
