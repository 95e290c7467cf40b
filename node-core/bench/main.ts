// `npm run bench -- <name>`: runs one benchmark script and prints its figures. Benchmarks never assert on
// timing; they report what this machine does so regressions show up in the numbers. `--help` lists them
// (exit 0); a missing or unknown name is one stderr line and exit code 2, as in the other command-line tools.
// The exit code is handed to Node (no process.exit) so stdout drains fully.
import { spawn } from "node:child_process";
import { availableParallelism, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { prepareDaemonLaunch } from "./daemon-launch.js";

interface Bench {
  readonly summary: string;
  /** Runs timed daemons as processes (which launch: daemon-launch.ts). */
  readonly daemons?: true;
  run(): Promise<void>;
}

const benches: Readonly<Record<string, Bench>> = {
  kernel: {
    summary: "signature verification, BLAKE3 hashing, block validation and UTXO writes to LevelDB",
    run: async () => (await import("./kernel.js")).runKernelBench(),
  },
  devnet: {
    daemons: true,
    summary:
      "five timed daemons on loopback: finality at 0 and 50 ms, sustained tx/s, CPU/RSS/bytes, round change",
    run: async () => (await import("./devnet.js")).runDevnetBench(),
  },
  sync: {
    daemons: true,
    summary: "fresh-node sync speed of a 2,000-block prebuilt chain from one devnet daemon",
    run: async () => (await import("./devnet-sync.js")).runSyncBench(),
  },
  soak: {
    daemons: true,
    summary:
      "five timed daemons under steady load for TIME_SOAK_MINUTES (30): RSS and open handles over time",
    run: async () => (await import("./soak.js")).runSoak(),
  },
  consensus: {
    summary: "crypto costs, simulator throughput, and the N = 100 Byzantine finality matrix (issue 7)",
    run: async () => (await import("./consensus.js")).runConsensusBench(),
  },
  wallet: {
    summary:
      "wallet unlock at the default Argon2id parameters (target <= 300 ms); restore-scan speed on a " +
      "LevelDB chain; signing a 2-in 2-out payment",
    run: async () => {
      await (await import("./wallet-unlock.js")).walletUnlockBench();
      await (await import("./wallet-scan.js")).walletScanBench();
    },
  },
  ui: {
    summary:
      "web mode: timed --ui spawn to interactive page (target <= 1.5 s), by phase; long tasks during a 1,000-block sync",
    run: runUiBench,
  },
};

/**
 * The UI bench lives with the browser suites (e2e/bench/, it drives Playwright), outside node-core's
 * compilation unit, so it runs as its own tsx process rather than as an import; its output is this one's.
 */
function runUiBench(): Promise<void> {
  const script = fileURLToPath(new URL("../../e2e/bench/main.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the ui bench exited with ${signal ?? `code ${code}`}`));
    });
  });
}

const EXIT_USAGE = 2;
const names = Object.keys(benches);

function usage(): string {
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((n) => `  ${n.padEnd(width)}  ${benches[n]?.summary}`);
  return `usage: npm run bench -- <name>\n\nbenchmarks:\n${lines.join("\n")}\n`;
}

async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return 0;
  }
  if (name === undefined) return fail(`no benchmark given (known: ${names.join(", ")})`);
  const bench = Object.hasOwn(benches, name) ? benches[name] : undefined;
  if (!bench) return fail(`unknown benchmark: ${name} (known: ${names.join(", ")})`);
  if (rest.length > 0) return fail(`unexpected arguments after ${name}: ${rest.join(" ")}`);
  console.log(
    `machine: ${cpus()[0]?.model ?? "unknown cpu"}, ${availableParallelism()} cores, node ${process.version}`,
  );
  if (bench.daemons) console.log(prepareDaemonLaunch());
  await bench.run();
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`bench: error: ${message}\n`);
  return EXIT_USAGE;
}

process.exitCode = await main(process.argv.slice(2));
