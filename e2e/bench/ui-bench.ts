// `npm run bench -- ui`: the web UI's two figures, printed, never asserted.
// (a) Start to interactive: a freshly launched Chromium (its launch timed apart), then `timed --ui` spawned
//     on a devnet node; measured from the spawn to the moment the page shows the Welcome or Overview
//     heading (target <= 1.5 s), with the spawn-to-URL part (the daemon's own start) shown inside it.
// (b) Main-thread long tasks while the UI's node syncs a 1,000-block prebuilt chain (node-core/devnet/
//     prebuilt-chain.ts, as the sync bench builds it) from another daemon: count and longest (target: none
//     over 50 ms), with the Network page open on the syncing node.
// Left out, and said so in the output: the renderer build and the chain build (done first, not timed in),
// a cold disk cache, the desktop shell (Electron), and CPU contention: on this machine the syncing daemons
// and Chromium share the same cores, so (b)'s tasks include time the page waited for a core.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { buildDevnetChain, Devnet, pollUntil } from "../../node-core/devnet/index.js";
import { buildRenderer } from "../support/build-renderer.js";
import { installProbes, interactiveAt, longTasks } from "./page-probes.js";

const BLOCKS = Number(process.env.TIME_BENCH_UI_BLOCKS ?? 1_000);
const TXS_PER_BLOCK = Number(process.env.TIME_BENCH_UI_TXS ?? 20);
const STARTUP_RUNS = Number(process.env.TIME_BENCH_UI_RUNS ?? 3);
const BLOCK_MS = 1_000;
const SUBNET = "127.0.84";
const LONG_TASK_MS = 50;
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

function seconds(ms: number): string {
  return `${(ms / 1_000).toFixed(2)} s`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function launchChromium(): Promise<{ browser: Browser; launchMs: number }> {
  const started = performance.now();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  return { browser, launchMs: performance.now() - started };
}

/** (a): spawns node 1 with --ui `runs` times (each with a fresh Chromium) and prints each run and the median. */
async function measureStartup(dataDir: string): Promise<void> {
  const devnet = await Devnet.create({
    nodes: 2,
    dataDir,
    blockTimeMs: BLOCK_MS,
    subnet: SUBNET,
    uiNode: 1,
    logLevel: "warn",
  });
  const toInteractive: number[] = [];
  try {
    for (let run = 1; run <= STARTUP_RUNS; run++) {
      const { browser, launchMs } = await launchChromium();
      try {
        const page = await browser.newPage();
        await installProbes(page);
        const spawnedAt = Date.now();
        devnet.startNode(1);
        const url = await devnet.uiUrl();
        const urlMs = Date.now() - spawnedAt;
        await page.goto(url);
        const readyMs = (await interactiveAt(page, 30_000)) - spawnedAt;
        toInteractive.push(readyMs);
        console.log(
          `ui start, run ${run}: interactive ${seconds(readyMs)} after spawning timed --ui ` +
            `(of which the daemon printed its URL after ${seconds(urlMs)}); Chromium launch ${seconds(launchMs)} (apart)`,
        );
      } finally {
        await browser.close();
        await devnet.stopNode(1);
      }
    }
  } finally {
    await devnet.stop();
  }
  console.log(
    `ui start: median ${seconds(median(toInteractive))} from spawn to the Welcome/Overview heading over ${STARTUP_RUNS} runs ` +
      `(target <= 1.5 s; node 1 opens a ${BLOCKS}-block chain; warm disk cache; Chromium's launch not included)`,
  );
}

/** (b): node 2 (the UI's) syncs the chain from node 1 while the page records long tasks. */
async function measureSyncLongTasks(dataDir: string): Promise<void> {
  const devnet = await Devnet.create({
    nodes: 2,
    dataDir,
    blockTimeMs: BLOCK_MS,
    subnet: SUBNET,
    uiNode: 2,
    logLevel: "warn",
  });
  const { browser } = await launchChromium();
  try {
    devnet.startNode(1);
    await pollUntil("node 1 serving its chain", 120_000, async () =>
      (await devnet.rpc<number>(1, "getblockcount")) === BLOCKS ? true : null,
    );
    const spawnedAt = performance.now();
    devnet.startNode(2);
    const url = await devnet.uiUrl();
    // A wallet on the syncing node, so the frame and the Network page show (the first run shows Welcome).
    const password = `ui-bench ${Math.random().toString(36).slice(2)}`;
    await devnet.rpc(2, "createwallet", { wallet_name: "ui-bench", passphrase: password, words: 12 });
    await devnet.rpc(2, "walletpassphrase", { passphrase: password, timeout: 600, wallet_name: "ui-bench" });
    const page = await browser.newPage();
    await installProbes(page);
    await page.goto(`${url}#/network`);
    const startHeight = await devnet.rpc<number>(2, "getblockcount");
    await pollUntil(`node 2 at height ${BLOCKS}`, 600_000, async () =>
      (await devnet.rpc<number>(2, "getblockcount")) >= BLOCKS ? true : null,
    );
    const syncMs = performance.now() - spawnedAt;
    // One more second for the UI to render the last blocks it was told about.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tasks = await longTasks(page);
    if (tasks === null) {
      console.log("ui sync: this Chromium reports no long-task timing; no figure");
      return;
    }
    const over = tasks.filter((t) => t.durationMs > LONG_TASK_MS);
    const longest = tasks.reduce((max, t) => Math.max(max, t.durationMs), 0);
    console.log(
      `ui sync: ${tasks.length} long tasks (> ${LONG_TASK_MS} ms, PerformanceObserver 'longtask') on the main thread ` +
        `while node 2 synced ${BLOCKS - Math.min(startHeight, BLOCKS)} of ${BLOCKS} blocks in ${seconds(syncMs)} ` +
        `with the Network page open; longest ${longest.toFixed(0)} ms; ${over.length} over ${LONG_TASK_MS} ms (target 0)`,
    );
    if (tasks.length > 0) {
      const top = [...tasks].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
      console.log(
        `ui sync: the longest tasks at page time ${top.map((t) => `${t.startMs.toFixed(0)} ms (${t.durationMs.toFixed(0)} ms)`).join(", ")}`,
      );
    }
  } finally {
    await browser.close();
    await devnet.stop();
  }
}

export async function runUiBench(): Promise<void> {
  if (!Number.isInteger(BLOCKS) || BLOCKS < 1) throw new RangeError("TIME_BENCH_UI_BLOCKS must be >= 1");
  if (!Number.isInteger(TXS_PER_BLOCK) || TXS_PER_BLOCK < 0)
    throw new RangeError("TIME_BENCH_UI_TXS must be >= 0");
  if (!Number.isInteger(STARTUP_RUNS) || STARTUP_RUNS < 1)
    throw new RangeError("TIME_BENCH_UI_RUNS must be >= 1");
  await buildRenderer();
  const dataDir = await mkdtemp(join(tmpdir(), "timecoin-bench-ui-"));
  let ok = false;
  try {
    // Node 1 gets the prebuilt chain; both parts use it (a: the UI node opens it; b: node 2 syncs it).
    const built = await buildDevnetChain({
      dataDir: join(dataDir, "node-1"),
      blocks: BLOCKS,
      blockIntervalMs: BLOCK_MS,
      txsPerBlock: TXS_PER_BLOCK,
    });
    console.log(
      `ui bench: built ${BLOCKS} blocks (${built.transactions} txs) in ${seconds(built.elapsedMs)} (not timed in)`,
    );
    await measureStartup(dataDir);
    await measureSyncLongTasks(dataDir);
    console.log(
      "ui bench: left out: the renderer and chain builds, a cold disk cache, Electron (web mode only), " +
        "and CPU contention (daemons and Chromium share this machine's cores)",
    );
    ok = true;
  } finally {
    if (ok) await rm(dataDir, { recursive: true, force: true });
    else console.log(`ui bench: the daemons' logs are kept in ${dataDir}`);
  }
}
