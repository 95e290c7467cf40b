// Crash safety of saves: a real child process saves the keystore in a loop (crash-child.ts) and is killed
// with SIGKILL at random moments, now and then while it is still starting. After every kill the file must
// unlock to the content of the last save the child finished or of the one it had begun, never anything
// else, and every backup beside it must pass its integrity checks. The child writes with the floor
// parameters (m = 19 MiB, t = 2, p = 1), which the default policy accepts, so no bypass is involved.
import { type ChildProcess, spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SeededRng } from "../../testing/index.js";
import { listBackups } from "./backups.js";
import { Keystore } from "./keystore.js";
import { countingBackend, FLOOR_KDF, PASSWORD, sampleSecrets, tempDirs } from "./test-support.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, "..", "..", "..");
const CHILD = join(HERE, "crash-child.ts");
const KILLS = process.env.TIME_FULL_TESTS === "1" ? 500 : 100;

const dirs = tempDirs();

afterAll(async () => {
  await dirs.cleanup();
});

interface ChildRun {
  readonly child: ChildProcess;
  /** Resolves when the child has unlocked the keystore (false if it ended first). */
  readonly opened: Promise<boolean>;
  /** Resolves once the child has exited and its output is read to the end. */
  readonly closed: Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startChild(path: string, backend: string): ChildRun {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, path], {
    cwd: REPO_ROOT,
    env: { ...process.env, TIME_KEYSTORE_CRASH_PASSWORD: PASSWORD, TIME_KEYSTORE_CRASH_ARGON2: backend },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const closed = new Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (_code, signal) => resolve({ signal, stdout, stderr }));
  });
  const opened = new Promise<boolean>((resolve) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve(true);
    });
    void closed.then(() => resolve(false));
  });
  return { child, opened, closed };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The highest n of the lines "<word> n" in the child's output, or null. */
function lastNumber(stdout: string, word: string): number | null {
  let last: number | null = null;
  for (const line of stdout.split("\n")) {
    const [w, n] = line.split(" ");
    if (w === word && n !== undefined) last = Number(n);
  }
  return last;
}

describe("keystore saves under SIGKILL", () => {
  it(`leave the old or the new content after each of ${KILLS} kills`, async () => {
    const argon2 = await countingBackend();
    const keystore = new Keystore({ kdf: FLOOR_KDF, backups: 5 }, { argon2 });
    const dir = await dirs.make();
    const path = join(dir, "wallet.json");
    (await keystore.create(path, PASSWORD, sampleSecrets({ extra: { counter: 0 } }))).lock();
    const rng = new SeededRng(77);
    let counter = 0;
    let oldKept = 0;
    let newKept = 0;
    let totalSaves = 0;
    for (let i = 0; i < KILLS; i++) {
      const run = startChild(path, argon2.name);
      if (rng.chance(0.1)) {
        // Killed while starting or unlocking: the file must simply be as it was.
        await Promise.race([sleep(rng.range(50, 400)), run.closed]);
      } else {
        const opened = await Promise.race([run.opened, sleep(30_000).then(() => false)]);
        if (!opened) {
          run.child.kill("SIGKILL");
          throw new Error(`the child did not unlock the keystore: ${(await run.closed).stderr}`);
        }
        await sleep(rng.range(0, 40));
      }
      run.child.kill("SIGKILL");
      const { signal, stdout, stderr } = await run.closed;
      if (signal !== "SIGKILL") throw new Error(`the child ended on its own: ${stderr}`);

      const saved = lastNumber(stdout, "saved");
      const saving = lastNumber(stdout, "saving");
      const finished = saved ?? counter;
      const allowed = saving !== null && saving !== saved ? [finished, saving] : [finished];
      const wallet = await keystore.unlock(path, PASSWORD);
      const found = Number(wallet.secrets.extra.counter);
      wallet.lock();
      expect(allowed, `run ${i}: the file holds save ${found}`).toContain(found);
      if (saving !== null && saving !== saved) {
        if (found === saving) newKept++;
        else oldKept++;
      }
      totalSaves += saved === null ? 0 : saved - counter;
      counter = found;
      // Every backup, possibly killed mid-rotation, is a whole keystore of the same wallet.
      for (const backup of await listBackups(path)) {
        expect((await keystore.inspect(backup.path)).walletId).toBe(wallet.walletId);
      }
    }
    // The kills landed both before and after the rename of a save in flight, and the saves advanced.
    expect(oldKept).toBeGreaterThan(0);
    expect(newKept).toBeGreaterThan(0);
    expect(totalSaves).toBeGreaterThan(KILLS);
    // Killed writes may leave temporary files; nothing else appears in the directory.
    const names = await readdir(dir);
    const unexpected = names.filter(
      (n) => n !== "wallet.json" && !/^wallet\.json\.bak[1-5]$/.test(n) && !/^\..*\.tmp$/.test(n),
    );
    expect(unexpected).toEqual([]);
  }, 120_000);
});
