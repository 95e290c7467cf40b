// A plain node a test starts beside the run's devnet: a real `timed` with no operator key, on the next
// loopback address of the devnet's subnet, bootstrapped to every devnet node, serving the web UI. A wallet
// there can run its own new masternode (masternodestart), which the devnet's nodes cannot: each already
// runs a genesis masternode. rpc() reaches it by its number while it runs; stop() ends it, keeps its log
// under e2e/artifacts/devnet-logs/ and removes its data.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARTIFACTS_DIR, REPO_ROOT } from "./paths.js";
import { rpc, until } from "./rpc.js";
import { addRunNode, type RunNode, removeRunNode, runInfo } from "./run-info.js";

export interface PlainNode {
  readonly node: number;
  /** The p2p address it listens on (host:port), what a masternode registered here announces. */
  readonly listen: string;
  /** Its web UI's URL with the launch token. */
  readonly uiUrl: string;
  stop(): Promise<void>;
}

/** The daemon's environment: no TIME_* variables (timed reads them as settings and refuses unknown ones). */
function daemonEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_NO_WARNINGS: "1" };
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("TIME_")) env[name] = value;
  return env;
}

function uiUrlOf(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString("utf8")).slice(-4096);
      const match = /^web UI: (\S+)$/m.exec(seen);
      if (match !== null) {
        child.stdout?.off("data", onData);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the plain node exited (code ${code}) before its UI`)));
  });
}

/** Starts the plain node and resolves once it serves its UI and has the devnet's tip. */
export async function startPlainNode(): Promise<PlainNode> {
  const info = runInfo();
  const first = info.nodes[0];
  if (first === undefined) throw new Error("the run's devnet has no nodes");
  const number = Math.max(...info.nodes.map((n) => n.node)) + 1;
  const subnet = first.ip.split(".").slice(0, 3).join(".");
  const ip = `${subnet}.${number}`;
  const rpcPort = new URL(first.rpc).port;
  const p2pPort = /\/tcp\/(\d+)\//.exec(first.p2p)?.[1];
  if (p2pPort === undefined) throw new Error(`no port in ${first.p2p}`);
  const dataDir = await mkdtemp(join(tmpdir(), "timecoin-e2e-plain-"));
  const logFile = join(dataDir, "timed.log");
  const args = [
    join(REPO_ROOT, "bin", "timed.js"),
    "--network",
    "devnet",
    "--datadir",
    dataDir,
    "--listen",
    `${ip}:${p2pPort}`,
    "--rpc-bind",
    ip,
    "--rpc-port",
    rpcPort,
    "--log-level",
    "info",
    "--bootstrap",
    info.nodes.map((n) => n.p2p).join(","),
    "--block-time-ms",
    String(info.blockTimeMs),
    "--ui",
  ];
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: daemonEnvironment(),
  });
  const uiUrlPromise = uiUrlOf(child);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once("exit", () => log.end());
  const runNode: RunNode = {
    node: number,
    rpc: `http://${ip}:${rpcPort}`,
    cookie: join(dataDir, ".cookie"),
    dataDir,
    p2p: "",
    ip,
  };
  const stop = async () => {
    removeRunNode(number);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    const logs = join(ARTIFACTS_DIR, "devnet-logs");
    await mkdir(logs, { recursive: true });
    await copyFile(logFile, join(logs, `node-${number}-plain.log`)).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const uiUrl = await uiUrlPromise;
    addRunNode(runNode);
    await until(
      `plain node ${number} at the devnet's tip`,
      60_000,
      async () => {
        const [mine, theirs] = await Promise.all([
          rpc<number>(number, "getblockcount"),
          rpc<number>(first.node, "getblockcount"),
        ]);
        const peers = await rpc<number>(number, "getconnectioncount");
        return peers >= info.nodes.length && mine >= theirs - 1 ? true : null;
      },
      250,
    );
    return { node: number, listen: `${ip}:${p2pPort}`, uiUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
