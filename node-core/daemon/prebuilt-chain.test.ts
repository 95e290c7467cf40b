// The prebuilt devnet chain is a chain the real rules accept: built into a temp dir, the reopened LevelDB
// store holds exactly the blocks asked for, each with its certificate and workload transactions, and a
// fresh node built by the composition root over an empty in-memory store imports every block through its
// chain service and ends with the same tip and UTXO set; the daemon's start path opens it at that tip. A second build into the same directory is
// refused, and so are bad options.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VirtualTime } from "../consensus/index.js";
import { CHAIN_DB_DIR, ChainStore, MemoryChainBackend } from "../db/index.js";
import { type BuildProgress, buildDevnetChain } from "../devnet/index.js";
import { devnetRoleKey, loadGenesis } from "../genesis/index.js";
import { createNode, LiveTaskRunner, type NodeTransport } from "../node/index.js";
import { plainNodeInputs } from "../node/test-support.js";
import { DEVNET, withBlockInterval } from "../params/index.js";
import type { CertifiedBlock } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { memoryLogger } from "../util/index.js";
import { startNodeRuntime } from "./node-runtime.js";

const BLOCKS = 20;
const TXS_PER_BLOCK = 2;
const BLOCK_INTERVAL_MS = 2_000;

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "time-prebuilt-"));
  dirs.push(dir);
  return dir;
}

/** The fresh node has no peers: it hears nothing and what it says reaches no one. */
const noPeers: NodeTransport = {
  peers: () => [],
  send: () => {},
  broadcast: () => {},
  onMessage: () => () => {},
};

describe("buildDevnetChain", () => {
  it("builds certified blocks that a fresh node's chain service accepts, to the same UTXO set", async () => {
    const dataDir = await tempDir();
    const progress: BuildProgress[] = [];
    const built = await buildDevnetChain({
      dataDir,
      blocks: BLOCKS,
      blockIntervalMs: BLOCK_INTERVAL_MS,
      txsPerBlock: TXS_PER_BLOCK,
      onProgress: (p) => progress.push(p),
    });
    expect(built.tipHeight).toBe(BigInt(BLOCKS));
    expect(progress.map((p) => p.height)).toEqual(Array.from({ length: BLOCKS }, (_, i) => i + 1));

    const params = withBlockInterval(DEVNET, BLOCK_INTERVAL_MS);
    const genesis = await loadGenesis(params);
    expect(built.genesisHash).toBe(toHex(genesis.hash));
    const store = await ChainStore.open({ dataDir, params, genesisHash: genesis.hash });
    const blocks: CertifiedBlock[] = [];
    try {
      expect(store.getTip()?.height).toBe(BigInt(BLOCKS));
      expect(toHex(store.getTip()?.hash ?? new Uint8Array())).toBe(built.tipHash);
      expect(await store.utxoSetSummary()).toEqual(built.utxoSet);
      for (let h = 1n; h <= BigInt(BLOCKS); h++) {
        const certified = await store.getBlockByHeight(h);
        if (certified === null) throw new Error(`block ${h} is missing`);
        expect(certified.certificate).not.toBeNull();
        expect(certified.block.header.height).toBe(h);
        blocks.push(certified);
      }
    } finally {
      await store.close();
    }
    // Block timestamps follow the virtual slots from genesis, strictly increasing.
    for (let i = 1; i < blocks.length; i++) {
      const a = blocks[i - 1] as CertifiedBlock;
      const b = blocks[i] as CertifiedBlock;
      expect(b.block.header.timestamp).toBeGreaterThan(a.block.header.timestamp);
    }
    // The workload: the faucet split first, then two-in two-out spends signed by the public faucet keys.
    const spends = blocks.flatMap((b) => b.block.transactions.slice(1));
    expect(spends.length).toBe(built.transactions);
    expect(spends.length).toBeGreaterThanOrEqual(TXS_PER_BLOCK * (BLOCKS - 4));
    const faucet = devnetRoleKey("faucet", 0).publicKey;
    expect(bytesEqual(spends[0]?.inputs[0]?.publicKey ?? new Uint8Array(), faucet)).toBe(true);
    expect(spends.slice(1).filter((tx) => tx.inputs.length === 2 && tx.outputs.length === 2).length).toBe(
      spends.length - 1,
    );
    // The VRF ranking rotates the proposer: more than one validator proposed.
    const proposers = new Set(blocks.map((b) => toHex(b.block.header.proposerPublicKey)));
    expect(proposers.size).toBeGreaterThan(1);

    const backend = new MemoryChainBackend({ params, genesisHash: genesis.hash });
    const logger = memoryLogger();
    const last = blocks[blocks.length - 1] as CertifiedBlock;
    const time = new VirtualTime(Number(last.block.header.timestamp));
    const tasks = new LiveTaskRunner(logger);
    const inputs = plainNodeInputs({
      params,
      genesis,
      backend,
      time,
      transport: noPeers,
      logger,
      tasks,
      rngSeed: 3,
    });
    const node = await createNode(inputs.opts, inputs.modules);
    try {
      for (const certified of blocks) await node.services.chain.importBlock(certified);
    } finally {
      await node.close();
      await tasks.idle();
    }
    expect(backend.getTip()?.height).toBe(BigInt(BLOCKS));
    expect(toHex(backend.getTip()?.hash ?? new Uint8Array())).toBe(built.tipHash);
    expect(await backend.utxoSetSummary()).toEqual(built.utxoSet);
    expect(logger.entries.filter((e) => e.level === "error" || e.level === "fatal")).toEqual([]);

    // The daemon's own start path (store, libp2p host on a loopback port, node) opens it at the same tip.
    const runtimeLogs = memoryLogger();
    const runtime = await startNodeRuntime(
      {
        network: "devnet",
        dataDir,
        listen: ["127.0.0.1:0"],
        bootstrap: [],
        operator: null,
        blockIntervalMs: BLOCK_INTERVAL_MS,
        agent: "prebuilt-chain-test",
      },
      { logger: runtimeLogs },
    );
    try {
      expect(runtime.node.services.follower.tipHeight).toBe(BigInt(BLOCKS));
      expect(toHex(runtime.node.services.follower.tipHash)).toBe(built.tipHash);
    } finally {
      await runtime.close();
    }
    expect(runtimeLogs.entries.filter((e) => e.level === "error" || e.level === "fatal")).toEqual([]);

    // The directory now holds a chain: building into it again is refused and leaves it as it was.
    await expect(buildDevnetChain({ dataDir, blocks: 1 })).rejects.toMatchObject({
      code: "PREBUILT_NOT_EMPTY",
      payload: { height: String(BLOCKS) },
    });
    const reopened = await ChainStore.open({ dataDir, params, genesisHash: genesis.hash });
    expect(reopened.getTip()?.height).toBe(BigInt(BLOCKS));
    await reopened.close();
  });

  it("refuses bad options before touching the directory", async () => {
    const dataDir = await tempDir();
    for (const bad of [
      { blocks: 0 },
      { blocks: 1.5 },
      { blocks: 5, txsPerBlock: -1 },
      { blocks: 5, blockIntervalMs: 10 },
      { blocks: 5, latencyMs: Number.NaN },
    ]) {
      await expect(buildDevnetChain({ dataDir, ...bad })).rejects.toMatchObject({
        code: "PREBUILT_BAD_OPTION",
      });
    }
    await expect(buildDevnetChain({ dataDir: "", blocks: 1 })).rejects.toMatchObject({
      code: "PREBUILT_BAD_OPTION",
      payload: { option: "dataDir" },
    });
    expect(existsSync(join(dataDir, CHAIN_DB_DIR))).toBe(false);
  });
});
