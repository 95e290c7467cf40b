// The devnet runner of `npm run devnet -- --nodes N [--block-time S] [--datadir DIR] [--link-latency-ms L]
// [--ui [NODE]]`: starts a local devnet of N timed daemons (devnet.ts), prints one JSON line per node and then
// {"ready":true} once all are connected and a block is certified, and stops them all on Ctrl-C or SIGTERM.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { Devnet } from "../devnet/index.js";
import { DEVNET } from "../params/index.js";
import { errorLine } from "./error-line.js";

const NAME = "devnet";

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new CommanderError(2, "devnet.usage", `${name} must be a positive integer, got ${value}`);
    return n;
  };
}

function nonNegative(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      throw new CommanderError(2, "devnet.usage", `${name} must be a number >= 0, got ${value}`);
    return n;
  };
}

/**
 * The node `--ui` names: absent means none, bare `--ui` node 1, `--ui N` node N (1..nodes). Throws a
 * CommanderError (usage) for anything else.
 */
export function uiNodeOf(value: boolean | string | undefined, nodes: number): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > nodes) {
    throw new CommanderError(
      2,
      "devnet.usage",
      `--ui must name one of the nodes 1 to ${nodes}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

export async function runDevnet(argv: readonly string[]): Promise<number> {
  const program = new Command(NAME)
    .description("Start a local devnet of timed masternodes on loopback")
    .option(
      "--nodes <n>",
      "number of daemons (the first four are the genesis masternodes)",
      positiveInt("--nodes"),
      4,
    )
    .option("--block-time <s>", "block interval in seconds", nonNegative("--block-time"), 2)
    .option("--datadir <dir>", "where node-1 … node-N keep their data (default: a new temporary folder)")
    .option(
      "--link-latency-ms <ms>",
      "one-way latency put in front of each node's p2p port",
      nonNegative("--link-latency-ms"),
      0,
    )
    .option("--subnet <a.b.c>", "first three octets of the nodes' loopback addresses", "127.0.1")
    .option("--log-level <level>", "the daemons' log level", "info")
    .option(
      "--ui [node]",
      "that node (default 1) serves the web UI; its URL is printed once the devnet is ready",
    )
    .exitOverride()
    .configureOutput({ writeOut: (t) => process.stdout.write(t), writeErr: () => {}, outputError: () => {} });
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    process.stderr.write(
      errorLine(NAME, error instanceof Error ? error.message.replace(/^error: /, "") : String(error)),
    );
    return 2;
  }
  const o = program.opts<{
    nodes: number;
    blockTime: number;
    datadir?: string;
    linkLatencyMs: number;
    subnet: string;
    logLevel: string;
    ui?: boolean | string;
  }>();
  let uiNode: number | undefined;
  try {
    uiNode = uiNodeOf(o.ui, o.nodes);
  } catch (error) {
    process.stderr.write(errorLine(NAME, error instanceof Error ? error.message : String(error)));
    return 2;
  }
  const base = process.env.INIT_CWD ?? process.cwd();
  const dataDir = o.datadir ? resolve(base, o.datadir) : await mkdtemp(resolve(tmpdir(), "timecoin-devnet-"));
  const devnet = await Devnet.create({
    nodes: o.nodes,
    dataDir,
    blockTimeMs: Math.round(o.blockTime * 1000),
    linkLatencyMs: o.linkLatencyMs,
    subnet: o.subnet,
    logLevel: o.logLevel,
    ...(uiNode === undefined ? {} : { uiNode }),
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await devnet.stop();
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  await devnet.start();
  for (const node of devnet.info()) {
    process.stdout.write(
      `${JSON.stringify({ node: node.node, rpc: node.rpc, cookie: node.cookie, p2p: node.p2p, datadir: node.dataDir, masternode: node.masternode })}\n`,
    );
  }
  try {
    await devnet.waitReady();
    const uiUrl = uiNode === undefined ? null : await devnet.uiUrl();
    process.stdout.write(
      `${JSON.stringify(uiUrl === null ? { ready: true } : { ready: true, ui: uiUrl })}\n`,
    );
    // For a person at the terminal (stdout stays JSON lines for scripts).
    const first = devnet.nodes[0];
    if (first !== undefined) {
      process.stderr.write(
        `\ndevnet ready: ${devnet.nodes.length} timed daemons, blocks every ${o.blockTime} s, data in ${dataDir}\n` +
          `  npx time-cli -network=devnet -rpcconnect=${first.ip} -datadir=${first.dataDir} getblockchaininfo\n` +
          `  npx time-cli -network=devnet -rpcconnect=${first.ip} -datadir=${first.dataDir} getpeerinfo\n` +
          `  curl http://${first.ip}:${DEVNET.rpcPort}/health     (metrics: /metrics)\n` +
          (uiUrl === null
            ? "  (start with --ui to use the wallet in a browser)\n"
            : `\n  Open the wallet in your browser: ${uiUrl}\n` +
              `  (the wallet runs on node ${uiNode}${devnet.nodes[(uiNode ?? 1) - 1]?.masternode ? ", a genesis masternode" : ", a plain node: its wallet can start a masternode of its own"})\n`) +
          "Ctrl-C stops the devnet.\n",
      );
    }
  } catch (error) {
    process.stderr.write(errorLine(NAME, error instanceof Error ? error.message : String(error)));
    await stop();
    return 1;
  }
  await new Promise<void>((resolveDone) => {
    const check = setInterval(() => {
      if (stopping || devnet.nodes.every((n) => n.process === null)) {
        clearInterval(check);
        resolveDone();
      }
    }, 200);
  });
  await stop();
  return 0;
}
