// Five real timed daemons on loopback (each on its own 127.x address, LevelDB stores, libp2p over TCP),
// driven through their JSON-RPC: they converge to the same block hash and UTXO set hash, a transaction sent
// to one is final on all five, conflicting spends sent to two nodes at once never both finalize on any node
// (50 pairs), a node killed with SIGKILL and restarted catches up, a node cut off with setnetworkactive for
// 60 s catches up within 30 s, and a peer that floods malformed and oversize frames is banned while the
// others keep finalizing.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTransaction, transactionId } from "../codec/index.js";
import { SeededRng } from "../consensus/index.js";
import { loadGenesis } from "../genesis/index.js";
import { encodeAddress } from "../keys/index.js";
import { encodeMessage, PROTOCOL_VERSION } from "../network/index.js";
import { lengthPrefixed } from "../p2p/frames.js";
import { protocolId } from "../p2p/index.js";
import { DEVNET } from "../params/index.js";
import { buildSpend, deriveTestKeys, type OwnedUtxo, type TestKey } from "../testing/index.js";
import { fromHex, parseTime, toHex } from "../types/index.js";
import { Devnet } from "./devnet.js";
import { pollUntil } from "./poll.js";

const NODES = 5;
const BLOCK_MS = 1_000;

interface Finality {
  readonly txid: string;
  readonly status: "unknown" | "pending" | "voting" | "final" | "rejected";
  readonly finalMs: number | null;
  readonly reason: string | null;
}

interface TxJson {
  readonly txid: string;
  readonly vout: readonly { n: number; value: string; address: string }[];
}

let devnet: Devnet;
let dataDir: string;
const keys: TestKey[] = deriveTestKeys("devnet-suite", 4);
const rng = new SeededRng(20_261_202);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function heights(): Promise<number[]> {
  return Promise.all(devnet.nodes.map((n) => devnet.rpc<number>(n.node, "getblockcount")));
}

function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  return pollUntil(what, timeoutMs, probe, 200);
}

function address(key: TestKey): string {
  return encodeAddress(key.address, DEVNET);
}

/** The outputs of `txid` paying `key`, as spendable UTXOs. */
async function ownedOutputs(node: number, txid: string, key: TestKey): Promise<OwnedUtxo[]> {
  const tx = await devnet.rpc<TxJson>(node, "getrawtransaction", [txid, true]);
  // The height is not part of what a spend signs: any value does for building one.
  return tx.vout
    .filter((o) => o.address === address(key))
    .map((o) => ({
      outpoint: { txid: fromHex(txid), index: o.n },
      entry: { amount: parseTime(o.value), address: key.address, height: 0n, isReward: false },
      key,
    }));
}

async function finalEverywhere(txid: string, timeoutMs = 15_000): Promise<Finality[]> {
  return Promise.all(
    devnet.nodes.map((n) => devnet.rpc<Finality>(n.node, "waittransactionfinality", [txid, timeoutMs])),
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "timecoin-devnet-suite-"));
  // A subnet of its own, so another devnet on this machine (another test file) never collides.
  const subnet = `127.${20 + (process.pid % 200)}.${1 + Math.floor(Math.random() * 250)}`;
  devnet = await Devnet.create({ nodes: NODES, dataDir, blockTimeMs: BLOCK_MS, subnet, logLevel: "info" });
  await devnet.start();
  await devnet.waitReady(180_000, 2);
}, 240_000);

afterAll(async () => {
  await devnet?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("a devnet of five daemons", () => {
  it("converges to the same block hash at every height and the same UTXO set hash", async () => {
    const target = Math.max(...(await heights())) + 3;
    await until("every node past the target height", 60_000, async () =>
      (await heights()).every((h) => h >= target) ? true : null,
    );
    for (let h = 1; h <= target; h++) {
      const hashes = await Promise.all(
        devnet.nodes.map((n) => devnet.rpc<string>(n.node, "getblockhash", [h])),
      );
      expect(new Set(hashes).size, `height ${h}`).toBe(1);
    }
    // The UTXO hash at one common tip: read while every node reports the same best block.
    const sets = await until("one common tip", 30_000, async () => {
      const infos = await Promise.all(
        devnet.nodes.map((n) => devnet.rpc<{ bestblock: string; hash: string }>(n.node, "gettxoutsetinfo")),
      );
      return new Set(infos.map((i) => i.bestblock)).size === 1 ? infos : null;
    });
    expect(new Set(sets.map((s) => s.hash)).size).toBe(1);
  }, 120_000);

  it("makes a transaction sent to one node final on all five", async () => {
    const faucetTx = await devnet.rpc<string>(1, "faucet", [address(keys[0] as TestKey), "1000"]);
    const funded = await finalEverywhere(faucetTx);
    expect(funded.map((f) => f.status)).toEqual(Array(NODES).fill("final"));

    const [utxo] = await ownedOutputs(1, faucetTx, keys[0] as TestKey);
    const spend = buildSpend(DEVNET.chainId, [utxo as OwnedUtxo], [(keys[1] as TestKey).address], rng, {
      outputCount: 2,
    });
    if (spend === null) throw new Error("no spend");
    const txid = await devnet.rpc<string>(3, "sendrawtransaction", [toHex(encodeTransaction(spend))]);
    expect(txid).toBe(toHex(transactionId(spend)));
    const finality = await finalEverywhere(txid);
    expect(finality.map((f) => f.status)).toEqual(Array(NODES).fill("final"));
  }, 60_000);

  it("never finalizes both of two conflicting spends sent to two nodes at once (50 pairs)", async () => {
    const PAIRS = 50;
    const owner = keys[2] as TestKey;
    const faucetTx = await devnet.rpc<string>(1, "faucet", [address(owner), "500"]);
    await finalEverywhere(faucetTx);
    const [funding] = await ownedOutputs(1, faucetTx, owner);
    // One transaction splits the funding into PAIRS outputs of the owner's.
    const split = buildSpend(DEVNET.chainId, [funding as OwnedUtxo], [owner.address], rng, {
      outputCount: PAIRS,
      equal: true,
    });
    if (split === null) throw new Error("no split");
    const splitId = await devnet.rpc<string>(2, "sendrawtransaction", [toHex(encodeTransaction(split))]);
    await finalEverywhere(splitId);
    const outputs = await ownedOutputs(2, splitId, owner);
    expect(outputs).toHaveLength(PAIRS);

    let decided = 0;
    const undecided: string[] = [];
    for (const [i, utxo] of outputs.entries()) {
      const a = buildSpend(DEVNET.chainId, [utxo], [(keys[0] as TestKey).address], rng, { outputCount: 1 });
      const b = buildSpend(DEVNET.chainId, [utxo], [(keys[1] as TestKey).address], rng, { outputCount: 1 });
      if (a === null || b === null) throw new Error("no conflicting pair");
      const [ida, idb] = [toHex(transactionId(a)), toHex(transactionId(b))];
      // Sent at the same moment to two different nodes; a node that already holds the rival may refuse one.
      await Promise.allSettled([
        devnet.rpc(1 + (i % NODES), "sendrawtransaction", [toHex(encodeTransaction(a))]),
        devnet.rpc(1 + ((i + 2) % NODES), "sendrawtransaction", [toHex(encodeTransaction(b))]),
      ]);
      // On each node: wait until either is decided, then read both.
      const views = await Promise.all(
        devnet.nodes.map(async (n) => {
          await Promise.race([
            devnet.rpc(n.node, "waittransactionfinality", [ida, 10_000]),
            devnet.rpc(n.node, "waittransactionfinality", [idb, 10_000]),
          ]);
          return Promise.all([
            devnet.rpc<Finality>(n.node, "gettransactionfinality", [ida]),
            devnet.rpc<Finality>(n.node, "gettransactionfinality", [idb]),
          ]);
        }),
      );
      const fa = views.map(([x]) => x);
      const fb = views.map(([, y]) => y);
      for (let n = 0; n < NODES; n++) {
        const both = fa[n]?.status === "final" && fb[n]?.status === "final";
        expect(both, `pair ${i} on node ${n + 1}`).toBe(false);
      }
      // Every node that decided agrees on the winner.
      const winners = new Set([...fa, ...fb].filter((f) => f.status === "final").map((f) => f.txid));
      expect(winners.size, `pair ${i}: one winner across the nodes`).toBeLessThanOrEqual(1);
      if (winners.size === 1) decided++;
      else {
        // Which statuses each node reported, for the message if liveness fails below.
        undecided.push(
          `pair ${i}: ` +
            fa
              .map(
                (x, n) =>
                  `node ${n + 1} a=${x.status} b=${fb[n]?.status} (${x.reason ?? fb[n]?.reason ?? ""})`,
              )
              .join("; "),
        );
      }
    }
    // Liveness: a pair with no winner at all would be a stuck conflict; all of them are decided here.
    expect(decided, undecided.join("\n")).toBe(PAIRS);
  }, 600_000);

  it("catches a node up after it was killed with SIGKILL and restarted", async () => {
    await devnet.stopNode(4, "SIGKILL");
    await sleep(5_000);
    devnet.startNode(4);
    const others = Math.max(
      ...(await Promise.all([1, 2, 3, 5].map((n) => devnet.rpc<number>(n, "getblockcount")))),
    );
    const height = await until("node 4 caught up", 60_000, async () => {
      const h = await devnet.rpc<number>(4, "getblockcount");
      return h >= others ? h : null;
    });
    const [mine, theirs] = await Promise.all([
      devnet.rpc<string>(4, "getblockhash", [height]),
      devnet.rpc<string>(1, "getblockhash", [height]),
    ]);
    expect(mine).toBe(theirs);
  }, 120_000);

  it("catches a node up within 30 s after 60 s cut off with setnetworkactive", async () => {
    await devnet.rpc(5, "setnetworkactive", [false]);
    const cutAt = await devnet.rpc<number>(5, "getblockcount");
    await sleep(60_000);
    const during = await devnet.rpc<number>(5, "getblockcount");
    expect(during).toBe(cutAt);
    const others = await devnet.rpc<number>(1, "getblockcount");
    expect(others).toBeGreaterThan(cutAt + 20);
    const back = Date.now();
    await devnet.rpc(5, "setnetworkactive", [true]);
    await until("node 5 caught up", 30_000, async () =>
      (await devnet.rpc<number>(5, "getblockcount")) >= others ? true : null,
    );
    expect(Date.now() - back).toBeLessThan(30_000);
  }, 150_000);

  it("bans a peer that floods malformed and oversize frames while the others keep finalizing", async () => {
    const { createLibp2p } = await import("libp2p");
    const { tcp } = await import("@libp2p/tcp");
    const { noise } = await import("@chainsafe/libp2p-noise");
    const { yamux } = await import("@chainsafe/libp2p-yamux");
    const { multiaddr } = await import("@multiformats/multiaddr");
    const genesis = await loadGenesis(DEVNET);
    const attacker = await createLibp2p({
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
    });
    await attacker.start();
    try {
      const target = devnet.nodes[1] as (typeof devnet.nodes)[number];
      const connection = await attacker.dial(multiaddr(target.p2p));
      const status = await connection.newStream(protocolId("devnet", "status"));
      status.send(
        lengthPrefixed(
          encodeMessage({
            kind: "status",
            protocolVersion: PROTOCOL_VERSION,
            chainId: DEVNET.chainId,
            genesisHash: genesis.hash,
            height: 0n,
            tipHash: genesis.hash,
          }),
        ),
      );
      await sleep(500);
      let sent = 0;
      try {
        const stream = await connection.newStream(protocolId("devnet", "snowball"));
        for (; sent < 1_000; sent++) {
          // Garbage frames, and every tenth an oversize length prefix (4 MiB).
          const frame =
            sent % 10 === 9 ? Uint8Array.of(0x80, 0x80, 0x80, 0x02) : lengthPrefixed(rng.bytes(40));
          if (stream.status !== "open") break;
          stream.send(frame);
        }
      } catch {
        // The node hung up on us: that is the point.
      }
      const banned = await until("the attacker is banned", 20_000, async () => {
        const list = await devnet.rpc<{ address: string }[]>(2, "listbanned");
        return list.some((b) => b.address === attacker.peerId.toString()) ? list : null;
      });
      expect(banned.length).toBeGreaterThan(0);
      // The others keep finalizing.
      const owner = keys[3] as TestKey;
      const txid = await devnet.rpc<string>(1, "faucet", [address(owner), "10"]);
      const finality = await finalEverywhere(txid);
      expect(finality.map((f) => f.status)).toEqual(Array(NODES).fill("final"));
    } finally {
      await attacker.stop();
    }
  }, 120_000);
});
