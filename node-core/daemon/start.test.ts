// Runs the real `npm start` entry point (node-core/daemon/start.ts through tsx) in a child process: a fresh
// data directory gets genesis and a summary (exit 0), and every way a newcomer can get it wrong (unknown
// flags, a bad network, a file as --datadir, a folder that cannot be created, a store of another network,
// a store held by another process) ends as exactly one stderr line, nothing on stdout and exit code 2.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ChainStore } from "../db/index.js";
import { DEVNET, TESTNET } from "../params/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const START = join(ROOT, "node-core", "daemon", "start.ts");
// Genesis hashes of the committed network files (printed by `npm start`, pinned by the genesis tests).
const TESTNET_GENESIS = "7c58c8abe5f3405c27a39bbb9bf360e6bc83fb2cacdc5b115678cfb61e86a8f8";
const DEVNET_GENESIS = "4d1739dab3a12064db55816dead9800ebfe5abd7a9990dafbed293b858973887";

const dir = mkdtempSync(join(tmpdir(), "time-start-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// A start that hangs (the recursive-mkdir spin) is killed after the timeout and reports code null. The
// timeouts are generous because the test machines are shared; a healthy start takes about a second.
const SPAWN_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 4 * SPAWN_TIMEOUT_MS;

function start(...args: string[]): Promise<Result> {
  return startIn({}, ...args);
}

function startIn(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const { INIT_CWD: _, ...inherited } = process.env;
    execFile(
      process.execPath,
      ["--import", "tsx", START, ...args],
      { cwd: ROOT, timeout: SPAWN_TIMEOUT_MS, env: { ...inherited, HOME: join(dir, "home"), ...env } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function fresh(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
}

function expectFailure(result: Result, fragment: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^time-start: error: [^\n]+\n$/);
  expect(result.stderr).toMatch(fragment);
}

describe.concurrent("npm start", { timeout: TEST_TIMEOUT_MS }, () => {
  it("connects genesis in a new data directory, prints tip and UTXO summary, and reopens it", async () => {
    const datadir = join(dir, "new", "testnet");
    const first = await start("--network", "testnet", "--datadir", datadir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Chain store (testnet): ${join(datadir, "chain")}\n`);
    expect(first.stdout).toContain(`  tip        height 0 ${TESTNET_GENESIS}\n`);
    // The committed testnet genesis (assets/networks/testnet.genesis.json) pays one output of 0.00001 TIME
    // and registers no masternode.
    expect(first.stdout).toMatch(/\n {2}UTXO set {3}1 outputs, 0\.00001 TIME, hash [0-9a-f]{64}\n/);
    expect(first.stdout).toContain("\n  masternodes 0 registered\n");
    expect(existsSync(join(datadir, "chain"))).toBe(true);
    const again = await start("--network", "testnet", "--datadir", datadir);
    expect(again).toEqual(first);
  });

  it("defaults to the devnet in ~/.timecoin/devnet", async () => {
    const result = await start();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Chain store (devnet): ${join(dir, "home", ".timecoin", "devnet", "chain")}\n`,
    );
    expect(result.stdout).toContain(`  tip        height 0 ${DEVNET_GENESIS}\n`);
    expect(result.stdout).toContain("\n  masternodes 4 registered (bronze, bronze, bronze, bronze)\n");
  });

  it("takes a relative --datadir relative to where npm was run (INIT_CWD), not the package root", async () => {
    const name = "time-start-test-relative";
    try {
      const result = await startIn({ INIT_CWD: dir }, "--datadir", name);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Chain store (devnet): ${join(dir, name, "chain")}\n`);
    } finally {
      // Where a regression would put it.
      rmSync(join(ROOT, name), { recursive: true, force: true });
    }
  });

  it("prints help and the package version, exit 0", async () => {
    const help = await start("--help");
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    for (const flag of ["--network <name>", "--datadir <dir>", "--version", "--help"])
      expect(help.stdout).toContain(flag);
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(await start("--version")).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("refuses unknown flags, extra arguments and bad option values", async () => {
    const cases: [string[], RegExp][] = [
      [["--frob"], /unknown option '--frob'/],
      [["--network", "moonnet"], /'moonnet' is invalid.*mainnet, testnet, devnet/],
      [["--network"], /--network <name>' argument missing/],
      [["--datadir"], /--datadir <dir>' argument missing/],
      [["--datadir="], /--datadir is empty/],
      [["now"], /too many arguments/],
    ];
    const results = await Promise.all(cases.map(([args]) => start(...args)));
    results.forEach((result, i) => {
      expectFailure(result, cases[i]![1]);
    });
  });

  it("refuses a file given as --datadir, or a file on its path", async () => {
    const path = join(dir, "a-file");
    writeFileSync(path, "not a directory\n");
    expectFailure(await start("--datadir", path), new RegExp(`--datadir ${path} is a file, not a directory`));
    expectFailure(
      await start("--datadir", join(path, "sub")),
      new RegExp(`${path} is a file, not a directory`),
    );
  });

  it.skipIf(!existsSync("/proc/self"))("fails at once on a data directory /proc cannot hold", async () => {
    expectFailure(await start("--datadir", "/proc/time-start-test/x"), /cannot create or write --datadir/);
    expectFailure(
      await start("--datadir", "/proc"),
      /cannot create or write --datadir \/proc: \/proc\/chain/,
    );
  });

  it.skipIf(process.getuid?.() === 0)("refuses a data directory under a read-only folder", async () => {
    const parent = fresh("read-only");
    chmodSync(parent, 0o500);
    try {
      expectFailure(await start("--datadir", join(parent, "x")), /permission denied/);
    } finally {
      chmodSync(parent, 0o700);
    }
  });

  it("refuses a store of another network", async () => {
    const datadir = fresh("testnet-store");
    const store = await ChainStore.open({ dataDir: datadir, params: TESTNET });
    await store.close();
    expectFailure(
      await start("--network", "devnet", "--datadir", datadir),
      /holds another network's chain .*testnet.*--network/,
    );
  });

  it("refuses a store another process has open", async () => {
    const datadir = fresh("locked-store");
    const store = await ChainStore.open({ dataDir: datadir, params: DEVNET });
    try {
      expectFailure(
        await start("--network", "devnet", "--datadir", datadir),
        new RegExp(`--datadir ${datadir} is in use by another running node`),
      );
    } finally {
      await store.close();
    }
  });
});
