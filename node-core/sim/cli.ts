// `npm run sim -- ...`: runs one simulation and prints its result as ONE JSON object on stdout. Bad input
// prints a one-line error on stderr and exits 2. Without --timing the output is byte-identical for the same
// arguments (everything in it is virtual); --timing adds cpuMs, the run's CPU time on this machine.
import { cpuUsage } from "node:process";
import { parseSimArgs, SIM_USAGE } from "./args.js";
import { isSimError } from "./errors.js";
import { runSimulation } from "./simulation.js";

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseSimArgs>;
  try {
    parsed = parseSimArgs(argv);
  } catch (error) {
    if (isSimError(error)) {
      process.stderr.write(`sim: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.help) {
    process.stdout.write(`${SIM_USAGE}\n`);
    return 0;
  }
  const start = cpuUsage();
  const result = await runSimulation(parsed.options);
  const used = cpuUsage(start);
  const output = parsed.timing ? { ...result, cpuMs: Math.round((used.user + used.system) / 1000) } : result;
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
