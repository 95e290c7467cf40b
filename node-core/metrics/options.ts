// Options (with defaults and range checks) and modules of the metrics layer's three services: NodeMetrics
// (the Prometheus registry), HealthMonitor (/health) and AnomalyDetector (rolling z-scores).
import type { Clock } from "../consensus/index.js";
import type { ChainView } from "../db/index.js";
import type { TimeNode } from "../node/index.js";
import type { NetworkControl } from "../p2p/index.js";
import type { Logger } from "../util/index.js";
import type { AnomalyDetector } from "./anomaly-detector.js";
import { MetricsError } from "./errors.js";
import type { MemoryProbe } from "./memory.js";

export interface NodeMetricsOptions {
  /** Prefix of every metric name, the process metrics' too. */
  readonly prefix: string;
  /** Also export prom-client's process metrics (CPU, resident memory, event loop lag, GC). */
  readonly defaultMetrics: boolean;
  /** Buckets of the finalization duration histogram, in seconds (the seeds' plus finer ones below 1 s). */
  readonly finalityBucketsSeconds: readonly number[];
  /** Buckets of the Snowball polls-per-decision histogram. */
  readonly pollBuckets: readonly number[];
}

export const DEFAULT_NODE_METRICS_OPTIONS: NodeMetricsOptions = Object.freeze({
  prefix: "timecoin_",
  defaultMetrics: true,
  finalityBucketsSeconds: Object.freeze([0.1, 0.25, 0.5, 1, 2, 5, 10, 30]),
  pollBuckets: Object.freeze([1, 2, 5, 10, 15, 20, 30, 50, 100, 200]),
});

export interface NodeMetricsModules {
  /** The node whose events feed the collectors (chain:block, snowball:final, ...) and whose services are read. */
  readonly node: Pick<TimeNode, "events" | "services">;
  /** The chain, read-only: the tip and the UTXO set summary. */
  readonly view: ChainView;
  /** The p2p host, or null for a node without one (the network metrics then read zero). */
  readonly network: NetworkControl | null;
  readonly clock: Clock;
  /** Default: this process's figures against the machine's (or the cgroup's) memory. */
  readonly memory?: MemoryProbe;
  /** When given, its warnings and active anomalies are exported and it is fed the block intervals. */
  readonly anomaly?: AnomalyDetector;
  readonly logger?: Logger;
}

export interface HealthOptions {
  /** The network's block interval: height not increasing for `stallIntervals` of them is a stall. */
  readonly blockIntervalMs: number;
  readonly stallIntervals: number;
  /** Fewer connected peers than this is degraded (the seeds: 5). */
  readonly minPeers: number;
  /** A median finality over this is degraded (the seeds: 10 s). */
  readonly finalityAlertMs: number;
  /** Resident memory over this fraction of the available memory is degraded (the seeds: 80 %). */
  readonly memoryAlertFraction: number;
  /** The finality median is over the latest this many decisions... */
  readonly finalitySamples: number;
  /** ...made within this long (older ones say nothing about the network now). */
  readonly finalityWindowMs: number;
}

export const DEFAULT_HEALTH_OPTIONS: Omit<HealthOptions, "blockIntervalMs"> = Object.freeze({
  stallIntervals: 3,
  minPeers: 5,
  finalityAlertMs: 10_000,
  memoryAlertFraction: 0.8,
  finalitySamples: 100,
  finalityWindowMs: 10 * 60_000,
});

export interface HealthModules {
  /** The node whose chain:block and snowball:final events the monitor follows, or null (tests feed it). */
  readonly node: Pick<TimeNode, "events"> | null;
  readonly view: Pick<ChainView, "getTip">;
  readonly network: NetworkControl | null;
  readonly clock: Clock;
  readonly memory?: MemoryProbe;
}

export interface AnomalyOptions {
  /** |z| over this is an anomaly (the seeds: 3). */
  readonly threshold: number;
  /** Samples a baseline needs before it judges anything (the seeds' min_samples: 30). */
  readonly warmup: number;
  /** Rates are counts per window of this length. */
  readonly windowMs: number;
  /** Samples the rolling baseline weighs: exact mean and variance up to it, exponential forgetting after. */
  readonly span: number;
  /** Most peers and addresses tracked at once; the least recently seen is dropped beyond it. */
  readonly maxSubjects: number;
  /** An anomaly counts as active (the gauge) for this long after its warning. */
  readonly activeMs: number;
  /** Least standard deviation of block intervals, as a fraction of their mean (a steady chain has none). */
  readonly blockIntervalFloor: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = Object.freeze({
  threshold: 3,
  warmup: 30,
  windowMs: 10_000,
  span: 1_000,
  maxSubjects: 10_000,
  activeMs: 60_000,
  blockIntervalFloor: 0.1,
});

export interface AnomalyModules {
  /** Window boundaries and anomaly times. */
  readonly clock: Clock;
  /** Warnings (anomalies, an unreadable baseline file). */
  readonly logger: Logger;
}

function bad(option: string, value: unknown): MetricsError<"METRICS_BAD_OPTIONS"> {
  return new MetricsError("METRICS_BAD_OPTIONS", `option ${option} is out of range`, {
    option,
    actual: String(value),
  });
}

function positive(option: string, value: number, integer: boolean): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw bad(option, value);
  if (integer && !Number.isSafeInteger(value)) throw bad(option, value);
}

function buckets(option: string, list: readonly number[]): void {
  if (!Array.isArray(list) || list.length === 0) throw bad(option, list);
  list.forEach((b, i) => {
    if (typeof b !== "number" || !Number.isFinite(b) || b <= 0 || (i > 0 && b <= (list[i - 1] as number))) {
      throw bad(option, list.join(","));
    }
  });
}

export function resolveNodeMetricsOptions(opts: Partial<NodeMetricsOptions> = {}): NodeMetricsOptions {
  const o = { ...DEFAULT_NODE_METRICS_OPTIONS, ...opts };
  // Prometheus names are [a-zA-Z_:][a-zA-Z0-9_:]*; an empty prefix is allowed.
  if (typeof o.prefix !== "string" || !/^([a-zA-Z_][a-zA-Z0-9_]*)?$/.test(o.prefix))
    throw bad("prefix", o.prefix);
  if (typeof o.defaultMetrics !== "boolean") throw bad("defaultMetrics", o.defaultMetrics);
  buckets("finalityBucketsSeconds", o.finalityBucketsSeconds);
  buckets("pollBuckets", o.pollBuckets);
  return o;
}

export function resolveHealthOptions(
  opts: Partial<HealthOptions> & Pick<HealthOptions, "blockIntervalMs">,
): HealthOptions {
  const o = { ...DEFAULT_HEALTH_OPTIONS, ...opts };
  positive("blockIntervalMs", o.blockIntervalMs, false);
  positive("stallIntervals", o.stallIntervals, false);
  positive("finalityAlertMs", o.finalityAlertMs, false);
  positive("finalitySamples", o.finalitySamples, true);
  positive("finalityWindowMs", o.finalityWindowMs, false);
  if (!Number.isSafeInteger(o.minPeers) || o.minPeers < 0) throw bad("minPeers", o.minPeers);
  if (!(o.memoryAlertFraction > 0 && o.memoryAlertFraction <= 1)) {
    throw bad("memoryAlertFraction", o.memoryAlertFraction);
  }
  return o;
}

export function resolveAnomalyOptions(opts: Partial<AnomalyOptions> = {}): AnomalyOptions {
  const o = { ...DEFAULT_ANOMALY_OPTIONS, ...opts };
  positive("threshold", o.threshold, false);
  positive("windowMs", o.windowMs, false);
  positive("span", o.span, true);
  positive("maxSubjects", o.maxSubjects, true);
  positive("activeMs", o.activeMs, false);
  if (!Number.isSafeInteger(o.warmup) || o.warmup < 2) throw bad("warmup", o.warmup);
  if (!(o.blockIntervalFloor >= 0 && o.blockIntervalFloor < 1)) {
    throw bad("blockIntervalFloor", o.blockIntervalFloor);
  }
  return o;
}
