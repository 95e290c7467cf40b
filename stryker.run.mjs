// Runs Stryker (stryker.config.mjs) through its programmatic API. The project supports Node >= 20.19 and
// Stryker 10 refuses to start below Node 22: the guard runs when its CLI module loads, and the package
// index imports that module, so the Stryker class is loaded from its own file. Same mutation test.
// Extra arguments: `--mutate a.ts,b.ts` to mutate a subset, `--concurrency N`, `--incrementalFile F`,
// `--dryRunOnly` (instrument and run the tests once: mutant count and test time, no mutants tested).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const core = dirname(fileURLToPath(import.meta.resolve("@stryker-mutator/core/package.json")));
const { Stryker } = await import(pathToFileURL(join(core, "dist/src/stryker.js")).href);

const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i++) {
  const name = args[i];
  if (name === "--dryRunOnly") {
    options.dryRunOnly = true;
    continue;
  }
  const value = args[++i];
  if (value === undefined) throw new Error(`missing value for ${name}`);
  if (name === "--mutate") options.mutate = value.split(",");
  else if (name === "--concurrency") options.concurrency = Number(value);
  else if (name === "--incrementalFile") options.incrementalFile = value;
  else throw new Error(`unknown option ${name}`);
}
const results = await new Stryker(options).runMutationTest();
const detected = results.filter((m) => m.status === "Killed" || m.status === "Timeout").length;
const valid = results.filter((m) =>
  ["Killed", "Timeout", "Survived", "NoCoverage"].includes(m.status),
).length;
console.log(
  `mutants: ${results.length}, score ${valid === 0 ? "n/a" : ((100 * detected) / valid).toFixed(2)}%`,
);
