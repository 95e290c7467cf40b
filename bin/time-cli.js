#!/usr/bin/env node
// time-cli launcher: runs the compiled CLI from dist/ when it has been built, otherwise the TypeScript source
// through tsx, and hands the exit code to Node without calling process.exit (so stdout drains fully).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "dist", "node-core", "daemon", "time-cli", "main.js");

let cli;
if (existsSync(built)) {
  cli = await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import(pathToFileURL(join(root, "node-core", "daemon", "time-cli", "main.ts")).href);
}

process.exitCode = await cli.runCli(process.argv.slice(2));
