#!/usr/bin/env node
// Builds the daemon and time-cli into dist/daemon/ with esbuild, each as ONE file with its packages inside
// (timed.mjs, time-cli.mjs), plus the two worker threads node-core starts beside its own module
// (verify-worker.js, argon2-worker.js). Loading the module tree of the daemon (node-core's files and the
// libp2p family's hundreds of small ones) was most of its start-up: 1.66 s from tsc's output against
// 0.49 s from one bundle on the same machine. Only the native LevelDB binding stays external (it loads a
// .node file from its package). bin/launch.js runs these in an installed package, and in a checkout when
// TIMECOIN_LAUNCH=bundle (npm start builds them first and asks for them).
// Usage: node tools/build-daemon.mjs [--out <dir>]   (default <repo>/dist/daemon)
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The programs (bin/launch.js loads `<name>.mjs`), by name. */
export const PROGRAMS = Object.freeze({
  timed: "node-core/daemon/timed-main.ts",
  "time-cli": "node-core/daemon/time-cli/main.ts",
});

/** The worker threads, by the file name node-core looks for beside the module that starts them. */
export const WORKERS = Object.freeze({
  "verify-worker.js": "node-core/crypto/verify-worker.ts",
  "argon2-worker.js": "node-core/wallet/keystore/argon2-worker.ts",
});

/** Packages left to node_modules: native bindings, which load files of their own package. */
const EXTERNAL = ["classic-level"];

// CommonJS packages inside an ES module bundle still call require(): give them one.
const REQUIRE_BANNER =
  'import { createRequire as __timeRequire } from "node:module"; const require = __timeRequire(import.meta.url);';

const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: "node",
  // Node 20 (this project's floor) and the Node 22+ inside Electron.
  target: "node20",
  format: "esm",
  external: EXTERNAL,
  banner: { js: REQUIRE_BANNER },
  sourcemap: "linked",
  logLevel: "warning",
  legalComments: "none",
};

export async function buildDaemon(outDir = join(ROOT, "dist", "daemon")) {
  rmSync(outDir, { recursive: true, force: true });
  await Promise.all([
    // Split into shared chunks: a module imported lazily (time-cli's method table) is then its own chunk,
    // evaluated when imported, in the order native ES modules would; bundled inline, esbuild's lazy
    // wrapper ran a method file before the schemas it reads.
    build({
      ...COMMON,
      entryPoints: PROGRAMS,
      outdir: outDir,
      splitting: true,
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunk-[hash]",
    }),
    ...Object.entries(WORKERS).map(([out, entry]) =>
      build({ ...COMMON, entryPoints: [entry], outfile: join(outDir, out) }),
    ),
  ]);
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--out");
  const outDir = at === -1 ? undefined : resolve(process.argv[at + 1] ?? "");
  const built = await buildDaemon(outDir);
  console.log(`built the daemon bundle into ${built}`);
}
