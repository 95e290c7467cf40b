// The BUILT node host (dist bundle from electron/build.mjs) run as its own process, the way Electron's
// utilityProcess runs it, except that process.parentPort is a small shim over Node's child-process IPC
// (Electron cannot run here): it must start a real devnet node, say ready, answer calls and a bad method
// as outcomes, and exit 0 on a stop message. This catches what the in-process test cannot: bundling
// mistakes, a worker file node-core looks for beside the bundle, an import that only works from source.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostToMainMessage, MainToHostMessage } from "../contract.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Inside the repository, so the bundle's external packages resolve from its node_modules.
const outDir = join(ROOT, "dist", `electron-host-test-${process.pid}`);
const dataDir = mkdtempSync(join(tmpdir(), "host-bundle-"));
const SHIM = `// process.parentPort as Electron's utility process has it, over child-process IPC.
process.parentPort = {
  on(event, listener) { if (event === "message") process.on("message", (data) => listener({ data })); },
  postMessage(message) { process.send(message); },
};
`;

let child: ChildProcess;
const received: HostToMainMessage[] = [];
let output = "";
let exited: Promise<number | null>;

function spawnHost(args: string[]) {
  const env: NodeJS.ProcessEnv = { HOME: dataDir, PATH: process.env.PATH ?? "" };
  return spawn(
    process.execPath,
    [
      "--import",
      pathToFileURL(join(outDir, "parent-port-shim.mjs")).href,
      join(outDir, "node-host.mjs"),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe", "ipc"], env },
  );
}

function next(match: (m: HostToMainMessage) => boolean, timeoutMs = 120_000): Promise<HostToMainMessage> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const found = received.find(match);
      if (found !== undefined) {
        clearInterval(poll);
        resolve(found);
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`no such message from the host; it wrote:\n${output.slice(-4000)}`));
      }
    }, 20);
  });
}

function send(message: MainToHostMessage) {
  child.send(message);
}

beforeAll(async () => {
  const buildModule = "../build.mjs";
  const { buildElectron } = (await import(buildModule)) as { buildElectron(out: string): Promise<string> };
  await buildElectron(outDir);
  writeFileSync(join(outDir, "parent-port-shim.mjs"), SHIM);
  child = spawnHost([
    "--network",
    "devnet",
    "--datadir",
    join(dataDir, "node"),
    "--listen",
    "/ip4/127.0.0.1/tcp/0",
  ]);
  child.on("message", (m: HostToMainMessage) => received.push(m));
  child.stdout?.setEncoding("utf8").on("data", (t: string) => (output += t));
  child.stderr?.setEncoding("utf8").on("data", (t: string) => (output += t));
  exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}, 120_000);

afterAll(() => {
  if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the built node host", () => {
  it("holds the worker files node-core starts beside it", () => {
    for (const file of ["verify-worker.js", "argon2-worker.js", "node-host.mjs", "main.mjs", "preload.cjs"])
      expect(existsSync(join(outDir, file)), file).toBe(true);
  });

  it("starts a node, answers calls, and stops cleanly", async () => {
    const ready = await next((m) => m.kind === "ready");
    expect(ready).toEqual({ kind: "ready", network: "devnet", dataDir: join(dataDir, "node") });
    send({ kind: "call", id: 1, method: "getblockchaininfo" });
    send({ kind: "call", id: 2, method: "nosuchmethod" });
    expect(await next((m) => m.kind === "outcome" && m.id === 1)).toMatchObject({
      ok: true,
      result: { chain: "devnet" },
    });
    expect(await next((m) => m.kind === "outcome" && m.id === 2)).toMatchObject({
      ok: false,
      error: { code: "API_METHOD_NOT_FOUND" },
    });
    send({ kind: "stop", reason: "test done" });
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"node host starting"');
  }, 120_000);

  it("reports a setting a restart cannot fix as a fatal message and exits 2", async () => {
    const bad = spawnHost(["--network", "moonnet"]);
    const messages: HostToMainMessage[] = [];
    bad.on("message", (m: HostToMainMessage) => messages.push(m));
    const code = await new Promise<number | null>((resolve) => bad.once("exit", resolve));
    expect(code).toBe(2);
    expect(messages).toEqual([
      { kind: "fatal", message: "--network: must be mainnet, testnet or devnet", retryable: false },
    ]);
  }, 60_000);
});
