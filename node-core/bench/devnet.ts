// `npm run bench -- devnet`: five real timed daemons on loopback (the devnet runner), driven through their
// JSON-RPC by this process, which also builds and signs every transaction (its CPU is charged to the same
// two cores the daemons share). Prints:
// - finality latency p50 / p99 at 0 and at 50 ms one-way link latency: every (transaction, node) pair
//   counts, from this process's sendrawtransaction call to that node's waittransactionfinality answer;
// - sustained finalized transactions per second of two-input two-output transactions offered at a fixed
//   rate (submitted in JSON-RPC batches of 10), with each daemon's CPU share, RSS and p2p bytes per peer per second;
// - the time from a crashed proposer's missed slot to the next certified block.
// Left out (named, not hidden): fresh-node sync speed (`npm run bench -- sync`), and any figure over
// real WAN links (the relay adds latency, not bandwidth limits or loss).
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeTransaction, transactionId } from "../codec/index.js";
import { SeededRng } from "../consensus/index.js";
import { Devnet } from "../devnet/index.js";
import { encodeAddress } from "../keys/index.js";
import { DEVNET } from "../params/index.js";
import { buildSpend, deriveTestKeys, type OwnedUtxo, type TestKey } from "../testing/index.js";
import { fromHex, parseTime, toHex } from "../types/index.js";

const NODES = 5;
const BLOCK_MS = 2_000;
const LATENCY_TXS = Number(process.env.TIME_BENCH_TXS ?? 200);
const THROUGHPUT_SECONDS = 20;
const SUBMIT_BATCH = 10;
/** TIME_BENCH_PROFILE_DIR=DIR: the throughput run's daemons write CPU profiles there. */
const PROFILE_DIR = process.env.TIME_BENCH_PROFILE_DIR;
/** TIME_BENCH_SECTION=throughput runs only the sustained-throughput and round-change part. */
const SECTION = process.env.TIME_BENCH_SECTION;

interface TxJson {
  readonly txid: string;
  readonly vout: readonly { n: number; value: string; address: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function ms(n: number): string {
  return `${Math.round(n).toLocaleString("en-US")} ms`;
}

async function outputsOf(devnet: Devnet, txid: string, key: TestKey): Promise<OwnedUtxo[]> {
  const tx = await devnet.rpc<TxJson>(1, "getrawtransaction", [txid, true]);
  const mine = encodeAddress(key.address, DEVNET);
  return tx.vout
    .filter((o) => o.address === mine)
    .map((o) => ({
      outpoint: { txid: fromHex(txid), index: o.n },
      entry: { amount: parseTime(o.value), address: key.address, height: 0n, isReward: false },
      key,
    }));
}

async function waitFinal(devnet: Devnet, node: number, txid: string, timeoutMs = 30_000): Promise<string> {
  const f = await devnet.rpc<{ status: string }>(node, "waittransactionfinality", [txid, timeoutMs]);
  return f.status;
}

/** `count` spendable outputs of `key`: the faucet's payment split in two levels of 500 (each split final). */
export async function fund(
  devnet: Devnet,
  key: TestKey,
  count: number,
  rng: SeededRng,
): Promise<OwnedUtxo[]> {
  const faucetTx = await devnet.rpc<string>(1, "faucet", [encodeAddress(key.address, DEVNET), "100000"]);
  await waitFinal(devnet, 1, faucetTx);
  const split = async (source: OwnedUtxo): Promise<OwnedUtxo[]> => {
    const tx = buildSpend(DEVNET.chainId, [source], [key.address], rng, { outputCount: 500, equal: true });
    if (tx === null) throw new Error("cannot split");
    const id = await devnet.rpc<string>(1, "sendrawtransaction", [toHex(encodeTransaction(tx))]);
    await waitFinal(devnet, 1, id);
    return outputsOf(devnet, id, key);
  };
  const [paid] = await outputsOf(devnet, faucetTx, key);
  if (paid === undefined) throw new Error("the faucet paid nothing");
  const first = await split(paid);
  if (count <= first.length) return first.slice(0, count);
  const out: OwnedUtxo[] = [];
  for (const source of first) {
    if (out.length >= count) break;
    out.push(...(await split(source)));
  }
  if (out.length < count) throw new Error(`funding made ${out.length} of ${count} outputs`);
  return out.slice(0, count);
}

export async function latencyRun(
  linkLatencyMs: number,
): Promise<{ p50: number; p99: number; n: number; failed: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), "timecoin-bench-devnet-"));
  const devnet = await Devnet.create({
    nodes: NODES,
    dataDir,
    blockTimeMs: BLOCK_MS,
    linkLatencyMs,
    subnet: `127.0.${linkLatencyMs === 0 ? 61 : 62}`,
    logLevel: "warn",
  });
  try {
    await devnet.start();
    await devnet.waitReady(240_000, 1);
    const rng = new SeededRng(7);
    const [key, to] = deriveTestKeys("bench-devnet-latency", 2) as [TestKey, TestKey];
    const utxos = await fund(devnet, key, LATENCY_TXS, rng);
    const samples: number[] = [];
    let failed = 0;
    for (const [i, utxo] of utxos.entries()) {
      const tx = buildSpend(DEVNET.chainId, [utxo], [to.address], rng, { outputCount: 2 });
      if (tx === null) throw new Error("no spend");
      const txid = toHex(transactionId(tx));
      const node = 1 + (i % NODES);
      const start = performance.now();
      await devnet.rpc(node, "sendrawtransaction", [toHex(encodeTransaction(tx))]);
      const ends = await Promise.all(
        devnet.nodes.map(async (n) => {
          const status = await waitFinal(devnet, n.node, txid);
          return status === "final" ? performance.now() - start : null;
        }),
      );
      for (const e of ends) {
        // A pair that did not become final counts at the wait's limit: the percentiles hide no case.
        if (e === null) failed++;
        samples.push(e ?? 30_000);
      }
      await sleep(20);
    }
    samples.sort((a, b) => a - b);
    return { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length, failed };
  } finally {
    await devnet.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** utime + stime (ticks) and RSS (kB) of a process, from /proc. */
export function procStats(pid: number): { ticks: number; rssKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { ticks, rssKb };
}

async function scrape(devnet: Devnet, node: number): Promise<Map<string, number>> {
  const info = devnet.nodes[node - 1];
  if (info === undefined) throw new Error(`no node ${node}`);
  const text = await (await fetch(`${info.rpc}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const space = line.lastIndexOf(" ");
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

function sumOf(values: Map<string, number>, prefix: string): number {
  let total = 0;
  for (const [name, v] of values) if (name.startsWith(prefix)) total += v;
  return total;
}

export async function throughputAndRoundChange(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "timecoin-bench-devnet-"));
  const devnet = await Devnet.create({
    nodes: NODES,
    dataDir,
    blockTimeMs: BLOCK_MS,
    subnet: "127.0.63",
    logLevel: "warn",
    // CPU profiles of the daemons (written when they stop), to see where a finalized transaction's CPU goes.
    ...(PROFILE_DIR ? { nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
  });
  try {
    await devnet.start();
    await devnet.waitReady(240_000, 1);
    const rng = new SeededRng(11);
    const [key] = deriveTestKeys("bench-devnet-throughput", 1) as [TestKey];
    const offeredPerSecond = Number(process.env.TIME_BENCH_RATE ?? 600);
    const total = offeredPerSecond * THROUGHPUT_SECONDS;
    const utxos = await fund(devnet, key, total * 2, rng);
    // Pre-sign everything: two inputs, two outputs each.
    const txs: string[] = [];
    for (let i = 0; i + 1 < utxos.length && txs.length < total; i += 2) {
      const tx = buildSpend(
        DEVNET.chainId,
        [utxos[i] as OwnedUtxo, utxos[i + 1] as OwnedUtxo],
        [key.address],
        rng,
        {
          outputCount: 2,
        },
      );
      if (tx !== null) txs.push(toHex(encodeTransaction(tx)));
    }
    const before = await Promise.all(devnet.nodes.map((n) => scrape(devnet, n.node)));
    const procBefore = devnet.nodes.map((n) => procStats(n.process?.pid ?? 0));
    const t0 = performance.now();
    let next = 0;
    let refused = 0;
    // Clients submit in JSON-RPC batches of SUBMIT_BATCH (as a wallet or an exchange would): one HTTP
    // exchange per transaction cost this process about 1 ms of CPU each, charged to the daemons' cores.
    const senders = Array.from({ length: 32 }, async (_, s) => {
      for (;;) {
        const i = next;
        next += SUBMIT_BATCH;
        if (i >= txs.length) return;
        const due = (i / offeredPerSecond) * 1000;
        const wait = due - (performance.now() - t0);
        if (wait > 0) await sleep(wait);
        const group = txs.slice(i, i + SUBMIT_BATCH);
        try {
          const node = 1 + ((i / SUBMIT_BATCH + s) % NODES);
          const answers = await devnet.rpcBatch(
            node,
            group.map((hex) => ({ method: "sendrawtransaction", params: [hex] })),
          );
          refused += answers.filter((a) => a instanceof Error).length;
        } catch {
          refused += group.length;
        }
      }
    });
    await Promise.all(senders);
    await sleep(3_000);
    const seconds = (performance.now() - t0) / 1000;
    const after = await Promise.all(devnet.nodes.map((n) => scrape(devnet, n.node)));
    const procAfter = devnet.nodes.map((n) => procStats(n.process?.pid ?? 0));
    const delta = (i: number, name: string) =>
      ((after[i] as Map<string, number>).get(name) ?? 0) -
      ((before[i] as Map<string, number>).get(name) ?? 0);
    const perNode = devnet.nodes.map(
      (_, i) => delta(i, "timecoin_consensus_finalization_duration_seconds_count") / seconds,
    );
    // Polls per decision: what each finalized transaction cost in Snowball traffic (beta is the floor).
    const pollsPerDecision = devnet.nodes.map((_, i) => {
      const count = delta(i, "timecoin_consensus_snowball_polls_count");
      return count > 0 ? delta(i, "timecoin_consensus_snowball_polls_sum") / count : 0;
    });
    console.log(
      `sustained: offered ${offeredPerSecond} tx/s for ${THROUGHPUT_SECONDS} s (2-in 2-out), ${refused} refused at submission`,
    );
    console.log(
      `  finalized per node: ${perNode.map((r) => r.toFixed(0)).join(" / ")} tx/s (each node finalizes every transaction; the network's rate is this, not the sum)`,
    );
    console.log(
      `  Snowball polls per decision (mean): ${pollsPerDecision.map((r) => r.toFixed(0)).join(" / ")}`,
    );
    const tick = 100;
    for (const [i, n] of devnet.nodes.entries()) {
      const cpu = ((procAfter[i]?.ticks ?? 0) - (procBefore[i]?.ticks ?? 0)) / tick / seconds;
      const bytes =
        sumOf(after[i] as Map<string, number>, "timecoin_network_bytes_sent_total") -
        sumOf(before[i] as Map<string, number>, "timecoin_network_bytes_sent_total");
      console.log(
        `  node ${n.node}: CPU ${(cpu * 100).toFixed(0)} % of a core, RSS ${((procAfter[i]?.rssKb ?? 0) / 1024).toFixed(0)} MB, ` +
          `${(bytes / (NODES - 1) / seconds / 1024).toFixed(0)} KiB/s sent per peer`,
      );
    }

    // Round change: crash a masternode and time the gaps between blocks that follow.
    await devnet.stopNode(4, "SIGKILL");
    const gaps: number[] = [];
    let last = await devnet.rpc<number>(1, "getblockcount");
    let lastAt = performance.now();
    const until = performance.now() + 12 * BLOCK_MS;
    while (performance.now() < until) {
      const h = await devnet.rpc<number>(1, "getblockcount");
      if (h > last) {
        gaps.push(performance.now() - lastAt);
        last = h;
        lastAt = performance.now();
      }
      await sleep(25);
    }
    const worst = Math.max(...gaps);
    console.log(
      `round change: with one of four masternodes crashed, block gaps max ${ms(worst)} (slot ${ms(BLOCK_MS)}): ` +
        `a missed slot costs ${ms(Math.max(0, worst - BLOCK_MS))} beyond the slot`,
    );
  } finally {
    await devnet.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function runDevnetBench(): Promise<void> {
  console.log(
    `devnet: ${NODES} timed daemons on loopback, ${BLOCK_MS / 1000} s blocks, sharing this machine's cores`,
  );
  for (const latency of SECTION === "throughput" ? [] : [0, 50]) {
    const r = await latencyRun(latency);
    console.log(
      `finality at ${latency} ms one-way latency: p50 ${ms(r.p50)}, p99 ${ms(r.p99)} over ${r.n} (tx, node) pairs` +
        (r.failed > 0 ? `, ${r.failed} not final within 30 s (counted as 30 s)` : ""),
    );
  }
  await throughputAndRoundChange();
  console.log(
    "not measured here: fresh-node sync speed (npm run bench -- sync), WAN bandwidth limits and loss",
  );
}
