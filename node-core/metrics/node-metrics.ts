// The node's Prometheus metrics, on a registry of its own (never prom-client's global one, so two nodes in
// one process, or a test, do not share series). Collectors of things that happen are fed by the node's
// events (chain:block: height, block interval; snowball:final: finalization time and polls per decision;
// the chain service's rollbacks: reorgs); things that are are read at scrape time (mempool, UTXO set, the
// p2p host's peers, traffic, rate-limit drops and bans, the anomaly detector's figures). Names follow the
// seeds' with a `timecoin_` prefix; render() gives the text format `promtool check metrics` accepts.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ChainView } from "../db/index.js";
import type { NetworkControl } from "../p2p/index.js";
import { toHex } from "../types/index.js";
import { type Logger, silentLogger, type Unsubscribe } from "../util/index.js";
import { ANOMALY_KINDS } from "./anomaly-detector.js";
import { type MemoryProbe, memoryFraction, processMemory } from "./memory.js";
import { type NodeMetricsModules, type NodeMetricsOptions, resolveNodeMetricsOptions } from "./options.js";

/** Buckets of the block interval histogram, seconds: from the devnet's 5 s to an hour. */
const BLOCK_INTERVAL_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600];
const REORG_DEPTH_BUCKETS = [1, 2, 3, 5, 10, 20, 50, 100];

/**
 * Mirrors a cumulative figure the source keeps (bytes per protocol since start) into a prom-client counter,
 * which only increases: each scrape adds what grew since the last. A figure that went down means its
 * source restarted, so all of it is new.
 */
class CounterMirror {
  private readonly last = new Map<string, number>();

  constructor(private readonly counter: Counter<string>) {}

  update(labels: Record<string, string>, current: number): void {
    if (!Number.isFinite(current) || current < 0) return;
    const key = JSON.stringify(labels);
    const before = this.last.get(key) ?? 0;
    this.last.set(key, current);
    const delta = current >= before ? current - before : current;
    // inc(0) still makes the series appear, so a protocol with no traffic yet is listed.
    this.counter.inc(labels, delta);
  }

  updateUnlabelled(current: number): void {
    if (!Number.isFinite(current) || current < 0) return;
    const before = this.last.get("") ?? 0;
    this.last.set("", current);
    this.counter.inc(current >= before ? current - before : current);
  }
}

export class NodeMetrics {
  readonly options: NodeMetricsOptions;
  readonly registry: Registry;
  private readonly view: ChainView;
  private readonly network: NetworkControl | null;
  private readonly memory: MemoryProbe;
  private readonly logger: Logger;
  private readonly unsubscribe: Unsubscribe[] = [];
  private readonly scrapeErrors: Counter<string>;
  /** What render() reads from the p2p host, the store and the detector before the registry is rendered. */
  private readonly samplers: readonly (() => void | Promise<void>)[];
  /** The latest block connected, for the next one's interval (null after a rollback). */
  private lastBlock: { height: bigint; timestampMs: number } | null = null;
  /** Clock time of the latest block connected. */
  private lastBlockAt: number | null = null;
  private utxo: { tip: string; count: number } | null = null;
  private utxoLoading: Promise<void> | null = null;
  private closed = false;

  constructor(opts: Partial<NodeMetricsOptions>, modules: NodeMetricsModules) {
    this.options = resolveNodeMetricsOptions(opts);
    const p = this.options.prefix;
    const { node, clock, anomaly } = modules;
    this.view = modules.view;
    this.network = modules.network;
    this.memory = modules.memory ?? processMemory;
    this.logger = (modules.logger ?? silentLogger).child({ module: "metrics" });
    this.registry = new Registry();
    const registers = [this.registry];
    if (this.options.defaultMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: p });
      // Gauges named like counters, which promtool's lint refuses; the same figures are exported by type as
      // nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
      for (const name of ["active_handles_total", "active_requests_total", "active_resources_total"]) {
        this.registry.removeSingleMetric(`${p}nodejs_${name}`);
      }
    }

    // Chain.
    const height = new Gauge({
      name: `${p}blockchain_height`,
      help: "Current blockchain height",
      registers,
      collect: () => {
        // The event keeps it current; the tip read covers a rollback and the time before the first block.
        const tip = this.view.getTip();
        if (tip !== null) height.set(Number(tip.height));
      },
    });
    const blocks = new Counter({
      name: `${p}blockchain_blocks_connected_total`,
      help: "Blocks connected to the active chain since start",
      registers,
    });
    const interval = new Histogram({
      name: `${p}blockchain_block_interval_seconds`,
      help: "Header timestamp of each connected block minus its parent's",
      buckets: BLOCK_INTERVAL_BUCKETS,
      registers,
    });
    const startedAt = clock.now();
    const lastBlockAt = () => this.lastBlockAt ?? startedAt;
    new Gauge({
      name: `${p}blockchain_last_block_age_seconds`,
      help: "Seconds since this node last connected a block (since start before the first)",
      registers,
      collect() {
        this.set(Math.max(0, clock.now() - lastBlockAt()) / 1000);
      },
    });
    const reorgs = new Counter({
      name: `${p}blockchain_reorg_total`,
      help: "Total number of chain reorganizations (rollbacks of the active chain)",
      registers,
    });
    const reorgDepth = new Histogram({
      name: `${p}blockchain_reorg_depth`,
      help: "Depth of chain reorganizations in blocks",
      buckets: REORG_DEPTH_BUCKETS,
      registers,
    });
    const utxoGauge = new Gauge({
      name: `${p}utxo_set_size`,
      help: "Number of UTXOs in the set at the tip",
      registers,
    });

    // Consensus.
    const finality = new Histogram({
      name: `${p}consensus_finalization_duration_seconds`,
      help: "Time from a transaction reaching Snowball to its finalization",
      buckets: [...this.options.finalityBucketsSeconds],
      registers,
    });
    const polls = new Histogram({
      name: `${p}consensus_snowball_polls`,
      help: "Snowball polls that included a transaction until it was decided (final or rejected)",
      buckets: [...this.options.pollBuckets],
      registers,
    });
    const decisions = new Counter({
      name: `${p}consensus_decisions_total`,
      help: "Snowball decisions by outcome",
      labelNames: ["outcome"],
      registers,
    });
    decisions.inc({ outcome: "final" }, 0);
    decisions.inc({ outcome: "rejected" }, 0);

    // Mempool.
    new Gauge({
      name: `${p}mempool_size`,
      help: "Number of transactions in mempool",
      registers,
      collect() {
        this.set(node.services.mempool.size);
      },
    });
    new Gauge({
      name: `${p}mempool_bytes`,
      help: "Total size of mempool in bytes",
      registers,
      collect() {
        this.set(node.services.mempool.bytes);
      },
    });

    // Node.
    const faults = new Counter({
      name: `${p}node_faults_total`,
      help: "Failures no caller was waiting for (bugs, store failures); each is logged",
      registers,
    });
    const refused = new Counter({
      name: `${p}node_blocks_refused_total`,
      help: "Certified blocks from peers refused for breaking a rule",
      registers,
    });
    const memoryGauge = new Gauge({
      name: `${p}memory_used_ratio`,
      help: "Resident memory of the process over the memory available to it",
      registers,
    });
    const scrapeErrors = new Counter({
      name: `${p}metrics_scrape_errors_total`,
      help: "Parts of a scrape that could not be read, by part (the rest is still served)",
      labelNames: ["part"],
      registers,
    });
    this.scrapeErrors = scrapeErrors;
    const samplers: (() => void | Promise<void>)[] = [];
    samplers.push(async () => {
      const count = await this.utxoCount();
      if (count !== null) utxoGauge.set(count);
    });
    samplers.push(() => {
      try {
        const f = memoryFraction(this.memory());
        if (f !== null) memoryGauge.set(f);
      } catch (err) {
        this.scrapeFailed("memory", err);
      }
    });

    // Network: read from the p2p host at scrape time.
    const net = this.network;
    // The seeds' network_peer_count, renamed: a _count suffix belongs to histograms and summaries.
    const peerCount = new Gauge({
      name: `${p}network_peers`,
      help: "Number of connected peers",
      registers,
    });
    const inbound = new Gauge({
      name: `${p}network_inbound_connections`,
      help: "Number of inbound peer connections",
      registers,
    });
    const outbound = new Gauge({
      name: `${p}network_outbound_connections`,
      help: "Number of outbound peer connections",
      registers,
    });
    const active = new Gauge({
      name: `${p}network_active`,
      help: "1 while the network is switched on, 0 when off or absent",
      registers,
    });
    const banned = new Gauge({ name: `${p}network_banned`, help: "Bans in force", registers });
    const counter = (name: string, help: string, labelNames: string[] = []) =>
      new CounterMirror(new Counter({ name: `${p}${name}`, help, labelNames, registers }));
    const bytesIn = counter("network_bytes_received_total", "Bytes received from peers by protocol", [
      "protocol",
    ]);
    const bytesOut = counter("network_bytes_sent_total", "Bytes sent to peers by protocol", ["protocol"]);
    const msgsIn = counter("network_messages_received_total", "Messages received from peers by protocol", [
      "protocol",
    ]);
    const msgsOut = counter("network_messages_sent_total", "Messages sent to peers by protocol", [
      "protocol",
    ]);
    const drops = counter("network_rate_limit_drops_total", "Messages dropped by per-peer rate limits", [
      "class",
    ]);
    const bans = counter("network_bans_total", "Peers and addresses banned since start");
    samplers.push(() => {
      if (net === null) {
        for (const g of [peerCount, inbound, outbound, active, banned]) g.set(0);
        bans.updateUnlabelled(0);
        return;
      }
      try {
        const counts = net.connectionCounts();
        peerCount.set(counts.total);
        inbound.set(counts.inbound);
        outbound.set(counts.outbound);
        active.set(net.active ? 1 : 0);
        banned.set(net.listBanned().length);
        for (const [protocol, t] of Object.entries(net.traffic())) {
          bytesIn.update({ protocol }, t.bytesIn);
          bytesOut.update({ protocol }, t.bytesOut);
          msgsIn.update({ protocol }, t.messagesIn);
          msgsOut.update({ protocol }, t.messagesOut);
        }
        for (const [cls, n] of Object.entries(net.rateLimitDrops())) drops.update({ class: cls }, n);
        bans.updateUnlabelled(net.banCount);
      } catch (err) {
        this.scrapeFailed("network", err);
      }
    });

    // Anomalies.
    if (anomaly !== undefined) {
      const warnings = counter("anomaly_warnings_total", "Anomaly warnings by kind", ["kind"]);
      const activeAnomalies = new Gauge({
        name: `${p}anomaly_active`,
        help: "Peers, addresses or the chain with an anomaly warning in the detector's active period, by kind",
        labelNames: ["kind"],
        registers,
      });
      const baselineMean = new Gauge({
        name: `${p}anomaly_baseline_mean`,
        help: "Mean of the detector's baseline by kind (counts per window, or block interval in ms)",
        labelNames: ["kind"],
        registers,
      });
      samplers.push(() => {
        const summary = anomaly.summary();
        for (const kind of ANOMALY_KINDS) {
          const s = summary[kind];
          warnings.update({ kind }, s.warnings);
          activeAnomalies.set({ kind }, s.active);
          baselineMean.set({ kind }, s.mean);
        }
      });
    }

    this.samplers = samplers;

    // Event feeds.
    this.unsubscribe.push(
      node.events.on("chain:block", ({ certified }) => {
        const h = certified.block.header;
        const timestampMs = Number(h.timestamp);
        height.set(Number(h.height));
        blocks.inc();
        const last = this.lastBlock;
        if (last !== null && h.height === last.height + 1n) {
          interval.observe(Math.max(0, timestampMs - last.timestampMs) / 1000);
        }
        this.lastBlock = { height: h.height, timestampMs };
        this.lastBlockAt = clock.now();
        anomaly?.observeBlock(h.height, timestampMs);
      }),
      node.events.on("snowball:final", ({ status }) => {
        decisions.inc({ outcome: "final" });
        polls.observe(status.polls);
        if (status.decidedAt !== null)
          finality.observe(Math.max(0, status.decidedAt - status.addedAt) / 1000);
      }),
      node.events.on("snowball:rejected", ({ status }) => {
        decisions.inc({ outcome: "rejected" });
        polls.observe(status.polls);
      }),
      node.events.on("node:fault", () => faults.inc()),
      node.events.on("node:blockRefused", () => refused.inc()),
      node.services.chain.onRollback((rolledBack) => {
        reorgs.inc();
        reorgDepth.observe(rolledBack.length);
        // The next block's parent is no longer the one remembered: no interval across a reorg.
        this.lastBlock = null;
      }),
    );
  }

  /** The Content-Type of render()'s text (the Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the text exposition format, the scraped values read now. */
  async render(): Promise<string> {
    if (!this.closed) await Promise.all(this.samplers.map((sample) => sample()));
    return this.registry.metrics();
  }

  /** Stops following the node (idempotent); the registry is emptied. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    this.registry.clear();
  }

  /** The UTXO count at the tip, read once per tip (a full pass over the set) and shared by concurrent scrapes. */
  private async utxoCount(): Promise<number | null> {
    const tip = this.view.getTip();
    if (tip === null) return 0;
    const key = toHex(tip.hash);
    if (this.utxo?.tip === key) return this.utxo.count;
    this.utxoLoading ??= this.view
      .utxoSetSummary()
      .then((summary) => {
        // The summary is of the tip when it was read, which may have moved since: keyed by the tip asked for.
        this.utxo = { tip: key, count: summary.count };
      })
      .catch((err: unknown) => this.scrapeFailed("utxo", err))
      .finally(() => {
        this.utxoLoading = null;
      });
    await this.utxoLoading;
    return this.utxo?.count ?? null;
  }

  private scrapeFailed(part: string, err: unknown): void {
    this.scrapeErrors.inc({ part });
    this.logger.warn({ part, err }, `metrics: could not read ${part}; serving its last value`);
  }
}
