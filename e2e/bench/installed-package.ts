// The daemon as an installed package runs it, for the UI bench: a temporary folder laid out as the
// published package (bin/, dist/daemon/ bundled by tools/build-daemon.mjs and dist/node-core/ compiled by
// tsc from this tree, dist/renderer/, assets/, package.json, node_modules linked), with no node-core/
// sources beside bin/, so bin/launch.js runs the bundle as it does for a user (and for npm start), not
// the TypeScript source through tsx as it does in a checkout.
// Built before anything is timed; removed by the caller.
import { spawn } from "node:child_process";
import { cp, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../support/paths.js";

export interface InstalledPackage {
  readonly dir: string;
  /** Its launcher, for Devnet's timedBin. */
  readonly timedBin: string;
  readonly buildMs: number;
}

export async function stageInstalledPackage(): Promise<InstalledPackage> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "timecoin-installed-"));
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "node_modules/typescript/bin/tsc",
        "-p",
        "node-core/tsconfig.json",
        "--outDir",
        join(dir, "dist", "node-core"),
        // A one-off output: no build info, declarations or maps (the program is the same without them).
        "--composite",
        "false",
        "--incremental",
        "false",
        "--declaration",
        "false",
        "--sourceMap",
        "false",
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`tsc failed (exit code ${code}):\n${output.join("").slice(-4000)}`);
  const { buildDaemon } = (await import(join(REPO_ROOT, "tools", "build-daemon.mjs"))) as {
    buildDaemon(outDir: string): Promise<string>;
  };
  await buildDaemon(join(dir, "dist", "daemon"));
  await cp(join(REPO_ROOT, "bin"), join(dir, "bin"), { recursive: true });
  await cp(join(REPO_ROOT, "package.json"), join(dir, "package.json"));
  await cp(join(REPO_ROOT, "dist", "renderer"), join(dir, "dist", "renderer"), { recursive: true });
  await symlink(join(REPO_ROOT, "assets"), join(dir, "assets"));
  await symlink(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
  return { dir, timedBin: join(dir, "bin", "timed.js"), buildMs: performance.now() - started };
}
