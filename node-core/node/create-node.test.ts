// The composition root on the devnet genesis over an in-memory store: it builds and starts a node, routes
// each inbound message to its service with a verdict for the transport, refuses calls once closed, and a
// failure half-way closes what it had built (in reverse) and says so.
import { describe, expect, it } from "vitest";
import { ecvrfScheme, ed25519Scheme, SeededRng, VirtualTime } from "../consensus/index.js";
import { verifyAll } from "../crypto/index.js";
import { type ChainBackend, MemoryChainBackend } from "../db/index.js";
import { type LoadedGenesis, loadGenesis } from "../genesis/index.js";
import { PROTOCOL_VERSION } from "../network/index.js";
import { DEVNET, TESTNET } from "../params/index.js";
import { memoryLogger } from "../util/index.js";
import { createNode } from "./create-node.js";
import type { NodeMessage } from "./messages.js";
import type { NodeModules, NodeOptions } from "./options.js";
import { LiveTaskRunner } from "./tasks.js";
import type { NodeTransport } from "./transport.js";

interface Wire {
  readonly transport: NodeTransport;
  readonly sent: { to: string; message: NodeMessage }[];
  deliver(from: string, message: NodeMessage): ReturnType<Parameters<NodeTransport["onMessage"]>[0]> | null;
  readonly subscribed: () => boolean;
}

function wire(): Wire {
  let handler: Parameters<NodeTransport["onMessage"]>[0] | null = null;
  const sent: { to: string; message: NodeMessage }[] = [];
  return {
    sent,
    transport: {
      peers: () => ["peer-a", "peer-b"],
      send: (to, message) => sent.push({ to, message }),
      broadcast: (message) => sent.push({ to: "*", message }),
      onMessage: (h) => {
        handler = h;
        return () => {
          handler = null;
        };
      },
    },
    deliver: (from, message) => (handler === null ? null : handler(from, message)),
    subscribed: () => handler !== null,
  };
}

function setup(genesis: LoadedGenesis, backend: ChainBackend, w: Wire) {
  const time = new VirtualTime(Number(genesis.block.header.timestamp));
  const logger = memoryLogger();
  const opts: NodeOptions = {
    params: DEVNET,
    genesis: {
      block: genesis.block,
      hash: genesis.hash,
      treasuryAddress: genesis.block.transactions[0]!.outputs[0]!.address,
    },
    operator: null,
    tsdc: {
      chainId: DEVNET.chainId,
      blockIntervalMs: DEVNET.blockIntervalMs,
      genesisTimestampMs: Number(genesis.block.header.timestamp),
    },
  };
  const modules: NodeModules = {
    backend,
    clock: time,
    scheduler: time,
    rng: new SeededRng(7),
    signatures: ed25519Scheme,
    vrf: ecvrfScheme,
    verifier: verifyAll,
    transport: w.transport,
    tasks: new LiveTaskRunner(logger),
    logger,
  };
  return { opts, modules, time, logger };
}

describe("createNode", () => {
  it("builds on an empty store (connecting genesis), routes messages with verdicts, and closes", async () => {
    const genesis = await loadGenesis(DEVNET);
    const backend = new MemoryChainBackend({ params: DEVNET, genesisHash: genesis.hash });
    const w = wire();
    const { opts, modules, time } = setup(genesis, backend, w);
    const node = await createNode(opts, modules);
    expect(backend.getTip()?.height).toBe(0n);
    expect(node.services.follower.registry.votingSet.validators).toHaveLength(4);
    expect(node.services.tsdc).toBeNull();
    node.start();
    time.runUntil(time.now() + 10_000);
    const statuses = w.sent.filter((s) => s.message.kind === "status");
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses[0]?.message).toMatchObject({ kind: "status", chainId: DEVNET.chainId, height: 0n });

    const status = (chainId: number, genesisHash: Uint8Array): NodeMessage => ({
      kind: "status",
      protocolVersion: PROTOCOL_VERSION,
      chainId,
      genesisHash,
      height: 5n,
      tipHash: new Uint8Array(32),
    });
    // A peer ahead on this network: this node asks it for the blocks it lacks (the five it has).
    expect(w.deliver("peer-a", status(DEVNET.chainId, genesis.hash))).toEqual({ verdict: "accept" });
    expect(w.sent.at(-1)).toEqual({
      to: "peer-a",
      message: { kind: "getBlocks", fromHeight: 1n, count: 5 },
    });
    const before = w.sent.length;
    expect(w.deliver("peer-b", status(DEVNET.chainId + 1, genesis.hash))).toEqual({
      verdict: "reject",
      reason: "wrong-network",
    });
    expect(w.deliver("peer-b", status(DEVNET.chainId, new Uint8Array(32)))).toMatchObject({
      verdict: "reject",
    });
    expect(w.sent.length).toBe(before);
    // A heartbeat from a key that is no masternode is provably not one of ours.
    const stranger = {
      kind: "heartbeat" as const,
      heartbeat: {
        operatorPublicKey: new Uint8Array(32).fill(9),
        height: 0n,
        timestamp: BigInt(time.now()),
        sequence: 1n,
        signature: new Uint8Array(64),
      },
    };
    expect(w.deliver("peer-a", stranger)).toEqual({
      verdict: "reject",
      reason: "HEARTBEAT_UNKNOWN_OPERATOR",
    });
    // TSDC traffic means nothing to a node without a vote; an answer to no query of ours is ignored.
    expect(
      w.deliver("peer-a", { kind: "reply", requestId: 99, count: 1, bits: new Uint8Array(1) }),
    ).toMatchObject({
      verdict: "ignore",
    });

    // A certified block from a peer that breaks a rule is refused and reported, not a fault of this node.
    const faults: string[] = [];
    const refused: { from: string; height: bigint; code: string }[] = [];
    node.events.on("node:fault", ({ what }) => faults.push(what));
    node.events.on("node:blockRefused", (r) => refused.push(r));
    const bogus = {
      block: {
        ...genesis.block,
        header: { ...genesis.block.header, height: 1n, previousHash: genesis.hash },
      },
      certificate: null,
    };
    expect(w.deliver("peer-b", { kind: "block", block: bogus })).toEqual({ verdict: "accept" });
    await (modules.tasks as LiveTaskRunner).idle();
    expect(faults).toEqual([]);
    expect(refused).toEqual([{ from: "peer-b", height: 1n, code: "CHAIN_MISSING_CERTIFICATE" }]);
    expect(backend.getTip()?.height).toBe(0n);

    await node.close();
    expect(node.closed).toBe(true);
    expect(w.subscribed()).toBe(false);
    expect(() => node.submit(genesis.block.transactions[0]!)).toThrowError(
      expect.objectContaining({ code: "NODE_CLOSED" }),
    );
    await expect(
      node.services.chain.importBlock({ block: genesis.block, certificate: null }),
    ).rejects.toMatchObject({
      code: "CHAIN_CLOSED",
    });
    const sentAtClose = w.sent.length;
    time.runUntil(time.now() + 10_000);
    expect(w.sent.length).toBe(sentAtClose);
  });

  it("a failure half-way closes, in reverse, what was built and names where it failed", async () => {
    const genesis = await loadGenesis(DEVNET);
    const memory = new MemoryChainBackend({ params: DEVNET, genesisHash: genesis.hash });
    const broken: ChainBackend = Object.assign(Object.create(memory) as ChainBackend, {
      listMasternodes: () => Promise.reject(new Error("disk on fire")),
    });
    const w = wire();
    const { opts, modules } = setup(genesis, broken, w);
    const error = await createNode(opts, modules).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "NODE_BUILD_FAILED",
      payload: { service: "follower", reason: "disk on fire", closed: ["chain", "mempool"] },
    });
    expect(w.subscribed()).toBe(false);
  });

  it("refuses a store that holds another network's chain", async () => {
    const devnet = await loadGenesis(DEVNET);
    const testnet = await loadGenesis(TESTNET);
    const backend = new MemoryChainBackend({ params: DEVNET });
    await backend.connectBlock({ block: devnet.block, certificate: null });
    const w = wire();
    const { opts, modules } = setup(testnet, backend, w);
    await expect(createNode(opts, modules)).rejects.toMatchObject({
      code: "NODE_BUILD_FAILED",
      payload: { service: "chain", closed: ["chain", "mempool"] },
    });
    expect(backend.getTip()?.height).toBe(0n);
  });
});
