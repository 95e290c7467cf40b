// Which daemon the multi-process benchmarks (devnet, sync, soak) run. By default the dist/daemon bundle,
// built afresh here: what `npm start` and an installed package run, so the figures describe the product.
// TIME_BENCH_LAUNCH=source runs this checkout's TypeScript through tsx instead (the developer path: on this
// machine each daemon then held ~85 MB more RSS at idle, 187 vs 101 MB, and the devnet bench finalized
// 136-152 tx/s rather than 195, the tsx loader's hooks and compiles costing CPU the daemons share).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Prepares the daemons' launch (bin/launch.js reads TIMECOIN_LAUNCH) and says which one runs. */
export function prepareDaemonLaunch(env: NodeJS.ProcessEnv = process.env): string {
  const choice = env.TIME_BENCH_LAUNCH ?? "bundle";
  if (choice === "source") {
    delete env.TIMECOIN_LAUNCH;
    return "daemons: this checkout's TypeScript source through tsx (TIME_BENCH_LAUNCH=source)";
  }
  if (choice !== "bundle")
    throw new RangeError(`TIME_BENCH_LAUNCH must be "bundle" or "source", not "${choice}"`);
  const started = performance.now();
  const built = spawnSync(process.execPath, [join(ROOT, "tools", "build-daemon.mjs")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`the daemon bundle did not build:\n${built.stdout}${built.stderr}`);
  env.TIMECOIN_LAUNCH = "bundle";
  return (
    `daemons: the dist/daemon bundle as npm start and an installed package run it, built afresh in ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s (TIME_BENCH_LAUNCH=source: the tsx source path)`
  );
}
