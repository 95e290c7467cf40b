// `npm run bench -- <name>`: runs one benchmark script and prints its figures. Benchmarks never assert on
// timing; they report what this machine does so regressions show up in the numbers.
import { availableParallelism, cpus } from "node:os";

const benches: Record<string, () => Promise<void>> = {
  kernel: async () => (await import("./kernel.js")).runKernelBench(),
  consensus: async () => (await import("./consensus.js")).runConsensusBench(),
};

const name = process.argv[2];
const run = name ? benches[name] : undefined;
if (!run) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join("|")}>`);
  process.exit(2);
}
console.log(
  `machine: ${cpus()[0]?.model ?? "unknown cpu"}, ${availableParallelism()} cores, node ${process.version}`,
);
await run();
