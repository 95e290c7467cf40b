// `npx tsx node-core/daemon/devnet/prebuild.ts --blocks 1000 --datadir DIR --txs-per-block 20`: builds a
// devnet chain of N certified blocks into DIR/chain (prebuilt-chain.ts), printing the building speed as it
// goes and, at the end, the tip and the UTXO set hash. A daemon started with `--datadir DIR --network
// devnet` (and the same --block-time-ms) opens it as its own chain.
// Failures end as one stderr line "time-prebuild: error: …" with exit code 2 (bad input) or 3 (a fault);
// the exit code is handed to Node (no process.exit) so stdout drains fully.
import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { CHAIN_DB_DIR, isDbError } from "../db/index.js";
import {
  type BuildProgress,
  buildDevnetChain,
  PrebuiltChainError,
  resolveBuildOptions,
} from "../devnet/index.js";
import { DEVNET } from "../params/index.js";
import { formatTime } from "../types/index.js";
import { isNodeCoreError } from "../util/index.js";
import { prepareDataDir } from "./datadir.js";
import { errorLine } from "./error-line.js";
import { StartError } from "./start-error.js";

const NAME = "time-prebuild";
const EXIT_OK = 0;
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;
/** Real time between two progress lines. */
const PROGRESS_EVERY_MS = 5_000;

interface PrebuildOptions {
  readonly blocks: number;
  readonly datadir: string;
  readonly txsPerBlock: number;
  readonly blockTimeMs: number;
  readonly latencyMs: number;
  readonly seed: number;
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a non-negative integer");
  return Number(value);
}

function buildProgram(): Command {
  return new Command(NAME)
    .description("Build a devnet chain of N certified blocks (four genesis masternodes on virtual time)")
    .requiredOption("--blocks <n>", "certified blocks to build on top of genesis", integer)
    .requiredOption("--datadir <dir>", "data directory; the chain goes to <dir>/chain, which must be new")
    .option("--txs-per-block <n>", "transactions submitted per block", integer, 0)
    .option("--block-time-ms <ms>", "devnet slot length", integer, DEVNET.blockIntervalMs)
    .option("--latency-ms <ms>", "one-way delay between the in-process nodes (virtual)", integer, 5)
    .option("--seed <n>", "seed of the nodes' randomness and the wallet", integer, 1)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: () => {},
      outputError: () => {},
    });
}

function progressLine(p: BuildProgress): string {
  return (
    `height ${p.height}/${p.blocks}  ${p.blocksPerSecond.toFixed(2)} blocks/s  ` +
    `${p.transactions} txs  ${(p.elapsedMs / 1000).toFixed(1)} s`
  );
}

/** The command-line flag of each library option, so a refusal names what the user typed. */
const FLAGS: Readonly<Record<string, string>> = {
  blocks: "--blocks",
  txsPerBlock: "--txs-per-block",
  blockIntervalMs: "--block-time-ms",
  latencyMs: "--latency-ms",
  seed: "--seed",
  dataDir: "--datadir",
};

async function prebuild(o: PrebuildOptions): Promise<void> {
  // Checked before the data directory is created, so a mistyped flag leaves nothing behind.
  resolveBuildOptions({
    dataDir: o.datadir,
    blocks: o.blocks,
    blockIntervalMs: o.blockTimeMs,
    txsPerBlock: o.txsPerBlock,
    latencyMs: o.latencyMs,
    seed: o.seed,
  });
  const dataDir = await prepareDataDir(
    resolve(process.env.INIT_CWD ?? process.cwd(), o.datadir),
    CHAIN_DB_DIR,
  );
  console.log(
    `building ${o.blocks} devnet blocks (${o.txsPerBlock} txs/block, ${o.blockTimeMs} ms slots) ` +
      `into ${dataDir}/${CHAIN_DB_DIR}`,
  );
  let lastLine = performance.now();
  const built = await buildDevnetChain({
    dataDir,
    blocks: o.blocks,
    blockIntervalMs: o.blockTimeMs,
    txsPerBlock: o.txsPerBlock,
    latencyMs: o.latencyMs,
    seed: o.seed,
    onProgress: (p) => {
      const now = performance.now();
      if (now - lastLine < PROGRESS_EVERY_MS && p.height < p.blocks) return;
      lastLine = now;
      console.log(progressLine(p));
    },
  });
  console.log(
    [
      `done in ${(built.elapsedMs / 1000).toFixed(1)} s ` +
        `(${((Number(built.tipHeight) * 1000) / built.elapsedMs).toFixed(2)} blocks/s, ` +
        `${(built.virtualMs / 1000).toFixed(0)} s of virtual time)`,
      `  tip        height ${built.tipHeight} ${built.tipHash}`,
      `  genesis    ${built.genesisHash}`,
      `  txs        ${built.transactions} in blocks, ${built.pendingTransactions} still pending`,
      `  UTXO set   ${built.utxoSet.count} outputs, ${formatTime(built.utxoSet.totalAmount)} TIME, ` +
        `hash ${built.utxoSet.hash}`,
    ].join("\n"),
  );
}

function describeFailure(err: unknown): { exitCode: number; message: string } {
  if (err instanceof CommanderError)
    return { exitCode: EXIT_USAGE, message: err.message.replace(/^error: /, "") };
  if (err instanceof StartError) return { exitCode: EXIT_USAGE, message: err.message };
  if (err instanceof PrebuiltChainError) {
    if (err.code === "PREBUILT_BAD_OPTION") {
      const { option } = (err as PrebuiltChainError<"PREBUILT_BAD_OPTION">).payload;
      return { exitCode: EXIT_USAGE, message: err.message.replace(option, FLAGS[option] ?? option) };
    }
    return { exitCode: err.code === "PREBUILT_NOT_EMPTY" ? EXIT_USAGE : EXIT_INTERNAL, message: err.message };
  }
  if (isDbError(err)) return { exitCode: EXIT_USAGE, message: `cannot use the chain store: ${err.message}` };
  const detail = isNodeCoreError(err)
    ? `${err.code}: ${err.message}`
    : err instanceof Error
      ? err.message
      : String(err);
  return { exitCode: EXIT_INTERNAL, message: `internal error: ${detail}` };
}

async function main(args: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    program.parse([...args], { from: "user" });
    if (program.args.length > 0)
      throw new StartError("START_USAGE", `unexpected argument ${program.args[0]}`);
    await prebuild(program.opts<PrebuildOptions>());
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError && err.exitCode === 0) return EXIT_OK;
    const { exitCode, message } = describeFailure(err);
    process.stderr.write(errorLine(NAME, message));
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
