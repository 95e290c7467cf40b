// Options of one simulation run: the network shape, the adversary, the workload and the consensus
// parameters, with defaults and validation. A run is a pure function of these options (seed included).
import { resolveSnowballOptions, type SnowballOptions } from "../consensus/snowball/index.js";
import type { TsdcOptions } from "../consensus/tsdc/index.js";
import { type CpuCosts, DEFAULT_CPU_COSTS } from "./cpu.js";
import { SimError } from "./errors.js";

export type AdversaryKind = "silent" | "minority" | "equivocate" | "adaptive" | "double-spender" | "late";
export const ADVERSARY_KINDS: readonly AdversaryKind[] = [
  "silent",
  "minority",
  "equivocate",
  "adaptive",
  "double-spender",
  "late",
];

/** Crypto of a run: "fast" = shared memoized ed25519 + keyed-hash VRF stand-in; "real" = both unmodified. */
export type CryptoMode = "fast" | "real";

/** Nodes on side `a` and side `b` cannot reach each other while startMs <= t < endMs. */
export interface PartitionSpec {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly startMs: number;
  readonly endMs: number;
}

/** Node `node` is down from atMs until restartMs (null: never comes back). */
export interface CrashSpec {
  readonly node: number;
  readonly atMs: number;
  readonly restartMs: number | null;
}

/** TSDC options a run may change (the chain id, slot length and genesis time come from the scenario). */
export type SimTsdcOptions = Partial<Omit<TsdcOptions, "chainId" | "blockIntervalMs" | "genesisTimestampMs">>;

/**
 * Whom Snowball polls: the whole voting set from chain data (safe), or only the validators a node heard a
 * heartbeat from (the liveness filter the issue first asked for; unsafe under partitions, kept to show why).
 */
export type SnowballRoster = "voting-set" | "heartbeat-active";

export interface SimOptions {
  readonly seed: number;
  readonly nodes: number;
  /** Fraction of the voting weight run by the adversary, in [0, 1). */
  readonly byzantine: number;
  readonly adversary: AdversaryKind;
  /** Explicit Byzantine node indices (tests); overrides the seeded choice made from `byzantine`. */
  readonly byzantineNodes: readonly number[] | null;
  /** Honest, non-conflicting transactions of the workload. */
  readonly txs: number;
  /** Pairs of conflicting transactions sent to two different honest nodes at the same instant. */
  readonly doubleSpends: number;
  /** Share of the `txs` honest transactions that spend two inputs instead of one, in [0, 1]. */
  readonly multiInput: number;
  /** Groups of overlapping conflicts between multi-input transactions (scenario.ts buildWorkload). */
  readonly overlaps: number;
  /** One-way latency of every link. */
  readonly latencyMs: number;
  /** Extra delay, uniform in [0, jitterMs], drawn per message from the link's RNG. */
  readonly jitterMs: number;
  /** Probability that a message is lost outright (raw loss; the link carries on). */
  readonly loss: number;
  /** TCP's view of packet loss (network.ts): probability a message needs a retransmission... */
  readonly retransmitRate: number;
  /** ...and how late that makes it (Linux's minimum retransmission timeout is 200 ms). */
  readonly retransmitDelayMs: number;
  /** Probability that sending a message resets its connection, dropping what is in flight on it... */
  readonly resetRate: number;
  /** ...until it reconnects this much later. */
  readonly reconnectMs: number;
  readonly partitions: readonly PartitionSpec[];
  readonly crashes: readonly CrashSpec[];
  /** Fixed virtual duration; null runs until settled (everything decided, in blocks, converged). */
  readonly durationMs: number | null;
  /** Upper bound of a run that has not settled. */
  readonly maxDurationMs: number;
  /** Certified blocks every honest node must hold before a run counts as settled. */
  readonly minBlocks: number;
  readonly blockIntervalMs: number;
  /** Virtual time before the first transaction (heartbeats are exchanged first). */
  readonly warmupMs: number;
  /** Workload transactions are submitted uniformly over this window after warm-up. */
  readonly spreadMs: number;
  /** Peers a node pushes a new transaction or certified block to. */
  readonly gossipFanout: number;
  /** How often a node tells one random peer its tip (the peer answers with blocks it lacks). */
  readonly statusIntervalMs: number;
  readonly crypto: CryptoMode;
  /** CPU ms charged to a node's virtual time per crypto operation (cpu.ts); FREE_CPU charges nothing. */
  readonly cpuCosts: CpuCosts;
  readonly snowballRoster: SnowballRoster;
  readonly snowball: Partial<SnowballOptions>;
  readonly tsdc: SimTsdcOptions;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = Object.freeze({
  seed: 1,
  nodes: 20,
  byzantine: 0,
  adversary: "silent",
  byzantineNodes: null,
  txs: 20,
  doubleSpends: 0,
  multiInput: 0,
  overlaps: 0,
  latencyMs: 50,
  jitterMs: 10,
  loss: 0,
  retransmitRate: 0,
  retransmitDelayMs: 200,
  resetRate: 0,
  reconnectMs: 1_000,
  partitions: [],
  crashes: [],
  durationMs: null,
  maxDurationMs: 60_000,
  minBlocks: 1,
  blockIntervalMs: 1_000,
  warmupMs: 200,
  spreadMs: 500,
  gossipFanout: 6,
  statusIntervalMs: 500,
  crypto: "fast",
  cpuCosts: DEFAULT_CPU_COSTS,
  snowballRoster: "voting-set",
  snowball: {},
  tsdc: {},
} satisfies SimOptions);

/** Funded outputs per overlapping-conflict group: even groups "rival" (X, Y), odd groups "chain" (X, Y, Z). */
export function groupOutputs(g: number): number {
  return g % 2 === 0 ? 2 : 3;
}

/** Honest transactions of the workload that spend two funded outputs instead of one. */
export function multiInputCount(opts: Pick<SimOptions, "txs" | "multiInput">): number {
  return Math.round(opts.txs * opts.multiInput);
}

/** Funded genesis outputs the workload of `opts` spends. */
export function fundedOutputCount(
  opts: Pick<SimOptions, "txs" | "multiInput" | "doubleSpends" | "overlaps">,
): number {
  let n = opts.txs + multiInputCount(opts) + opts.doubleSpends;
  for (let g = 0; g < opts.overlaps; g++) n += groupOutputs(g);
  return n;
}

/** Transactions in the workload of `opts` (honest, both sides of each pair, three per group). */
export function workloadSize(opts: Pick<SimOptions, "txs" | "doubleSpends" | "overlaps">): number {
  return opts.txs + 2 * opts.doubleSpends + 3 * opts.overlaps;
}

/** The largest workload one genesis allocation transaction can fund (MAX_TX_OUTPUTS minus headroom). */
export const MAX_WORKLOAD_OUTPUTS = 1_800;

function bad(field: string, value: unknown, why: string): SimError {
  return new SimError("SIM_BAD_OPTION", `${field} ${why} (got ${String(value)})`, {
    field,
    value: String(value),
  });
}

function integer(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw bad(field, value, `must be an integer in [${min}, ${max}]`);
  }
}

function finite(field: string, value: number, min: number, max = Number.MAX_VALUE): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw bad(field, value, `must be a number in [${min}, ${max}]`);
  }
}

function checkNodeList(field: string, list: readonly number[], nodes: number): void {
  for (const n of list) integer(`${field} node`, n, 0, nodes - 1);
  if (new Set(list).size !== list.length) throw bad(field, list.join(","), "lists a node twice");
}

/** Defaults overlaid with `partial`, validated; throws SimError("SIM_BAD_OPTION") naming the field. */
export function resolveSimOptions(partial: Partial<SimOptions>): SimOptions {
  const o: SimOptions = { ...DEFAULT_SIM_OPTIONS };
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) (o as unknown as Record<string, unknown>)[key] = value;
  }
  integer("seed", o.seed, 0, 0xffff_ffff);
  integer("nodes", o.nodes, 1, 1_000);
  finite("byzantine", o.byzantine, 0, 0.999);
  if (!ADVERSARY_KINDS.includes(o.adversary))
    throw bad("adversary", o.adversary, `is not ${ADVERSARY_KINDS.join("|")}`);
  if (o.byzantineNodes !== null) checkNodeList("byzantineNodes", o.byzantineNodes, o.nodes);
  integer("txs", o.txs, 0);
  integer("doubleSpends", o.doubleSpends, 0);
  finite("multiInput", o.multiInput, 0, 1);
  integer("overlaps", o.overlaps, 0);
  // Two budgets: the funded genesis outputs the workload spends, and the transactions it sends.
  const size = Math.max(fundedOutputCount(o), workloadSize(o));
  if (size > MAX_WORKLOAD_OUTPUTS) {
    throw new SimError(
      "SIM_WORKLOAD_TOO_LARGE",
      `the workload (txs, multi-input share, double spends, overlaps) must spend and send at most ${MAX_WORKLOAD_OUTPUTS} outputs and transactions`,
      { field: "txs", value: String(size) },
    );
  }
  if (o.doubleSpends > 0 && o.nodes < 2) throw bad("doubleSpends", o.doubleSpends, "needs at least 2 nodes");
  if (o.overlaps > 0 && o.nodes < 2) throw bad("overlaps", o.overlaps, "needs at least 2 nodes");
  finite("latencyMs", o.latencyMs, 0, 60_000);
  finite("jitterMs", o.jitterMs, 0, 60_000);
  finite("loss", o.loss, 0, 0.99);
  finite("retransmitRate", o.retransmitRate, 0, 1);
  finite("retransmitDelayMs", o.retransmitDelayMs, 0, 60_000);
  finite("resetRate", o.resetRate, 0, 0.5);
  finite("reconnectMs", o.reconnectMs, 0, 600_000);
  for (const p of o.partitions) {
    checkNodeList("partition", [...p.a, ...p.b], o.nodes);
    if (p.a.length === 0 || p.b.length === 0) throw bad("partition", "", "needs nodes on both sides");
    finite("partition start", p.startMs, 0);
    finite("partition end", p.endMs, p.startMs);
  }
  for (const c of o.crashes) {
    integer("crash node", c.node, 0, o.nodes - 1);
    finite("crash time", c.atMs, 0);
    if (c.restartMs !== null) finite("crash restart", c.restartMs, c.atMs);
  }
  if (o.durationMs !== null) finite("durationMs", o.durationMs, 1);
  finite("maxDurationMs", o.maxDurationMs, 1, 3_600_000);
  integer("minBlocks", o.minBlocks, 0, 10_000);
  integer("blockIntervalMs", o.blockIntervalMs, 100, 3_600_000);
  finite("warmupMs", o.warmupMs, 0);
  finite("spreadMs", o.spreadMs, 0);
  integer("gossipFanout", o.gossipFanout, 1, 1_000);
  finite("statusIntervalMs", o.statusIntervalMs, 1);
  if (o.crypto !== "fast" && o.crypto !== "real") throw bad("crypto", o.crypto, "is not fast|real");
  for (const key of Object.keys(DEFAULT_CPU_COSTS) as (keyof CpuCosts)[]) {
    finite(`cpuCosts.${key}`, o.cpuCosts?.[key] as number, 0, 10_000);
  }
  if (o.snowballRoster !== "voting-set" && o.snowballRoster !== "heartbeat-active") {
    throw bad("snowballRoster", o.snowballRoster, "is not voting-set|heartbeat-active");
  }
  try {
    resolveSnowballOptions(o.snowball);
  } catch (error) {
    throw bad("snowball", JSON.stringify(o.snowball), `is invalid: ${(error as Error).message}`);
  }
  for (const [key, value] of Object.entries(o.tsdc)) {
    if (value !== undefined) finite(`tsdc.${key}`, value as number, 0);
  }
  return Object.freeze(o);
}
