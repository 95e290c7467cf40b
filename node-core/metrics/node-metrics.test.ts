// NodeMetrics on a real node (createNode over a MemoryChainBackend, virtual time, a loopback transport):
// blocks the node connects move the height, block count and interval histogram; a transaction Snowball
// finalizes lands in the finalization and polls histograms; a rollback counts as a reorg; mempool, UTXO
// set (read once per tip), peers, traffic, rate-limit drops and bans are read at scrape time; the text
// passes `promtool check metrics`; close() unsubscribes. The p2p host is an in-test NetworkControl.
import { execFile, execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { ChainView } from "../db/index.js";
import { silentLogger } from "../util/index.js";
import { AnomalyDetector } from "./anomaly-detector.js";
import { NodeMetrics } from "./node-metrics.js";
import { TestNetwork } from "./test-network.js";
import { type NodeRig, nodeRig } from "./test-support.js";

/** The value of one series in the text format (labels as written by prom-client), or undefined. */
function value(text: string, series: string): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

function promtoolAvailable(): boolean {
  try {
    execFileSync("promtool", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** promtool's verdict on `text`: its lint findings and exit status. */
function promtool(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile("promtool", ["check", "metrics"], (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(text);
  });
}

const HAS_PROMTOOL = promtoolAvailable();
const PROMTOOL_TEST = "renders text that promtool check metrics accepts, process metrics included";
const NO_PROMTOOL =
  "SKIPPED: promtool is not on PATH, so the exposition is not validated (install it: apt-get install -y prometheus)";
if (!HAS_PROMTOOL) console.warn(`${PROMTOOL_TEST}: ${NO_PROMTOOL}`);

/** The real backend, counting the full passes over the UTXO set metrics make. */
function countingView(view: ChainView): { view: ChainView; passes: () => number } {
  let passes = 0;
  const counted = new Proxy(view, {
    get(target, key, receiver) {
      if (key === "utxoSetSummary") {
        return () => {
          passes++;
          return target.utxoSetSummary();
        };
      }
      const v = Reflect.get(target, key, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { view: counted, passes: () => passes };
}

let rig: NodeRig | null = null;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await rig?.close();
  rig = null;
});

describe("NodeMetrics on a real node", () => {
  it("follows the node's blocks, finality and rollbacks, and reads the rest at scrape time", async () => {
    rig = await nodeRig("metrics-node");
    const { node, backend, time } = rig;
    const network = new TestNetwork();
    network.inbound = 3;
    network.outbound = 5;
    const anomaly = new AnomalyDetector({ warmup: 30 }, { clock: time, logger: silentLogger });
    const { view, passes } = countingView(backend);
    const listenersBefore = node.events.listenerCount("chain:block");
    const metrics = new NodeMetrics(
      { defaultMetrics: false },
      { node, view, network, clock: time, anomaly, memory: () => ({ rss: 300, heapUsed: 100, total: 1000 }) },
    );
    closers.push(() => metrics.close());
    expect(metrics.contentType).toContain("text/plain");

    let text = await metrics.render();
    expect(value(text, "timecoin_blockchain_height")).toBe(0);
    expect(value(text, "timecoin_blockchain_blocks_connected_total")).toBe(0);
    expect(value(text, "timecoin_network_peers")).toBe(8);
    expect(value(text, "timecoin_network_inbound_connections")).toBe(3);
    expect(value(text, "timecoin_network_outbound_connections")).toBe(5);
    expect(value(text, "timecoin_memory_used_ratio")).toBe(0.3);
    const genesisUtxos = (await backend.utxoSetSummary()).count;
    expect(value(text, "timecoin_utxo_set_size")).toBe(genesisUtxos);

    // Three blocks from a validator: the node connects them, the metrics hear it.
    for (let i = 0; i < 3; i++) await rig.nextBlock();
    text = await metrics.render();
    expect(value(text, "timecoin_blockchain_height")).toBe(3);
    expect(value(text, "timecoin_blockchain_blocks_connected_total")).toBe(3);
    const intervalS = rig.fx.params.blockIntervalMs / 1000;
    // The first block's parent came before the metrics: two intervals, each one block interval.
    expect(value(text, "timecoin_blockchain_block_interval_seconds_count")).toBe(2);
    expect(value(text, "timecoin_blockchain_block_interval_seconds_sum")).toBe(2 * intervalS);
    expect(anomaly.baseline("block-interval")).toMatchObject({
      count: 2,
      mean: rig.fx.params.blockIntervalMs,
    });

    // A transaction: Snowball polls the validators (who answer YES) until it is final.
    const tx = rig.spend();
    node.submit(tx);
    const finals: number[] = [];
    node.events.on("snowball:final", ({ status }) => finals.push(status.polls));
    for (let i = 0; i < 400 && finals.length === 0; i++) await rig.advance(50);
    expect(finals).toHaveLength(1);
    text = await metrics.render();
    expect(value(text, "timecoin_consensus_finalization_duration_seconds_count")).toBe(1);
    expect(value(text, "timecoin_consensus_finalization_duration_seconds_sum")).toBeGreaterThan(0);
    expect(value(text, "timecoin_consensus_snowball_polls_count")).toBe(1);
    expect(value(text, "timecoin_consensus_snowball_polls_sum")).toBe(finals[0]);
    expect(value(text, 'timecoin_consensus_decisions_total{outcome="final"}')).toBe(1);
    expect(value(text, "timecoin_mempool_size")).toBe(1);
    expect(value(text, "timecoin_mempool_bytes")).toBe(node.services.mempool.bytes);
    expect(node.services.mempool.bytes).toBeGreaterThan(0);

    // The block that includes it: the pool empties and the UTXO set changes (read once for the new tip).
    const passesBefore = passes();
    await rig.nextBlock([tx]);
    text = await metrics.render();
    await metrics.render();
    expect(passes()).toBe(passesBefore + 1);
    expect(value(text, "timecoin_mempool_size")).toBe(0);
    expect(value(text, "timecoin_utxo_set_size")).toBe((await backend.utxoSetSummary()).count);
    expect(value(text, "timecoin_utxo_set_size")).not.toBe(genesisUtxos);

    // An operator's rollback of two blocks is a reorganization of depth 2.
    await node.services.chain.rollbackTo(2n);
    text = await metrics.render();
    expect(value(text, "timecoin_blockchain_reorg_total")).toBe(1);
    expect(value(text, "timecoin_blockchain_reorg_depth_sum")).toBe(2);
    expect(value(text, "timecoin_blockchain_height")).toBe(2);

    // Traffic, drops and bans are the host's running totals, mirrored into counters.
    network.carry("snowball", 1000, 400, 10, 4);
    network.carry("sync", 5000, 0, 2, 0);
    network.drops.txs = 7;
    await network.ban("192.0.2.1", 60_000, "score");
    text = await metrics.render();
    expect(value(text, 'timecoin_network_bytes_received_total{protocol="snowball"}')).toBe(1000);
    expect(value(text, 'timecoin_network_bytes_sent_total{protocol="snowball"}')).toBe(400);
    expect(value(text, 'timecoin_network_messages_received_total{protocol="sync"}')).toBe(2);
    expect(value(text, 'timecoin_network_rate_limit_drops_total{class="txs"}')).toBe(7);
    expect(value(text, "timecoin_network_bans_total")).toBe(1);
    expect(value(text, "timecoin_network_banned")).toBe(1);
    network.carry("snowball", 500, 100);
    text = await metrics.render();
    expect(value(text, 'timecoin_network_bytes_received_total{protocol="snowball"}')).toBe(1500);
    // A host restarted behind the metrics counts from zero again: its new total is all new traffic.
    network.trafficByProtocol.snowball = { bytesIn: 200, bytesOut: 0, messagesIn: 1, messagesOut: 0 };
    text = await metrics.render();
    expect(value(text, 'timecoin_network_bytes_received_total{protocol="snowball"}')).toBe(1700);

    // The anomaly detector's warnings.
    for (let i = 0; i < 30; i++) anomaly.observeBlockInterval(5_000);
    anomaly.observeBlockInterval(500_000);
    text = await metrics.render();
    expect(value(text, 'timecoin_anomaly_warnings_total{kind="block-interval"}')).toBe(1);
    expect(value(text, 'timecoin_anomaly_active{kind="block-interval"}')).toBe(1);
    expect(value(text, 'timecoin_anomaly_warnings_total{kind="message-rate"}')).toBe(0);

    // close() leaves the node as it found it.
    metrics.close();
    expect(node.events.listenerCount("chain:block")).toBe(listenersBefore);
    expect((await metrics.render()).trim()).toBe("");
  });

  it.skipIf(!HAS_PROMTOOL)(HAS_PROMTOOL ? PROMTOOL_TEST : `${PROMTOOL_TEST} (${NO_PROMTOOL})`, async () => {
    rig = await nodeRig("metrics-promtool");
    const network = new TestNetwork();
    network.carry("gossip:txs", 10, 20);
    network.drops.votes = 1;
    const anomaly = new AnomalyDetector({}, { clock: rig.time, logger: silentLogger });
    const metrics = new NodeMetrics(
      {},
      { node: rig.node, view: rig.backend, network, clock: rig.time, anomaly },
    );
    closers.push(() => metrics.close());
    await rig.nextBlock();
    await rig.nextBlock();
    const text = await metrics.render();
    expect(value(text, "timecoin_process_resident_memory_bytes")).toBeGreaterThan(0);
    const verdict = await promtool(text);
    expect(verdict.output).toBe("");
    expect(verdict.code).toBe(0);
    // And promtool does fail on a bad exposition, so the check above can fail.
    const bad = await promtool("# TYPE timecoin_x counter\ntimecoin_x 1\ntimecoin_x 2\n");
    expect(bad.code).not.toBe(0);
  });

  it("serves the rest of a scrape when a part cannot be read, and counts it", async () => {
    rig = await nodeRig("metrics-fault");
    const network = new TestNetwork();
    const broken = Object.assign(Object.create(network) as TestNetwork, {
      connectionCounts: () => {
        throw new Error("host gone");
      },
    });
    const metrics = new NodeMetrics(
      { defaultMetrics: false },
      { node: rig.node, view: rig.backend, network: broken, clock: rig.time },
    );
    closers.push(() => metrics.close());
    const text = await metrics.render();
    expect(value(text, 'timecoin_metrics_scrape_errors_total{part="network"}')).toBe(1);
    expect(value(text, "timecoin_blockchain_height")).toBe(0);
    expect(
      () =>
        new NodeMetrics(
          { prefix: "time coin" },
          { node: rig!.node, view: rig!.backend, network, clock: rig!.time },
        ),
    ).toThrow(expect.objectContaining({ code: "METRICS_BAD_OPTIONS" }));
  });
});
