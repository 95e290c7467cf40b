// `npm run bench -- ui`: the web UI's two figures, printed, never asserted.
// (a) Start to interactive: a freshly launched Chromium (its launch timed apart), then `timed --ui` spawned
//     on a devnet node; measured from the spawn to the moment the page shows the Welcome or Overview
//     heading (target <= 1.5 s), with the spawn-to-URL part (the daemon's own start) shown inside it, and
//     the whole cut into named phases: the daemon's own (its "start-up timings" log line) and the page's
//     (Navigation and Resource Timing, the socket's open and first answer), with each run's failed requests.
// (b) Main-thread long tasks while the UI's node syncs a 1,000-block prebuilt chain (node-core/devnet/
//     prebuilt-chain.ts, as the sync bench builds it) from another daemon: count and longest (target: none
//     over 50 ms), with the Network page open on the syncing node.
// Left out, and said so in the output: the renderer build and the chain build (done first, not timed in),
// a cold disk cache, the desktop shell (Electron), and CPU contention: on this machine the syncing daemons
// and Chromium share the same cores, so (b)'s tasks include time the page waited for a core.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { buildDevnetChain, Devnet, pollUntil } from "../../node-core/devnet/index.js";
import { buildRenderer } from "../support/build-renderer.js";
import { stageInstalledPackage } from "./installed-package.js";
import {
  installProbes,
  interactiveAt,
  longTasks,
  type PageTimings,
  pageTimings,
  watchFailedRequests,
} from "./page-probes.js";
import { startTrace, stopTrace } from "./start-trace.js";

const BLOCKS = Number(process.env.TIME_BENCH_UI_BLOCKS ?? 1_000);
const TXS_PER_BLOCK = Number(process.env.TIME_BENCH_UI_TXS ?? 20);
const STARTUP_RUNS = Number(process.env.TIME_BENCH_UI_RUNS ?? 3);
/** TIME_BENCH_UI_TRACE=1: the first start-up run of each program records a Chromium trace (start-trace.ts). */
const TRACE = process.env.TIME_BENCH_UI_TRACE === "1";
/** Which parts run: "start", "sync" or both (the default), comma-separated. */
const PARTS = new Set((process.env.TIME_BENCH_UI_PARTS ?? "start,sync").split(",").map((p) => p.trim()));
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

/** The daemon's "start-up timings" log line (daemon/startup-phases.ts), the last one in its log. */
interface DaemonStartup {
  readonly processStartedAt: number;
  readonly totalMs: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly cpuMs?: number;
}

async function daemonStartup(logFile: string): Promise<DaemonStartup | null> {
  // The log is piped to the file by the devnet; the line may land a moment after the URL.
  for (let attempt = 0; attempt < 20; attempt++) {
    const lines = (await readFile(logFile, "utf8"))
      .split("\n")
      .filter((l) => l.includes('"start-up timings"'));
    const last = lines.at(-1);
    if (last !== undefined) return (JSON.parse(last) as { startup: DaemonStartup }).startup;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

/**
 * One run's start, as named consecutive phases (ms): the daemon's own (its log line, from its process
 * start), then the page's (Navigation/Resource Timing and the probes), each from the end of the one before.
 */
function breakdown(
  spawnedAt: number,
  urlAt: number,
  daemon: DaemonStartup | null,
  page: PageTimings,
  interactive: number,
): [string, number][] {
  const phases: [string, number][] = [];
  let last = spawnedAt;
  const to = (name: string, at: number | undefined) => {
    if (at === undefined) return;
    phases.push([name, at - last]);
    last = at;
  };
  if (daemon !== null) {
    to("process exec", daemon.processStartedAt);
    for (const [name, ms] of Object.entries(daemon.phases)) to(`daemon ${name}`, last + ms);
  }
  to("URL read by the bench", urlAt);
  to("page.goto to fetch start", page.fetchStart);
  to("index.html", page.documentEnd);
  to("scripts and styles fetched", page.assetsEnd);
  to("scripts parsed and run", page.scriptsRun);
  to("socket open", page.socketOpen);
  to("first answer", page.firstAnswer);
  to("first data to the heading", interactive);
  return phases;
}

function formatPhases(phases: readonly [string, number][]): string {
  return phases.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(", ");
}

async function launchChromium(): Promise<{ browser: Browser; launchMs: number }> {
  const started = performance.now();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  return { browser, launchMs: performance.now() - started };
}

/**
 * (a): spawns node 1 with --ui `runs` times (each with a fresh Chromium) and prints each run and the median.
 * `daemon` names which program runs: the installed package's (the bundle, as npm start runs it) or this checkout's (tsx).
 */
async function measureStartup(
  dataDir: string,
  daemon: { readonly label: string; readonly timedBin?: string },
): Promise<void> {
  const devnet = await Devnet.create({
    ...(daemon.timedBin === undefined ? {} : { timedBin: daemon.timedBin }),
    nodes: 2,
    dataDir,
    blockTimeMs: BLOCK_MS,
    subnet: SUBNET,
    uiNode: 1,
    // Info, as a user's node logs: the start-up timings line is an info line.
    logLevel: "info",
  });
  const logFile = join(dataDir, "node-1", "timed.log");
  const toInteractive: number[] = [];
  const runs: [string, number][][] = [];
  const cpu: number[] = [];
  try {
    for (let run = 1; run <= STARTUP_RUNS; run++) {
      const { browser, launchMs } = await launchChromium();
      try {
        const page = await browser.newPage();
        await installProbes(page);
        const failed = watchFailedRequests(page);
        const tracing = TRACE && run === 1;
        if (tracing) await startTrace(browser, page);
        const spawnedAt = Date.now();
        devnet.startNode(1);
        const url = await devnet.uiUrl();
        const urlAt = Date.now();
        const urlMs = urlAt - spawnedAt;
        await page.goto(url);
        const interactive = await interactiveAt(page, 30_000);
        const readyMs = interactive - spawnedAt;
        toInteractive.push(readyMs);
        const timings = await pageTimings(page, failed);
        const started = await daemonStartup(logFile);
        const phases = breakdown(spawnedAt, urlAt, started, timings, interactive);
        runs.push(phases);
        if (started?.cpuMs !== undefined) cpu.push(started.cpuMs);
        console.log(
          `ui start (${daemon.label}), run ${run}: interactive ${seconds(readyMs)} after spawning timed --ui ` +
            `(of which the daemon printed its URL after ${seconds(urlMs)}); Chromium launch ${seconds(launchMs)} (apart)`,
        );
        console.log(
          `ui start (${daemon.label}), run ${run}, phases (ms): ${formatPhases(phases)}; ` +
            `the daemon's CPU time to its URL ${started?.cpuMs?.toFixed(0) ?? "?"} ms`,
        );
        const scripts = timings.resources.filter((r) => /\.(js|css)$/.test(r.name));
        console.log(
          `ui start (${daemon.label}), run ${run}, first load: ${scripts.map((r) => `${r.name} ${(r.bytes / 1024).toFixed(0)} KiB`).join(", ")}` +
            `; failed requests: ${timings.failed.length === 0 ? "none" : timings.failed.join(", ")}`,
        );
        // The page's long tasks up to the heading (and the moment it was read), with their page times.
        const startTasks = (await longTasks(page)) ?? [];
        console.log(
          `ui start (${daemon.label}), run ${run}, long tasks to interactive: ${
            startTasks.length === 0
              ? "none"
              : startTasks
                  .map((t) => `${t.durationMs.toFixed(0)} ms at ${t.startMs.toFixed(0)} ms`)
                  .join(", ")
          }`,
        );
        if (tracing) {
          const name = `ui-start-${daemon.label.replace(/\W+/g, "-")}`;
          for (const line of await stopTrace(browser, name))
            console.log(`ui start (${daemon.label}), ${line}`);
        }
      } finally {
        await browser.close();
        await devnet.stopNode(1);
      }
    }
  } finally {
    await devnet.stop();
  }
  console.log(
    `ui start (${daemon.label}): median ${seconds(median(toInteractive))} from spawn to the Welcome/Overview heading over ${STARTUP_RUNS} runs ` +
      `(target <= 1.5 s; node 1 opens a ${BLOCKS}-block chain; warm disk cache; Chromium's launch not included)`,
  );
  // The median of each phase over the runs (phases a run lacked are left out of that phase's median).
  const names = [...new Set(runs.flatMap((phases) => phases.map(([name]) => name)))];
  const medians: [string, number][] = names.map((name) => [
    name,
    median(runs.flatMap((phases) => phases.filter(([n]) => n === name).map(([, ms]) => ms))),
  ]);
  console.log(
    `ui start (${daemon.label}): median phases (ms): ${formatPhases(medians)}; ` +
      `the daemon's CPU time to its URL, median ${cpu.length === 0 ? "?" : median(cpu).toFixed(0)} ms`,
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
  if (PARTS.size === 0 || [...PARTS].some((part) => part !== "start" && part !== "sync"))
    throw new RangeError('TIME_BENCH_UI_PARTS must name "start", "sync" or both');
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
    if (PARTS.has("start")) {
      // The program a user's `timed --ui` runs (compiled dist/), then this checkout's (source via tsx).
      const installed = await stageInstalledPackage();
      try {
        console.log(
          `ui bench: staged an installed package (the daemon bundle and tsc output in dist/) in ${seconds(installed.buildMs)} (not timed in)`,
        );
        await measureStartup(dataDir, {
          label: "installed package or npm start: the daemon bundle",
          timedBin: installed.timedBin,
        });
      } finally {
        await rm(installed.dir, { recursive: true, force: true });
      }
      await measureStartup(dataDir, { label: "checkout, tsx" });
    }
    if (PARTS.has("sync")) await measureSyncLongTasks(dataDir);
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
