// /health: whether this node is doing its job, judged by the seeds' alert conditions (height not increasing
// for three block intervals, fewer peers than needed, finality over 10 s, memory over 80 %), each failing
// one a plain sentence in `reasons`. The monitor follows the node's chain:block and snowball:final events;
// check() reads the rest (tip, peers, memory) when asked, so it is plain logic over a clock.
import type { NetworkControl } from "../p2p/index.js";
import type { Unsubscribe } from "../util/index.js";
import { type MemoryProbe, memoryFraction, processMemory } from "./memory.js";
import { type HealthModules, type HealthOptions, resolveHealthOptions } from "./options.js";

export interface HealthReport {
  readonly status: "ok" | "degraded";
  /** Why it is degraded, one plain sentence per condition; empty when ok. */
  readonly reasons: readonly string[];
  /** Tip height, or null before genesis is connected. */
  readonly height: number | null;
  readonly peers: {
    readonly inbound: number;
    readonly outbound: number;
    readonly total: number;
    readonly minimum: number;
    /** False when there is no p2p host or it is switched off. */
    readonly networkActive: boolean;
  };
  /** Since the height last increased (or since the monitor started, before any block). */
  readonly lastBlockAgeMs: number;
  readonly blockIntervalMs: number;
  /** Median and 95th percentile of recent finality times (Snowball: added to decided), null without any. */
  readonly finalityP50Ms: number | null;
  readonly finalityP95Ms: number | null;
  readonly finalitySamples: number;
  readonly memory: {
    readonly rss: number;
    readonly heapUsed: number;
    readonly total: number;
    readonly fraction: number | null;
  };
  /** Clock time of the check. */
  readonly checkedAt: number;
}

export class HealthMonitor {
  readonly options: HealthOptions;
  private readonly memory: MemoryProbe;
  private readonly network: NetworkControl | null;
  private lastHeight: bigint | null;
  private lastChangeAt: number;
  /** Recent finality samples, oldest first: [decidedAt, durationMs]. */
  private readonly finality: [number, number][] = [];
  private readonly unsubscribe: Unsubscribe[] = [];

  constructor(
    opts: Partial<HealthOptions> & Pick<HealthOptions, "blockIntervalMs">,
    private readonly modules: HealthModules,
  ) {
    this.options = resolveHealthOptions(opts);
    this.memory = modules.memory ?? processMemory;
    this.network = modules.network;
    this.lastHeight = modules.view.getTip()?.height ?? null;
    this.lastChangeAt = modules.clock.now();
    const events = modules.node?.events;
    if (events !== undefined) {
      this.unsubscribe.push(
        events.on("chain:block", ({ certified }) => this.noteHeight(certified.block.header.height)),
        events.on("snowball:final", ({ status }) => {
          if (status.decidedAt !== null)
            this.noteFinality(status.decidedAt - status.addedAt, status.decidedAt);
        }),
      );
    }
  }

  /** The chain reached `height` (the chain:block listener; check() also notices a moved tip itself). */
  noteHeight(height: bigint): void {
    if (this.lastHeight === null || height > this.lastHeight) this.lastChangeAt = this.modules.clock.now();
    this.lastHeight = height;
  }

  /** A transaction was finalized `durationMs` after Snowball took it up. */
  noteFinality(durationMs: number, at = this.modules.clock.now()): void {
    if (!Number.isFinite(durationMs) || durationMs < 0 || !Number.isFinite(at)) return;
    this.finality.push([at, durationMs]);
    if (this.finality.length > this.options.finalitySamples) this.finality.shift();
  }

  check(): HealthReport {
    const now = this.modules.clock.now();
    const o = this.options;
    const reasons: string[] = [];

    const tip = this.modules.view.getTip();
    if (tip !== null && (this.lastHeight === null || tip.height > this.lastHeight))
      this.noteHeight(tip.height);
    const lastBlockAgeMs = Math.max(0, now - this.lastChangeAt);
    if (tip === null) {
      reasons.push("The chain has no blocks yet: genesis is not connected.");
    } else if (lastBlockAgeMs > o.stallIntervals * o.blockIntervalMs) {
      reasons.push(
        `The height has stayed at ${tip.height} for ${seconds(lastBlockAgeMs)}, more than ${o.stallIntervals} block intervals (${seconds(o.blockIntervalMs)} each): sync may be stalled.`,
      );
    }

    const networkActive = this.network?.active === true;
    const counts = this.network?.connectionCounts() ?? { inbound: 0, outbound: 0, total: 0 };
    if (this.network === null) {
      reasons.push("There is no peer-to-peer network: the node is not connected to anyone.");
    } else if (!networkActive) {
      reasons.push("The network is switched off: the node is not connected to anyone.");
    } else if (counts.total < o.minPeers) {
      reasons.push(
        `Only ${counts.total} ${counts.total === 1 ? "peer is" : "peers are"} connected, fewer than the ${o.minPeers} needed: the node may be isolated.`,
      );
    }

    while (this.finality.length > 0 && now - (this.finality[0] as [number, number])[0] > o.finalityWindowMs) {
      this.finality.shift();
    }
    const durations = this.finality.map(([, d]) => d).sort((a, b) => a - b);
    const p50 = quantile(durations, 0.5);
    const p95 = quantile(durations, 0.95);
    if (p50 !== null && p50 > o.finalityAlertMs) {
      reasons.push(
        `Transactions take ${seconds(p50)} to finalize (median of the last ${durations.length}), more than ${seconds(o.finalityAlertMs)}: consensus is struggling.`,
      );
    }

    let usage = { rss: 0, heapUsed: 0, total: 0 };
    let fraction: number | null = null;
    try {
      usage = this.memory();
      fraction = memoryFraction(usage);
    } catch {
      // A probe that fails says nothing about memory; the other conditions still count.
    }
    if (fraction !== null && fraction > o.memoryAlertFraction) {
      reasons.push(
        `The process uses ${percent(fraction)} of the memory available to it, more than ${percent(o.memoryAlertFraction)}.`,
      );
    }

    return {
      status: reasons.length === 0 ? "ok" : "degraded",
      reasons,
      height: tip === null ? null : Number(tip.height),
      peers: { ...pick(counts), minimum: o.minPeers, networkActive },
      lastBlockAgeMs,
      blockIntervalMs: o.blockIntervalMs,
      finalityP50Ms: p50,
      finalityP95Ms: p95,
      finalitySamples: durations.length,
      memory: { rss: usage.rss, heapUsed: usage.heapUsed, total: usage.total, fraction },
      checkedAt: now,
    };
  }

  /** Stops following the node's events (idempotent). */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }
}

function pick(c: { inbound: number; outbound: number; total: number }) {
  return { inbound: c.inbound, outbound: c.outbound, total: c.total };
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

function percent(f: number): string {
  return `${Math.round(f * 100)} %`;
}
