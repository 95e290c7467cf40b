// Builds the renderer into dist/renderer with Vite, the files `timed --ui` serves: the suites and the bench
// test what is in the tree now, not an older build.
import { spawn } from "node:child_process";
import { REPO_ROOT } from "./paths.js";

export async function buildRenderer(): Promise<void> {
  const started = performance.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["node_modules/vite/bin/vite.js", "build", "-c", "renderer/vite.config.ts"],
      {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) {
    throw new Error(`the renderer build failed (vite exit code ${code}):\n${output.join("").slice(-4000)}`);
  }
  console.log(`e2e: renderer built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
