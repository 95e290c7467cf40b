// A node built by the composition root on a real LevelDB store in a temp dir follows a chain that simulated
// masternodes produced: it is connected, over a loopback transport that carries the protocol's bytes, to
// a node serving one simulated validator's chain, syncs it through the status / getBlocks exchange with
// real timers, and ends with the same blocks, UTXO set and masternodes, which survive a reopen.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifierFromScheme } from "../chain/index.js";
import { SeededRng, systemClock, timerScheduler } from "../consensus/index.js";
import { type ChainBackend, ChainStore } from "../db/index.js";
import { decodeMessage, encodeMessage } from "../network/index.js";
import {
  createNode,
  LiveTaskRunner,
  type NodeMessage,
  type NodeTransport,
  type TimeNode,
} from "../node/index.js";
import { toHex } from "../types/index.js";
import { memoryLogger } from "../util/index.js";
import { simGenesis } from "./scenario.js";
import { simCrypto } from "./schemes.js";
import { simulate } from "./simulation.js";

/** Two transports joined back to back; every message crosses as encoded bytes, delivered asynchronously. */
function loopback(a: string, b: string): [NodeTransport, NodeTransport] {
  const handlers = new Map<string, (from: string, message: NodeMessage) => void>();
  const make = (self: string, other: string): NodeTransport => ({
    peers: () => [a, b],
    send: (peer, message) => {
      if (peer !== other) return;
      const bytes = encodeMessage(message);
      setImmediate(() => handlers.get(other)?.(self, decodeMessage(bytes)));
    },
    broadcast: (message) => {
      const bytes = encodeMessage(message);
      setImmediate(() => handlers.get(other)?.(self, decodeMessage(bytes)));
    },
    onMessage: (handler) => {
      handlers.set(self, handler);
      return () => handlers.delete(self);
    },
  });
  return [make(a, b), make(b, a)];
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("a LevelDB node built by createNode", () => {
  it("follows the chain simulated masternodes produced, and keeps it across a reopen", async () => {
    const run = await simulate({ nodes: 4, txs: 40, minBlocks: 20, seed: 11 });
    expect(run.result.failures).toEqual([]);
    const source = run.live[0];
    if (source === undefined) throw new Error("the run has no node");
    const sourceTip = source.backend.getTip();
    if (sourceTip === null) throw new Error("the simulated chain is empty");
    expect(sourceTip.height).toBeGreaterThanOrEqual(20n);

    // The simulator signs with its fast keyed-hash scheme: the follower checks the chain with the same one.
    const crypto = simCrypto("fast");
    const o = run.options;
    const genesis = simGenesis(o.nodes, o.txs + o.doubleSpends, o.blockIntervalMs);
    expect(toHex(genesis.hash)).toBe(run.nodes[0]?.chain[0]);
    const verifier = verifierFromScheme(crypto.signatures);
    const dir = await mkdtemp(join(tmpdir(), "time-follower-"));
    dirs.push(dir);
    const store = await ChainStore.open(
      { dataDir: dir, params: genesis.params, genesisHash: genesis.hash },
      { verifier },
    );
    const logs = memoryLogger();
    const [serving, following] = loopback("serving", "following");
    const tasks = new LiveTaskRunner(logs);
    const build = (backend: ChainBackend, transport: NodeTransport, seed: number): Promise<TimeNode> =>
      createNode(
        {
          params: genesis.params,
          genesis: { block: genesis.block, hash: genesis.hash, treasuryAddress: genesis.treasuryAddress },
          operator: null,
          tsdc: {
            chainId: genesis.params.chainId,
            blockIntervalMs: genesis.params.blockIntervalMs,
            genesisTimestampMs: Number(genesis.block.header.timestamp),
          },
          statusIntervalMs: 20,
        },
        {
          backend,
          clock: systemClock,
          scheduler: timerScheduler,
          rng: new SeededRng(seed),
          signatures: crypto.signatures,
          vrf: crypto.vrf,
          verifier,
          transport,
          tasks,
          logger: logs,
        },
      );
    const server = await build(source.backend, serving, 1);
    const follower = await build(store, following, 2);
    const faults: string[] = [];
    follower.events.on("node:fault", ({ what }) => faults.push(what));
    server.start();
    follower.start();
    follower.announce(1);

    const synced = await waitFor(() => store.getTip()?.height === sourceTip.height, 30_000);
    await follower.close();
    await server.close();
    await tasks.idle();
    expect(faults).toEqual([]);
    expect(logs.entries.filter((e) => e.level === "error" || e.level === "fatal")).toEqual([]);
    expect(synced).toBe(true);
    expect(toHex(store.getTip()?.hash ?? new Uint8Array())).toBe(toHex(sourceTip.hash));
    for (let h = 0n; h <= sourceTip.height; h++) {
      expect(toHex((await store.getHashAtHeight(h)) ?? new Uint8Array())).toBe(
        run.nodes[0]?.chain[Number(h)],
      );
    }
    expect(await store.utxoSetSummary()).toEqual(await source.backend.utxoSetSummary());
    expect(await store.listMasternodes()).toEqual(await source.backend.listMasternodes());
    // Workload transactions the validators finalized are in the follower's tx index.
    const inBlocks = run.workload.filter((w) => run.nodes[0]?.final.includes(w.txidHex));
    expect(inBlocks.length).toBeGreaterThan(0);
    for (const w of inBlocks) expect(await store.getTransactionLocation(w.txid)).not.toBeNull();

    await store.close();
    const reopened = await ChainStore.open(
      { dataDir: dir, params: genesis.params, genesisHash: genesis.hash },
      { verifier },
    );
    expect(reopened.getTip()).toEqual(store.getTip());
    expect(await reopened.utxoSetSummary()).toEqual(await source.backend.utxoSetSummary());
    await reopened.close();
  });
});
