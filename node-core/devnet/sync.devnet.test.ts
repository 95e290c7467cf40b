// A fresh daemon syncs a long chain from a real one: a 1,000-block devnet chain (five transactions a block)
// is built into node 1's data directory, node 1 starts alone and serves it, then node 2 starts empty,
// bootstraps from node 1 and must end at the same height, the same best block hash and the same UTXO set
// hash. The two are genesis masternodes 0 and 1 of 4: two of four votes cannot certify a block, so the
// chain stays at its prebuilt tip and the two nodes compare one fixed chain. The sync speed is printed,
// never asserted (the machine is shared).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "./devnet.js";
import { pollUntil } from "./poll.js";
import { type BuiltChain, buildDevnetChain } from "./prebuilt-chain.js";

const BLOCKS = Number(process.env.TIME_SYNC_TEST_BLOCKS ?? 1_000);
const TXS_PER_BLOCK = 5;
const BLOCK_MS = 1_000;
const POLL_MS = 100;

interface UtxoSetInfo {
  readonly height: number;
  readonly bestblock: string;
  readonly txouts: number;
  readonly hash: string;
}

let devnet: Devnet;
let dataDir: string;
let built: BuiltChain;

function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  return pollUntil(what, timeoutMs, probe, POLL_MS);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "timecoin-devnet-sync-"));
  // A subnet of its own, so another devnet on this machine (another test file) never collides.
  const subnet = `127.${20 + (process.pid % 200)}.${1 + Math.floor(Math.random() * 250)}`;
  devnet = await Devnet.create({ nodes: 2, dataDir, blockTimeMs: BLOCK_MS, subnet, logLevel: "info" });
  const source = devnet.nodes[0];
  if (source === undefined) throw new Error("the devnet has no node 1");
  built = await buildDevnetChain({
    dataDir: source.dataDir,
    blocks: BLOCKS,
    blockIntervalMs: BLOCK_MS,
    txsPerBlock: TXS_PER_BLOCK,
  });
  devnet.startNode(1);
  await until("node 1 serving its prebuilt chain", 60_000, async () =>
    (await devnet.rpc<number>(1, "getblockcount")) === BLOCKS ? true : null,
  );
}, 900_000);

afterAll(async () => {
  await devnet?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("a fresh node syncing from a devnet daemon", () => {
  it(`reaches height ${BLOCKS} with the same best block and UTXO set hash as its source`, async () => {
    expect(await devnet.rpc<string>(1, "getbestblockhash")).toBe(built.tipHash);
    const source = await devnet.rpc<UtxoSetInfo>(1, "gettxoutsetinfo");
    expect(source.hash).toBe(built.utxoSet.hash);

    // Timed from node 2's spawn, so its start-up (Node, LevelDB, libp2p) is in the figure and named.
    const spawnedAt = performance.now();
    devnet.startNode(2);
    await until("node 2 answering RPC", 60_000, async () => devnet.rpc<number>(2, "getblockcount"));
    const startupSeconds = (performance.now() - spawnedAt) / 1_000;
    await until(`node 2 at height ${BLOCKS}`, 600_000, async () =>
      (await devnet.rpc<number>(2, "getblockcount")) >= BLOCKS ? true : null,
    );
    const seconds = (performance.now() - spawnedAt) / 1_000;
    console.log(
      `sync: ${BLOCKS} blocks (${built.transactions} txs) in ${seconds.toFixed(1)} s: ` +
        `${(BLOCKS / seconds).toFixed(1)} blocks/s, ${(built.transactions / seconds).toFixed(1)} tx/s ` +
        `(from node 2's spawn, its ${startupSeconds.toFixed(1)} s start-up included; heights polled every ` +
        `${POLL_MS} ms)`,
    );

    expect(await devnet.rpc<number>(2, "getblockcount")).toBe(BLOCKS);
    expect(await devnet.rpc<string>(2, "getbestblockhash")).toBe(built.tipHash);
    const fresh = await devnet.rpc<UtxoSetInfo>(2, "gettxoutsetinfo");
    expect(fresh).toEqual(source);
    // The source did not move either: two of four masternodes certify nothing.
    expect(await devnet.rpc<number>(1, "getblockcount")).toBe(BLOCKS);
  }, 900_000);
});
