#!/usr/bin/env node
// The packaging check: builds the shell (electron/build.mjs), runs electron-builder `--linux dir` on a
// temporary copy of the app (package.json, electron-builder.yml, dist/, assets/networks, node_modules linked)
// with a stand-in Electron directory, so nothing is downloaded, into a temporary output folder, then opens
// the produced app.asar and checks it: the built main, preload, node host and renderer entry are inside,
// no test file is, and the native modules sit in app.asar.unpacked. Exits 1 naming every problem.
// When dist/renderer/ has not been built, the copy gets a one-line stand-in index.html (and says so).
// Usage: node electron/packaging/check-package.mjs [--keep]   (--keep leaves the temp folders for a look)
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildElectron } from "../build.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const asar = require("@electron/asar");
const fuses = require("@electron/fuses");

/**
 * The stand-in executable carries a fuse wire like Electron's (the sentinel, version 1, one byte per fuse,
 * '1' enabled / '0' disabled, Electron's defaults), so electron-builder's fuse step runs for real and the
 * check can read back what it wrote.
 */
const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";
const DEFAULT_FUSE_WIRE = "101100011";
/** electron-builder.yml's electronFuses by FuseV1Options index, as the packed executable must have them. */
const EXPECTED_FUSES = Object.freeze({
  0: ["runAsNode", false],
  1: ["enableCookieEncryption", true],
  2: ["enableNodeOptionsEnvironmentVariable", false],
  3: ["enableNodeCliInspectArguments", false],
  4: ["enableEmbeddedAsarIntegrityValidation", true],
  5: ["onlyLoadAppFromAsar", true],
  7: ["grantFileProtocolExtraPrivileges", false],
});

/** What the app must hold, as paths inside app.asar. */
export const REQUIRED_IN_ASAR = Object.freeze([
  "/package.json",
  "/dist/electron/main.mjs",
  "/dist/electron/preload.cjs",
  "/dist/electron/node-host.mjs",
  "/dist/electron/verify-worker.js",
  "/dist/electron/argon2-worker.js",
  "/dist/renderer/index.html",
  "/assets/networks/mainnet.genesis.json",
]);

/** Native modules that must be unpacked, each with at least one .node file. */
export const UNPACKED_NATIVE = Object.freeze(["classic-level", "argon2"]);

function electronVersion() {
  return JSON.parse(readFileSync(join(ROOT, "node_modules", "electron", "package.json"), "utf8")).version;
}

/** A directory that looks like an unpacked Electron for Linux: the executable and its resource folder. */
function standInElectron(dir) {
  mkdirSync(join(dir, "resources"), { recursive: true });
  mkdirSync(join(dir, "locales"), { recursive: true });
  const exe = join(dir, "electron");
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, "latin1"),
    Buffer.from([1, DEFAULT_FUSE_WIRE.length]),
    Buffer.from(DEFAULT_FUSE_WIRE, "latin1"),
  ]);
  const script = Buffer.from(
    "#!/bin/sh\necho 'stand-in Electron for the packaging check: not runnable'\nexit 1\n# ",
  );
  writeFileSync(exe, Buffer.concat([script, wire, Buffer.from("\n")]));
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, "version"), electronVersion());
  writeFileSync(join(dir, "LICENSE"), "stand-in\n");
  return dir;
}

/**
 * A real node_modules folder for the copy, its files hard links to the repository's: electron-builder lists
 * the production dependencies with `npm ls`, which treats a symlinked node_modules (as in a git worktree)
 * as foreign and drops every transitive dependency. A plain copy when hard links cannot be made.
 */
function linkNodeModules(target) {
  const source = realpathSync(join(ROOT, "node_modules"));
  const linked = spawnSync("cp", ["-al", source, target], { encoding: "utf8" });
  if (linked.status !== 0) cpSync(source, target, { recursive: true, verbatimSymlinks: true });
}

/** The app's files in a temp project, node_modules hard-linked, with a stand-in renderer when there is none. */
function stageProject(dir) {
  for (const file of ["package.json", "package-lock.json", "electron-builder.yml"])
    cpSync(join(ROOT, file), join(dir, file));
  cpSync(join(ROOT, "dist", "electron"), join(dir, "dist", "electron"), { recursive: true });
  cpSync(join(ROOT, "assets", "networks"), join(dir, "assets", "networks"), { recursive: true });
  linkNodeModules(join(dir, "node_modules"));
  const renderer = join(ROOT, "dist", "renderer");
  if (existsSync(join(renderer, "index.html"))) {
    cpSync(renderer, join(dir, "dist", "renderer"), { recursive: true });
    return { standInRenderer: false };
  }
  mkdirSync(join(dir, "dist", "renderer"), { recursive: true });
  writeFileSync(
    join(dir, "dist", "renderer", "index.html"),
    "<!doctype html><title>TIME Coin Desktop</title>\n",
  );
  return { standInRenderer: true };
}

function runBuilder(projectDir, electronDist, outDir) {
  const cli = join(ROOT, "node_modules", "electron-builder", "cli.js");
  const args = [
    cli,
    "--linux",
    "dir",
    "--projectDir",
    projectDir,
    `-c.electronDist=${electronDist}`,
    `-c.electronVersion=${electronVersion()}`,
    `-c.directories.output=${outDir}`,
    "--publish",
    "never",
  ];
  const result = spawnSync(process.execPath, args, {
    cwd: projectDir,
    encoding: "utf8",
    env: {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: "1",
      CSC_IDENTITY_AUTO_DISCOVERY: "false",
      USE_HARD_LINKS: "false",
      CI: process.env.CI ?? "true",
    },
    timeout: 8 * 60_000,
  });
  return result;
}

/** Every fuse of the packed executable that differs from electron-builder.yml's electronFuses. */
export async function fuseProblems(executable) {
  const wire = await fuses.getCurrentFuseWire(executable);
  const problems = [];
  for (const [index, [name, enabled]] of Object.entries(EXPECTED_FUSES)) {
    const want = (enabled ? "1" : "0").charCodeAt(0);
    if (wire[index] !== want)
      problems.push(`fuse ${name} is ${String.fromCharCode(wire[index])}, not ${enabled ? 1 : 0}`);
  }
  return problems;
}

/** Every problem with the packed app under `unpackedDir` (linux-unpacked). */
export async function checkPackedApp(unpackedDir) {
  const problems = [];
  const executable = join(unpackedDir, "timecoin-desktop");
  if (!existsSync(executable)) problems.push(`no executable ${executable}`);
  else problems.push(...(await fuseProblems(executable)));
  const archive = join(unpackedDir, "resources", "app.asar");
  if (!existsSync(archive)) return [`no app.asar at ${archive}`];
  const files = asar.listPackage(archive, { isPack: false }).map((f) => f.split("\\").join("/"));
  const inside = new Set(files);
  for (const path of REQUIRED_IN_ASAR) if (!inside.has(path)) problems.push(`app.asar lacks ${path}`);
  for (const path of files) {
    if (/\.test\.[cm]?[jt]sx?$/.test(path)) problems.push(`app.asar holds a test file: ${path}`);
    if (/^\/(electron|node-core|renderer)\/.*\.tsx?$/.test(path))
      problems.push(`app.asar holds a source file: ${path}`);
  }
  const manifest = JSON.parse(asar.extractFile(archive, "package.json").toString("utf8"));
  if (manifest.main !== "dist/electron/main.mjs") problems.push(`package.json main is ${manifest.main}`);
  // Build tools are dev dependencies: none of them belongs in the app.
  for (const name of Object.keys(manifest.devDependencies ?? {})) {
    if (inside.has(`/node_modules/${name}/package.json`))
      problems.push(`app.asar holds the dev dependency ${name}`);
  }
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const packed = inside.has(`/node_modules/${name}/package.json`);
    const unpackedManifest = join(
      unpackedDir,
      "resources",
      "app.asar.unpacked",
      "node_modules",
      name,
      "package.json",
    );
    if (!packed && !existsSync(unpackedManifest)) problems.push(`the app lacks the dependency ${name}`);
  }
  const unpacked = join(unpackedDir, "resources", "app.asar.unpacked", "node_modules");
  for (const name of UNPACKED_NATIVE) {
    const dir = join(unpacked, name);
    if (!existsSync(dir)) {
      problems.push(`${name} is not unpacked (no ${dir})`);
      continue;
    }
    const natives = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".node"));
    if (natives.length === 0) problems.push(`${name} is unpacked without any .node file`);
  }
  return problems;
}

async function main() {
  const keep = process.argv.includes("--keep");
  const work = mkdtempSync(join(tmpdir(), "check-package-"));
  try {
    await buildElectron();
    const project = join(work, "app");
    mkdirSync(project);
    const { standInRenderer } = stageProject(project);
    if (standInRenderer)
      console.log("check-package: dist/renderer/ is not built: the copy uses a stand-in index.html");
    const electronDist = standInElectron(join(work, "electron-dist"));
    const out = join(work, "out");
    const result = runBuilder(project, electronDist, out);
    const log = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    if (result.status !== 0) {
      console.error(log);
      console.error(`check-package: electron-builder failed (exit ${result.status ?? result.signal})`);
      return 1;
    }
    const problems = await checkPackedApp(join(out, "linux-unpacked"));
    for (const problem of problems) console.error(`check-package: ${problem}`);
    if (problems.length > 0) return 1;
    const count = asar.listPackage(join(out, "linux-unpacked", "resources", "app.asar"), {
      isPack: false,
    }).length;
    console.log(
      `check-package: ok: app.asar holds ${count} entries, the shell's entries and the renderer's; native modules unpacked`,
    );
    return 0;
  } finally {
    if (keep) console.log(`check-package: left ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
