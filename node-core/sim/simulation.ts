// One simulation run = one call: builds the world from the options (genesis, Byzantine set, workload,
// network, nodes), runs it in virtual time until it settles or its time is up, and measures it. Every
// random choice comes from SeededRng streams forked from the seed, and every timer from one VirtualTime,
// so the same options always give byte-identical results.

import { transactionId } from "../codec/index.js";
import { SeededRng, VirtualTime } from "../consensus/index.js";
import type { Hash32, Transaction } from "../types/index.js";
import { fromHex, toHex } from "../types/index.js";
import { createAdversary } from "./byzantine.js";
import { AsyncTracker, driveVirtualTime } from "./driver.js";
import { messageKind, SIM_WIRE, type SimMessage } from "./messages.js";
import { MetricsCollector, type SimResult } from "./metrics.js";
import { SimNetwork } from "./network.js";
import { type SimContext, SimNode } from "./node.js";
import { fundedOutputCount, resolveSimOptions, type SimOptions } from "./options.js";
import { buildWorkload, chooseByzantine, simGenesis, type WorkloadTx } from "./scenario.js";
import { simCrypto } from "./schemes.js";

/** How often (virtual ms) a run checks whether it has settled. */
const SETTLE_CHECK_MS = 100;

export interface NodeReport {
  readonly index: number;
  readonly id: string;
  readonly byzantine: boolean;
  readonly up: boolean;
  readonly height: number;
  /** Block hashes (hex) of its chain, genesis first. */
  readonly chain: readonly string[];
  /** TSDC round of each block of its chain. */
  readonly rounds: readonly number[];
  /** Proposer (operator key hex) of each block of its chain (genesis: empty). */
  readonly proposers: readonly string[];
  /** Workload transactions final / rejected at this node (sorted txids). */
  readonly final: readonly string[];
  readonly rejected: readonly string[];
}

export interface SimRun {
  readonly options: SimOptions;
  readonly result: SimResult;
  readonly nodes: readonly NodeReport[];
  readonly workload: readonly WorkloadTx[];
  readonly byzantine: readonly number[];
  /** The live node objects (tests inspect engines); do not keep them across runs. */
  readonly live: readonly SimNode[];
}

/** Virtual ms a global view of honest preferences stays current (the adaptive adversary's refresh). */
const SUPPORT_REFRESH_MS = 10;

/** Counts honest up nodes preferring a tx, cached per SUPPORT_REFRESH_MS window. */
class HonestSupport {
  private window = -1;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly time: VirtualTime,
    private readonly honestUp: () => readonly SimNode[],
  ) {}

  of(hex: string): number {
    const window = Math.floor(this.time.now() / SUPPORT_REFRESH_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    let count = this.counts.get(hex);
    if (count === undefined) {
      const txid = fromHex(hex);
      count = 0;
      for (const node of this.honestUp()) if (node.prefers(txid)) count++;
      this.counts.set(hex, count);
    }
    return count;
  }
}

/** Runs one simulation and returns its measurements plus per-node reports. */
export async function simulate(partial: Partial<SimOptions>): Promise<SimRun> {
  const opts = resolveSimOptions(partial);
  const master = new SeededRng(opts.seed);
  const scenarioRng = master.fork();
  const networkSeed = master.nextU32();
  const nodeRngs = Array.from({ length: opts.nodes }, () => master.fork());

  const genesis = simGenesis(opts.nodes, fundedOutputCount(opts), opts.blockIntervalMs);
  const byzantine = chooseByzantine(opts, scenarioRng);
  const byzSet = new Set(byzantine);
  const honest = Array.from({ length: opts.nodes }, (_, i) => i).filter((i) => !byzSet.has(i));
  const workload = buildWorkload(opts, genesis, honest, scenarioRng, byzantine);

  const time = new VirtualTime(0);
  const tracker = new AsyncTracker();
  const crypto = simCrypto(opts.crypto);
  const network = new SimNetwork<SimMessage>(
    {
      nodes: opts.nodes,
      latencyMs: opts.latencyMs,
      jitterMs: opts.jitterMs,
      loss: opts.loss,
      retransmitRate: opts.retransmitRate,
      retransmitDelayMs: opts.retransmitDelayMs,
      resetRate: opts.resetRate,
      reconnectMs: opts.reconnectMs,
      partitions: opts.partitions,
      seed: networkSeed,
    },
    { clock: time, scheduler: time, kindOf: messageKind, wire: SIM_WIRE },
  );
  const metrics = new MetricsCollector(
    opts.nodes,
    workload.map((w) => ({ txid: w.txidHex, spends: w.spends, atMs: w.atMs })),
  );
  const ids = genesis.operators.map((k) => toHex(k.publicKey));
  // The adaptive adversary's global view, refreshed every SUPPORT_REFRESH_MS of virtual time.
  const support = new HonestSupport(time, () => nodes.filter((n) => n.honest && n.up));
  const txids = new WeakMap<Transaction, Hash32>();
  const failures: string[] = [];
  const ctx: SimContext = {
    opts,
    genesis,
    time,
    tracker,
    network,
    metrics,
    crypto,
    ids,
    indexOf: new Map(ids.map((id, i) => [id, i])),
    tsdc: {
      chainId: genesis.params.chainId,
      blockIntervalMs: genesis.params.blockIntervalMs,
      genesisTimestampMs: Number(genesis.block.header.timestamp),
      ...opts.tsdc,
    },
    snowball: opts.snowball,
    failures,
    // No per-object cache: txids arrive decoded, fresh arrays at every delivery, so a WeakMap entry costs
    // more than the hex it would save.
    hexOf: toHex,
    honestSupport: (hex) => support.of(hex),
    txid(tx) {
      let id = txids.get(tx);
      if (id === undefined) {
        id = transactionId(tx);
        txids.set(tx, id);
      }
      return id;
    },
  };
  const nodes = genesis.operators.map(
    (key, i) =>
      new SimNode(
        ctx,
        i,
        key,
        nodeRngs[i] as SeededRng,
        byzSet.has(i) ? createAdversary(opts.adversary) : null,
      ),
  );
  for (const node of nodes) {
    network.setHandler(node.index, (from, message) => node.onMessage(from, message));
    node.boot();
  }
  await tracker.drain();

  // Client transactions go to their node one by one; an adversary's conflicting members leave together,
  // each to its own part of the network (the double-spender).
  const originated = new Map<string, WorkloadTx[]>();
  for (const w of workload) {
    if (w.origin === "client") {
      time.after(w.atMs, () => (nodes[w.node] as SimNode).submit(w.tx));
      continue;
    }
    const key = `${w.node}:${w.atMs}:${w.pair ?? ""}:${w.group ?? ""}`;
    const members = originated.get(key);
    if (members === undefined) originated.set(key, [w]);
    else members.push(w);
  }
  for (const members of originated.values()) {
    const first = members[0] as WorkloadTx;
    time.after(first.atMs, () =>
      (nodes[first.node] as SimNode).originateConflict(
        members.map((m) => ({ tx: m.tx, txidHex: m.txidHex })),
      ),
    );
  }
  let lastEventMs = workload.reduce((t, w) => Math.max(t, w.atMs), 0);
  for (const c of opts.crashes) {
    time.after(c.atMs, () => (nodes[c.node] as SimNode).crash());
    lastEventMs = Math.max(lastEventMs, c.atMs);
    if (c.restartMs !== null) {
      time.after(c.restartMs, () => (nodes[c.node] as SimNode).restart());
      lastEventMs = Math.max(lastEventMs, c.restartMs);
    }
  }
  for (const p of opts.partitions) lastEventMs = Math.max(lastEventMs, p.endMs);

  const honestUp = (): SimNode[] => nodes.filter((n) => n.honest && n.up);
  let settled = false;
  const settleCheck = (): void => {
    if (time.now() >= lastEventMs && isSettled(honestUp(), metrics, workload.length, opts.minBlocks)) {
      settled = true;
      return;
    }
    time.after(SETTLE_CHECK_MS, settleCheck);
  };
  time.after(SETTLE_CHECK_MS, settleCheck);

  const endMs = opts.durationMs ?? opts.maxDurationMs;
  await driveVirtualTime(time, tracker, endMs, () => settled && opts.durationMs === null);
  for (const node of nodes) node.finish();
  for (const f of tracker.failures) {
    failures.push(`node ${f.node}: ${f.error instanceof Error ? f.error.message : String(f.error)}`);
  }
  failures.push(...network.wireFailures());

  const reports: NodeReport[] = nodes.map((node) => {
    const d = metrics.decisions(node.index);
    return {
      index: node.index,
      id: node.id,
      byzantine: !node.honest,
      up: node.up,
      height: Number(node.tipHeight),
      chain: [...node.chainHashes],
      rounds: [...node.chainRounds],
      proposers: [...node.chainProposers],
      final: d.final,
      rejected: d.rejected,
    };
  });
  const result = measure(
    opts,
    nodes,
    metrics,
    network,
    byzantine.length,
    time.now(),
    settled,
    crypto,
    failures,
  );
  return { options: opts, result, nodes: reports, workload, byzantine, live: nodes };
}

/** One run, measurements only. */
export async function runSimulation(partial: Partial<SimOptions>): Promise<SimResult> {
  return (await simulate(partial)).result;
}

function isSettled(
  up: readonly SimNode[],
  metrics: MetricsCollector,
  txs: number,
  minBlocks: number,
): boolean {
  const first = up[0];
  if (first === undefined) return false;
  for (const node of up) {
    if (node.tipHeight < BigInt(minBlocks) || node.tipHashHex !== first.tipHashHex) return false;
    if (metrics.decidedCount(node.index) < txs || metrics.finalNotInBlock(node.index) > 0) return false;
  }
  return true;
}

function cpuFigures(nodes: readonly SimNode[]) {
  const sum = (pick: (n: SimNode) => number) => nodes.reduce((t, n) => t + pick(n), 0);
  const honest = nodes.filter((n) => n.honest).map((n) => n.cpu.counts.busyMs);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    cpuSignatureVerifies: sum((n) => n.cpu.counts.signatureVerifies),
    cpuSignatures: sum((n) => n.cpu.counts.signatures),
    cpuVrfVerifies: sum((n) => n.cpu.counts.vrfVerifies),
    cpuVrfProofs: sum((n) => n.cpu.counts.vrfProofs),
    cpuBatchVerifies: sum((n) => n.cpu.counts.batchVerifies),
    cpuBusyMsMean: honest.length > 0 ? round(honest.reduce((a, b) => a + b, 0) / honest.length) : 0,
    cpuBusyMsMax: round(honest.reduce((a, b) => Math.max(a, b), 0)),
    messagesQueuedByCpu: sum((n) => n.queuedByCpu),
  };
}

function measure(
  opts: SimOptions,
  nodes: readonly SimNode[],
  metrics: MetricsCollector,
  network: SimNetwork<SimMessage>,
  byzantineNodes: number,
  virtualMs: number,
  settled: boolean,
  crypto: ReturnType<typeof simCrypto>,
  failures: readonly string[],
): SimResult {
  const honest = nodes.filter((n) => n.honest);
  const up = honest.filter((n) => n.up);
  const tx = metrics.summarize(
    honest.map((n) => n.index),
    up.map((n) => n.index),
  );
  let forks = 0;
  const maxHeight = honest.reduce((m, n) => Math.max(m, n.chainHashes.length - 1), 0);
  for (let h = 1; h <= maxHeight; h++) {
    const seen = new Set<string>();
    for (const n of honest) {
      const hash = n.chainHashes[h];
      if (hash !== undefined) seen.add(hash);
    }
    if (seen.size > 1) forks++;
  }
  const heights = up.map((n) => Number(n.tipHeight));
  const byKind: Record<string, number> = {};
  for (const kind of [...network.stats.byKind.keys()].sort())
    byKind[kind] = network.stats.byKind.get(kind) ?? 0;
  const messages = network.stats.sent;
  return {
    seed: opts.seed,
    nodes: opts.nodes,
    adversary: opts.adversary,
    byzantine: opts.byzantine,
    byzantineNodes,
    txs: opts.txs,
    doubleSpends: opts.doubleSpends,
    multiInput: opts.multiInput,
    overlaps: opts.overlaps,
    ...tx,
    blocks: heights.length > 0 ? Math.min(...heights) : 0,
    blocksMax: heights.length > 0 ? Math.max(...heights) : 0,
    forks,
    blockTxs: up.length > 0 ? Math.min(...up.map((n) => metrics.inBlockCount(n.index))) : 0,
    maxRound: honest.reduce((m, n) => Math.max(m, ...n.chainRounds), 0),
    evidence: honest.reduce((sum, n) => sum + n.evidence, 0),
    messages,
    messagesPerFinalTx: tx.finalized > 0 ? Math.round((messages / tx.finalized) * 10) / 10 : null,
    messagesByKind: byKind,
    messagesLost: network.stats.lost,
    messagesCut: network.stats.cut,
    messagesDropped: network.stats.down,
    messagesRetransmitted: network.stats.retransmitted,
    connectionResets: network.stats.resets,
    messagesReset: network.stats.resetDropped,
    virtualMs,
    settled,
    ...cpuFigures(nodes),
    signatureVerifies: crypto.memo?.verifyComputed ?? 0,
    signatureChecks: crypto.memo?.verifyCalls ?? 0,
    failures,
  };
}
