// Runs the real `npm run bench` entry point (node-core/bench/main.ts through tsx) for what it does without
// running a benchmark: --help lists every benchmark (exit 0); a missing or unknown name, or extra
// arguments, are one stderr line and exit code 2.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(ROOT, "node-core", "bench", "main.ts");

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bench(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", MAIN, ...args],
      { cwd: ROOT, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe.concurrent("npm run bench", { timeout: 240_000 }, () => {
  it("lists the benchmarks for --help and exits 0", async () => {
    const result = await bench("--help");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^usage: npm run bench -- <name>\n/);
    expect(result.stdout).toMatch(/\n {2}kernel {5}\S/);
    expect(result.stdout).toMatch(/\n {2}consensus {2}\S/);
    expect(result.stdout).toMatch(/\n {2}wallet {5}\S/);
    expect(result.stdout).toMatch(/\n {2}ui {9}\S/);
  });

  it("exits 2 with one line on an unknown or missing name, or extra arguments", async () => {
    const cases: [string[], string][] = [
      [
        ["frob"],
        "bench: error: unknown benchmark: frob (known: kernel, devnet, sync, soak, consensus, wallet, ui)\n",
      ],
      [
        ["toString"],
        "bench: error: unknown benchmark: toString (known: kernel, devnet, sync, soak, consensus, wallet, ui)\n",
      ],
      [[], "bench: error: no benchmark given (known: kernel, devnet, sync, soak, consensus, wallet, ui)\n"],
      [["kernel", "--fast"], "bench: error: unexpected arguments after kernel: --fast\n"],
    ];
    const results = await Promise.all(cases.map(([args]) => bench(...args)));
    results.forEach((result, i) => {
      expect(result).toEqual({ code: 2, stdout: "", stderr: cases[i]![1] });
    });
  });
});
