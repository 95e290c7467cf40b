#!/usr/bin/env node
// Builds the desktop shell's JavaScript into dist/electron/ with esbuild: the main process (main.mjs), the
// node host (node-host.mjs), the two worker threads node-core starts beside its own module (their names
// are what node-core's verify-pool.ts and argon2-wasm.ts look for next to the bundle), and the sandboxed
// preload (preload.cjs: a sandboxed preload cannot be an ES module). Packages stay external: they ship in
// node_modules, the native ones (classic-level, argon2) unpacked from the asar.
// Usage: node electron/build.mjs [--out <dir>]   (default <repo>/dist/electron)
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The entry points, by output name. */
export const ENTRIES = Object.freeze({
  "main.mjs": "electron/main/main.ts",
  "node-host.mjs": "electron/node-host/host-main.ts",
  "verify-worker.js": "node-core/crypto/verify-worker.ts",
  "argon2-worker.js": "node-core/wallet/keystore/argon2-worker.ts",
  "preload.cjs": "electron/preload/preload.ts",
});

/** Electron 45 runs Node 22 in main and utility processes, Chromium 140 in the renderer. */
const NODE_TARGET = "node22";

export async function buildElectron(outDir = join(ROOT, "dist", "electron")) {
  rmSync(outDir, { recursive: true, force: true });
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    target: NODE_TARGET,
    sourcemap: "linked",
    logLevel: "warning",
    legalComments: "none",
  };
  const esm = Object.entries(ENTRIES).filter(([out]) => !out.endsWith(".cjs"));
  await Promise.all(
    esm.map(([out, entry]) =>
      build({
        ...common,
        entryPoints: [entry],
        outfile: join(outDir, out),
        format: "esm",
        packages: "external",
      }),
    ),
  );
  // The preload may require only "electron" (and a few Node built-ins) in the sandbox: all else is bundled.
  await build({
    ...common,
    entryPoints: [ENTRIES["preload.cjs"]],
    outfile: join(outDir, "preload.cjs"),
    format: "cjs",
    external: ["electron"],
  });
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--out");
  const outDir = at === -1 ? undefined : resolve(process.argv[at + 1] ?? "");
  const built = await buildElectron(outDir);
  console.log(`built the desktop shell into ${built}`);
}
