#!/usr/bin/env node
// time-cli launcher. In a checkout (the node-core/ source tree sits beside bin/) it always runs the
// TypeScript source through tsx, so a dist/ left over from an earlier `npm run build` can never be what a
// developer or a test exercises; only an installed package, which ships dist/ without the sources, runs the
// compiled CLI. The exit code is handed to Node without calling process.exit (so stdout drains fully).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node-core", "daemon", "time-cli", "main.ts");
const built = join(root, "dist", "node-core", "daemon", "time-cli", "main.js");

if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await run(source);
} else if (existsSync(built)) {
  await run(built);
} else {
  // Same contract as the CLI itself: one stderr line; 3 because the package, not the input, is broken.
  process.stderr.write(`time-cli: error: internal error: neither ${source} nor ${built} exists\n`);
  process.exitCode = 3;
}

async function run(entry) {
  const cli = await import(pathToFileURL(entry).href);
  process.exitCode = await cli.runCli(process.argv.slice(2));
}
