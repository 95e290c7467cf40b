// A local devnet of real `timed` processes: node i listens on its own loopback address (127.0.1.i by
// default, so per-IP rules mean something) at the devnet's default ports, the first four run the genesis
// masternodes with their public devnet operator keys, node 1 (and the UI node) holds the faucet key, and every node
// bootstraps from all the others. With a link latency, each node's p2p port sits behind a delaying relay.
// The multi-process tests and the devnet benchmark drive it through this module; `npm run devnet` wraps it.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { publicKeyFromSeed } from "../crypto/index.js";
import { DEVNET_MASTERNODES, devnetRoleKey } from "../genesis/index.js";
import { peerIdOfNodeId } from "../p2p/index.js";
import { DEVNET } from "../params/index.js";
import { toHex } from "../types/index.js";
import { type LatencyRelay, startLatencyRelay } from "./latency-relay.js";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const TIMED_BIN = join(REPO_ROOT, "bin", "timed.js");
/** The relay's port beside the node's p2p port. */
const RELAY_PORT_OFFSET = 2;

export interface DevnetOptions {
  readonly nodes: number;
  /** Where node-1 … node-N keep their data. */
  readonly dataDir: string;
  /** TSDC slot in ms (every node uses the same). */
  readonly blockTimeMs?: number;
  readonly linkLatencyMs?: number;
  /** First three octets of the nodes' addresses (default 127.0.1). */
  readonly subnet?: string;
  readonly logLevel?: string;
  /** Extra flags for every daemon. */
  readonly extraArgs?: readonly string[];
  /** Flags for Node itself, before the daemon's script (e.g. --cpu-prof to profile the daemons). */
  readonly nodeFlags?: readonly string[];
  /**
   * The daemon's launcher (default: this checkout's bin/timed.js, which runs the TypeScript source through
   * tsx); the UI bench points it at a staged installed package's bin/timed.js, which runs the compiled dist/.
   */
  readonly timedBin?: string;
  /** The node that serves the web UI (`--ui`); its URL is read from its output (uiUrl()). */
  readonly uiNode?: number;
}

export interface DevnetNodeInfo {
  readonly node: number;
  readonly ip: string;
  readonly rpc: string;
  readonly cookie: string;
  readonly p2p: string;
  readonly dataDir: string;
  readonly nodeId: string;
  readonly masternode: boolean;
}

export interface DevnetNode extends DevnetNodeInfo {
  process: ChildProcess | null;
  readonly logFile: string;
}

/**
 * The daemons' environment: this process's, without TIME_* variables. timed reads TIME_* as settings and
 * refuses unknown ones; a variable meant for a test or a benchmark (TIME_BENCH_RATE) must not reach it.
 */
function daemonEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_NO_WARNINGS: "1" };
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("TIME_")) env[name] = value;
  return env;
}

function nodeIp(subnet: string, i: number): string {
  return `${subnet}.${i}`;
}

async function writeSecret(file: string, seed: Uint8Array): Promise<void> {
  await writeFile(file, `${toHex(seed)}\n`, { mode: 0o600 });
}

/** The libp2p key seed of a node without an operator key: created once, so its peer id is known in advance. */
async function followerSeed(dataDir: string): Promise<Uint8Array> {
  const file = join(dataDir, "p2p.key");
  if (existsSync(file)) {
    const text = (await readFile(file, "utf8")).trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, "hex"));
  }
  const seed = new Uint8Array(randomBytes(32));
  await writeSecret(file, seed);
  return seed;
}

interface RpcReply<T> {
  readonly result?: T;
  readonly error?: { readonly code: number; readonly message: string } | null;
}

export class DevnetRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (code ${code})`);
  }
}

export class Devnet {
  readonly nodes: DevnetNode[] = [];
  private readonly relays: LatencyRelay[] = [];
  private stopping = false;
  private uiUrlPromise: Promise<string> | null = null;

  private constructor(readonly opts: DevnetOptions) {}

  static async create(opts: DevnetOptions): Promise<Devnet> {
    if (!Number.isInteger(opts.nodes) || opts.nodes < 1 || opts.nodes > 200) {
      throw new RangeError(`--nodes must be an integer from 1 to 200, got ${opts.nodes}`);
    }
    const ui = opts.uiNode;
    if (ui !== undefined && (!Number.isInteger(ui) || ui < 1 || ui > opts.nodes)) {
      throw new RangeError(`the UI node must be one of the nodes 1 to ${opts.nodes}, got ${ui}`);
    }
    const devnet = new Devnet(opts);
    const subnet = opts.subnet ?? "127.0.1";
    const p2pPort = DEVNET.p2pPort;
    for (let i = 1; i <= opts.nodes; i++) {
      const dataDir = join(opts.dataDir, `node-${i}`);
      await mkdir(dataDir, { recursive: true });
      const masternode = i <= DEVNET_MASTERNODES;
      let seed: Uint8Array;
      if (masternode) {
        seed = devnetRoleKey("operator", i - 1).privateKey;
        await writeSecret(join(dataDir, "operator.key"), seed);
      } else {
        seed = await followerSeed(dataDir);
      }
      if (i === 1) await writeSecret(join(dataDir, "faucet.key"), devnetRoleKey("faucet", 0).privateKey);
      const nodeId = toHex(publicKeyFromSeed(seed));
      const ip = nodeIp(subnet, i);
      const port = opts.linkLatencyMs ? p2pPort + RELAY_PORT_OFFSET : p2pPort;
      devnet.nodes.push({
        node: i,
        ip,
        rpc: `http://${ip}:${DEVNET.rpcPort}`,
        cookie: join(dataDir, ".cookie"),
        p2p: `/ip4/${ip}/tcp/${port}/p2p/${peerIdOfNodeId(nodeId).toString()}`,
        dataDir,
        nodeId,
        masternode,
        process: null,
        logFile: join(dataDir, "timed.log"),
      });
    }
    return devnet;
  }

  /** Starts every node (and the relays); resolves once all processes are spawned. */
  async start(): Promise<void> {
    if (this.opts.linkLatencyMs) {
      for (const node of this.nodes) {
        this.relays.push(
          await startLatencyRelay({
            listenHost: node.ip,
            listenPort: DEVNET.p2pPort + RELAY_PORT_OFFSET,
            targetHost: node.ip,
            targetPort: DEVNET.p2pPort,
            oneWayMs: this.opts.linkLatencyMs,
          }),
        );
      }
    }
    for (const node of this.nodes) this.startNode(node.node);
  }

  /** The daemon's command line for node `i`. */
  argsOf(i: number): string[] {
    const node = this.nodes[i - 1] as DevnetNode;
    const args = [
      ...(this.opts.nodeFlags ?? []),
      this.opts.timedBin ?? TIMED_BIN,
      "--network",
      "devnet",
      "--datadir",
      node.dataDir,
      "--listen",
      `${node.ip}:${DEVNET.p2pPort}`,
      "--rpc-bind",
      node.ip,
      "--rpc-port",
      String(DEVNET.rpcPort),
      "--log-level",
      this.opts.logLevel ?? "info",
    ];
    const others = this.nodes.filter((n) => n.node !== i).map((n) => n.p2p);
    if (others.length > 0) args.push("--bootstrap", others.join(","));
    if (node.masternode) args.push("--masternode", join(node.dataDir, "operator.key"));
    // Node 1 pays from the faucet, and so does the UI node (its Receive page offers devnet coins); the
    // two see each other's pending spends in the pool, so they pick different coins.
    if (i === 1 || i === this.opts.uiNode) {
      args.push("--faucet-key", join((this.nodes[0] as DevnetNode).dataDir, "faucet.key"));
    }
    if (this.opts.blockTimeMs !== undefined) args.push("--block-time-ms", String(this.opts.blockTimeMs));
    if (i === this.opts.uiNode) args.push("--ui");
    args.push(...(this.opts.extraArgs ?? []));
    return args;
  }

  startNode(i: number): ChildProcess {
    const node = this.nodes[i - 1];
    if (node === undefined) throw new RangeError(`no node ${i}`);
    if (node.process !== null && node.process.exitCode === null) return node.process;
    const log = createWriteStream(node.logFile, { flags: "a" });
    const child = spawn(process.execPath, this.argsOf(i), {
      stdio: ["ignore", "pipe", "pipe"],
      env: daemonEnvironment(),
    });
    if (i === this.opts.uiNode) this.watchForUiUrl(child);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once("exit", () => {
      log.end();
      if (node.process === child) node.process = null;
    });
    node.process = child;
    return child;
  }

  /**
   * The web UI's URL (it carries the launch token) once the UI node printed it; rejects when the node exits
   * first. A restarted UI node prints a new one.
   */
  uiUrl(): Promise<string> {
    if (this.opts.uiNode === undefined) return Promise.reject(new Error("this devnet serves no web UI"));
    return this.uiUrlPromise ?? Promise.reject(new Error("the UI node has not started"));
  }

  private watchForUiUrl(child: ChildProcess): void {
    let seen = "";
    this.uiUrlPromise = new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString("utf8")).slice(-4096);
        const match = /^web UI: (\S+)$/m.exec(seen);
        if (match !== null) {
          child.stdout?.off("data", onData);
          resolve(match[1] as string);
        }
      };
      child.stdout?.on("data", onData);
      child.once("exit", (code) =>
        reject(new Error(`the UI node exited (code ${code}) before serving the UI`)),
      );
    });
    // Nobody may be waiting on it; an early exit must not become an unhandled rejection.
    this.uiUrlPromise.catch(() => {});
  }

  /** Stops node `i` with `signal` and waits for it to exit (SIGKILL after `graceMs`). */
  async stopNode(i: number, signal: NodeJS.Signals = "SIGTERM", graceMs = 15_000): Promise<number | null> {
    const node = this.nodes[i - 1];
    const child = node?.process;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  /** Stops every node and relay. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await Promise.all(this.nodes.map((n) => this.stopNode(n.node)));
    await Promise.all(this.relays.map((r) => r.close()));
  }

  /** Calls JSON-RPC `method` on node `i` with its cookie; throws the RPC error or the connection failure. */
  async rpc<T = unknown>(
    i: number,
    method: string,
    params: unknown[] | Record<string, unknown> = [],
  ): Promise<T> {
    const body = (await this.post(i, { jsonrpc: "2.0", id: 1, method, params })) as RpcReply<T>;
    if (body.error) throw new DevnetRpcError(method, body.error.code, body.error.message);
    return body.result as T;
  }

  /**
   * One JSON-RPC batch to node `i`: a result or a DevnetRpcError per call, in call order (a client
   * submitting many transactions pays one HTTP exchange for all of them, as Bitcoin clients do).
   */
  async rpcBatch<T = unknown>(
    i: number,
    calls: readonly { readonly method: string; readonly params?: unknown[] | Record<string, unknown> }[],
  ): Promise<(T | DevnetRpcError)[]> {
    if (calls.length === 0) return [];
    const body = await this.post(
      i,
      calls.map((c, id) => ({ jsonrpc: "2.0", id, method: c.method, params: c.params ?? [] })),
    );
    if (!Array.isArray(body)) throw new Error(`node ${i} answered a batch with ${JSON.stringify(body)}`);
    const out: (T | DevnetRpcError)[] = calls.map(
      (c) => new DevnetRpcError(c.method, -32603, "no answer in the batch reply"),
    );
    for (const item of body as (RpcReply<T> & { id: number })[]) {
      const call = calls[item.id];
      if (call === undefined) continue;
      out[item.id] = item.error
        ? new DevnetRpcError(call.method, item.error.code, item.error.message)
        : (item.result as T);
    }
    return out;
  }

  /** POSTs a JSON-RPC body to node `i` with its current cookie (a restarted node has a new one). */
  private async post(i: number, payload: unknown): Promise<unknown> {
    const node = this.nodes[i - 1];
    if (node === undefined) throw new RangeError(`no node ${i}`);
    const cookie = (await readFile(node.cookie, "utf8")).trim();
    const response = await fetch(node.rpc, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(cookie).toString("base64")}`,
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(30_000),
    });
    return response.json();
  }

  /**
   * Resolves once every running node answers RPC, is connected to all the others and has a certified
   * block; rejects after `timeoutMs` naming the nodes that are not there yet.
   */
  async waitReady(timeoutMs = 120_000, minHeight = 1): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const running = this.nodes.filter((n) => n.process !== null);
    let waiting: string[] = [];
    while (Date.now() < deadline) {
      waiting = [];
      for (const node of running) {
        try {
          const peers = await this.rpc<number>(node.node, "getconnectioncount");
          const height = await this.rpc<number>(node.node, "getblockcount");
          if (peers < running.length - 1 || height < minHeight) {
            waiting.push(`node ${node.node}: ${peers} peers, height ${height}`);
          }
        } catch (error) {
          waiting.push(`node ${node.node}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (waiting.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the devnet is not ready after ${timeoutMs} ms: ${waiting.join("; ")}`);
  }

  info(): DevnetNodeInfo[] {
    return this.nodes.map(({ process: _p, logFile: _l, ...info }) => info);
  }
}
