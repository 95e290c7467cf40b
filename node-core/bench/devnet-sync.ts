// Fresh-node sync speed over a real devnet link: a prebuilt chain (default 2,000 blocks of 20 transactions;
// TIME_BENCH_SYNC_BLOCKS and TIME_BENCH_SYNC_TXS override) is built into node 1's data directory of a
// two-daemon devnet, node 1 starts alone and serves it, then node 2 starts empty and syncs it over libp2p
// on loopback. Both are genesis masternodes 0 and 1 of 4, which cannot certify a block (2 of 4 < 2/3), so
// the chain holds still. Prints the build time and "sync: N blocks (M txs) in S s: X blocks/s, Y tx/s",
// timed from node 2's spawn to the RPC answer that shows it at the tip with the source's best block and
// UTXO set hash. Left out (named, not hidden): the chain's build (printed apart), link latency and
// bandwidth limits (loopback, no relay), syncing from more than one peer, and heights are polled every
// 100 ms, so the figure can be up to that much late. TIME_BENCH_PROFILE_DIR=DIR writes both daemons' CPU
// profiles there.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDevnetChain, Devnet, pollUntil } from "../devnet/index.js";

const BLOCKS = Number(process.env.TIME_BENCH_SYNC_BLOCKS ?? 2_000);
const TXS_PER_BLOCK = Number(process.env.TIME_BENCH_SYNC_TXS ?? 20);
const BLOCK_MS = 1_000;
const POLL_MS = 100;
const SYNC_TIMEOUT_MS = 1_800_000;

interface UtxoSetInfo {
  readonly height: number;
  readonly bestblock: string;
  readonly hash: string;
}

function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  return pollUntil(what, timeoutMs, probe, POLL_MS);
}

export async function runSyncBench(): Promise<void> {
  if (!Number.isInteger(BLOCKS) || BLOCKS < 1) throw new RangeError("TIME_BENCH_SYNC_BLOCKS must be >= 1");
  if (!Number.isInteger(TXS_PER_BLOCK) || TXS_PER_BLOCK < 0)
    throw new RangeError("TIME_BENCH_SYNC_TXS must be >= 0");
  const dataDir = await mkdtemp(join(tmpdir(), "timecoin-bench-sync-"));
  const subnet = `127.${20 + (process.pid % 200)}.${1 + Math.floor(Math.random() * 250)}`;
  const profileDir = process.env.TIME_BENCH_PROFILE_DIR;
  const devnet = await Devnet.create({
    nodes: 2,
    dataDir,
    blockTimeMs: BLOCK_MS,
    subnet,
    logLevel: "warn",
    // CPU profiles of both daemons (written when they stop), to see where sync time goes.
    ...(profileDir ? { nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  let ok = false;
  try {
    const source = devnet.nodes[0];
    if (source === undefined) throw new Error("the devnet has no node 1");
    console.log(`building ${BLOCKS} blocks (${TXS_PER_BLOCK} txs/block) into node 1's data directory`);
    const built = await buildDevnetChain({
      dataDir: source.dataDir,
      blocks: BLOCKS,
      blockIntervalMs: BLOCK_MS,
      txsPerBlock: TXS_PER_BLOCK,
    });
    console.log(
      `build: ${built.transactions} txs in ${(built.elapsedMs / 1_000).toFixed(1)} s (not in the sync figure)`,
    );

    devnet.startNode(1);
    await until("node 1 serving its chain", 120_000, async () =>
      (await devnet.rpc<number>(1, "getblockcount")) === BLOCKS ? true : null,
    );
    const expected = await devnet.rpc<UtxoSetInfo>(1, "gettxoutsetinfo");

    const spawnedAt = performance.now();
    devnet.startNode(2);
    await until("node 2 answering RPC", 120_000, async () => devnet.rpc<number>(2, "getblockcount"));
    const startupSeconds = (performance.now() - spawnedAt) / 1_000;
    await until(`node 2 at height ${BLOCKS}`, SYNC_TIMEOUT_MS, async () =>
      (await devnet.rpc<number>(2, "getblockcount")) >= BLOCKS ? true : null,
    );
    const seconds = (performance.now() - spawnedAt) / 1_000;
    const got = await devnet.rpc<UtxoSetInfo>(2, "gettxoutsetinfo");
    if (got.bestblock !== built.tipHash || got.hash !== expected.hash) {
      throw new Error(
        `node 2 synced to another state: best block ${got.bestblock} (want ${built.tipHash}), ` +
          `UTXO hash ${got.hash} (want ${expected.hash})`,
      );
    }
    console.log(
      `sync: ${BLOCKS} blocks (${built.transactions} txs) in ${seconds.toFixed(1)} s: ` +
        `${(BLOCKS / seconds).toFixed(1)} blocks/s, ${(built.transactions / seconds).toFixed(1)} tx/s ` +
        `(one peer over loopback, node 2's ${startupSeconds.toFixed(1)} s start-up included; ` +
        `left out: the build, link latency and bandwidth limits, several source peers)`,
    );
    ok = true;
  } finally {
    await devnet.stop();
    if (ok) await rm(dataDir, { recursive: true, force: true });
    else console.log(`the daemons' logs are kept in ${dataDir}`);
  }
}
