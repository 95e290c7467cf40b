// HealthMonitor on a manual clock over a real chain (the chain service importing fixture blocks into a
// MemoryChainBackend): ok, then degraded with each of the seeds' conditions in turn (height stalled for three
// block intervals, too few peers or none, median finality over 10 s, memory over 80 %), and ok again once
// each clears; the report is plain JSON. Then the same monitor following a real node's events.
import { afterEach, describe, expect, it } from "vitest";
import { ChainFixture } from "../chain/fixture.js";
import { ChainService } from "../chain/index.js";
import { MemoryChainBackend } from "../db/index.js";
import { Mempool } from "../mempool/index.js";
import { ManualClock } from "../testing/index.js";
import { silentLogger } from "../util/index.js";
import { HealthMonitor } from "./health.js";
import type { MemoryUsage } from "./memory.js";
import { TestNetwork } from "./test-network.js";
import { type NodeRig, nodeRig } from "./test-support.js";

const INTERVAL = 5_000;
const closers: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function chainRig() {
  const fx = new ChainFixture("health");
  const backend = new MemoryChainBackend({ params: fx.params });
  const mempool = new Mempool({}, { backend, params: fx.params, clock: fx.clock, logger: silentLogger });
  const chain = new ChainService(fx.options, fx.modules(backend, mempool));
  await chain.init();
  closers.push(async () => {
    await chain.close();
    mempool.close();
  });
  return { backend, addBlock: async () => chain.importBlock(await fx.buildBlock(backend)) };
}

describe("HealthMonitor", () => {
  it("goes degraded with each alert condition and back to ok when it clears", async () => {
    const { backend, addBlock } = await chainRig();
    const clock = new ManualClock(1_000_000);
    const network = new TestNetwork();
    network.inbound = 2;
    network.outbound = 4;
    let memory: MemoryUsage = { rss: 300, heapUsed: 200, total: 1000 };
    const health = new HealthMonitor(
      { blockIntervalMs: INTERVAL },
      { node: null, view: backend, network, clock, memory: () => memory },
    );
    const reasons = () => health.check().reasons;

    const first = health.check();
    expect(first).toMatchObject({
      status: "ok",
      reasons: [],
      height: 0,
      peers: { inbound: 2, outbound: 4, total: 6, minimum: 5, networkActive: true },
      lastBlockAgeMs: 0,
      finalityP50Ms: null,
      memory: { rss: 300, fraction: 0.3 },
    });
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);

    // Height stalled: three block intervals are fine, a moment more is not; a new block clears it.
    clock.advance(3 * INTERVAL);
    expect(health.check().status).toBe("ok");
    clock.advance(1);
    const stalled = health.check();
    expect(stalled.status).toBe("degraded");
    expect(stalled.lastBlockAgeMs).toBe(3 * INTERVAL + 1);
    expect(stalled.reasons).toEqual([
      "The height has stayed at 0 for 15 s, more than 3 block intervals (5 s each): sync may be stalled.",
    ]);
    await addBlock();
    expect(health.check()).toMatchObject({ status: "ok", height: 1, lastBlockAgeMs: 0 });
    // noteHeight (the chain:block listener) moves it too.
    clock.advance(3 * INTERVAL + 1);
    health.noteHeight(1n);
    expect(health.check().status).toBe("degraded");
    await addBlock();
    health.noteHeight(2n);
    expect(health.check().status).toBe("ok");

    // Too few peers, the network off, and back.
    network.outbound = 2;
    expect(reasons()).toEqual([
      "Only 4 peers are connected, fewer than the 5 needed: the node may be isolated.",
    ]);
    network.inbound = 0;
    network.outbound = 1;
    expect(reasons()[0]).toContain("Only 1 peer is connected");
    network.inbound = 4;
    expect(health.check().status).toBe("ok");
    await network.setActive(false);
    expect(reasons()).toEqual(["The network is switched off: the node is not connected to anyone."]);
    await network.setActive(true);
    expect(health.check().status).toBe("ok");

    // Finality: the median of recent decisions over 10 s; faster decisions, or time, clear it.
    health.noteFinality(2_000);
    health.noteFinality(12_000);
    expect(health.check()).toMatchObject({ status: "ok", finalityP50Ms: 2_000, finalitySamples: 2 });
    health.noteFinality(15_000);
    const slow = health.check();
    expect(slow).toMatchObject({ status: "degraded", finalityP50Ms: 12_000, finalityP95Ms: 15_000 });
    expect(slow.reasons).toEqual([
      "Transactions take 12 s to finalize (median of the last 3), more than 10 s: consensus is struggling.",
    ]);
    for (let i = 0; i < 2; i++) health.noteFinality(800);
    expect(health.check()).toMatchObject({ status: "ok", finalityP50Ms: 2_000 });
    for (let i = 0; i < 6; i++) health.noteFinality(11_000);
    expect(health.check().status).toBe("degraded");
    // Ten minutes on, those decisions say nothing about now (the chain moves meanwhile, so no stall).
    clock.advance(health.options.finalityWindowMs + 1);
    await addBlock();
    expect(health.check()).toMatchObject({ status: "ok", finalityP50Ms: null, finalitySamples: 0 });

    // Memory over 80 %, a probe that fails (no verdict from it), and back.
    memory = { rss: 850, heapUsed: 400, total: 1000 };
    expect(reasons()).toEqual(["The process uses 85 % of the memory available to it, more than 80 %."]);
    memory = { rss: 850, heapUsed: 400, total: 0 };
    expect(health.check()).toMatchObject({ status: "ok", memory: { fraction: null } });
    memory = { rss: 100, heapUsed: 50, total: 1000 };
    expect(health.check().status).toBe("ok");

    // Several at once: one sentence each.
    clock.advance(4 * INTERVAL);
    network.inbound = 0;
    memory = { rss: 990, heapUsed: 400, total: 1000 };
    expect(health.check().reasons).toHaveLength(3);
  });

  it("is degraded without a chain or without a network, and refuses bad options", () => {
    const clock = new ManualClock(0);
    const empty = new MemoryChainBackend({ params: new ChainFixture("health-empty").params });
    const health = new HealthMonitor(
      { blockIntervalMs: INTERVAL, minPeers: 0 },
      { node: null, view: empty, network: null, clock, memory: () => ({ rss: 1, heapUsed: 1, total: 100 }) },
    );
    expect(health.check()).toMatchObject({
      status: "degraded",
      height: null,
      reasons: [
        "The chain has no blocks yet: genesis is not connected.",
        "There is no peer-to-peer network: the node is not connected to anyone.",
      ],
    });
    const modules = { node: null, view: empty, network: null, clock };
    expect(() => new HealthMonitor({ blockIntervalMs: 0 }, modules)).toThrow(
      expect.objectContaining({
        code: "METRICS_BAD_OPTIONS",
        payload: { option: "blockIntervalMs", actual: "0" },
      }),
    );
    expect(() => new HealthMonitor({ blockIntervalMs: 1, memoryAlertFraction: 1.5 }, modules)).toThrow(
      expect.objectContaining({ code: "METRICS_BAD_OPTIONS" }),
    );
  });

  it("follows a real node's blocks and finalized transactions", async () => {
    const rig: NodeRig = await nodeRig("health-node");
    closers.push(() => rig.close());
    const network = new TestNetwork();
    network.outbound = 5;
    const health = new HealthMonitor(
      { blockIntervalMs: rig.fx.params.blockIntervalMs },
      {
        node: rig.node,
        view: rig.backend,
        network,
        clock: rig.time,
        memory: () => ({ rss: 1, heapUsed: 1, total: 10 }),
      },
    );
    closers.push(() => health.close());
    await rig.nextBlock();
    expect(health.check()).toMatchObject({ status: "ok", height: 1, lastBlockAgeMs: 0 });
    rig.node.submit(rig.spend());
    for (let i = 0; i < 400 && health.check().finalitySamples === 0; i++) await rig.advance(50);
    const report = health.check();
    expect(report.finalitySamples).toBe(1);
    expect(report.finalityP50Ms).toBeGreaterThan(0);
    expect(report.finalityP50Ms).toBeLessThan(10_000);
    const listeners = rig.node.events.listenerCount("snowball:final");
    health.close();
    expect(rig.node.events.listenerCount("snowball:final")).toBe(listeners - 1);
  });
});
