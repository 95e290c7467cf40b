// Tests of batch verification: the pool must give exactly verifyAll's answers in input order (mixed valid
// and invalid checks, empty, large and concurrent batches), refuse work once closed, turn a dead worker into
// a typed rejection rather than a hang, and start its worker both from source (vitest here, plain node with
// tsx in a child process) and from compiled JavaScript.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { publicKeyFromSeed, sign } from "./ed25519.js";
import { CryptoError } from "./errors.js";
import { type SignatureCheck, VerifyPool, type VrfCheck, verifyAll } from "./verify-pool.js";
import { vrfProve, vrfPublicKey, vrfVerify } from "./vrf.js";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");

const seeds = Array.from({ length: 20 }, (_, i) => new Uint8Array(32).fill(i + 1));
const publicKeys = seeds.map(publicKeyFromSeed);

/** A deterministic mix of valid and invalid checks; check i's validity depends on i. */
function mixedChecks(count: number, salt = 0): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  for (let i = 0; i < count; i++) {
    const k = (i * 7 + salt) % seeds.length;
    const message = new TextEncoder().encode(`check ${i} salt ${salt}`);
    const signature = sign(seeds[k] as Uint8Array, message);
    const publicKey = publicKeys[k] as Uint8Array;
    switch ((i + salt) % 9) {
      case 0: {
        const bad = signature.slice();
        bad[i % 64] = (bad[i % 64] as number) ^ 0x10;
        checks.push({ publicKey, message, signature: bad });
        break;
      }
      case 1:
        checks.push({ publicKey: publicKeys[(k + 1) % seeds.length] as Uint8Array, message, signature });
        break;
      case 2:
        checks.push({ publicKey: publicKey.subarray(0, 31), message, signature });
        break;
      case 3:
        // Small-order public key (the identity).
        checks.push({ publicKey: Uint8Array.of(1, ...new Uint8Array(31)), message, signature });
        break;
      case 4:
        checks.push({
          publicKey,
          message: new Uint8Array(0),
          signature: sign(seeds[k] as Uint8Array, new Uint8Array(0)),
        });
        break;
      case 5:
        // Not byte arrays at all (untyped callers): must come back false, not crash a worker.
        checks.push({ publicKey, message: "text" as unknown as Uint8Array, signature });
        break;
      default:
        checks.push({ publicKey, message, signature });
    }
  }
  return checks;
}

async function rejection(promise: Promise<unknown>): Promise<CryptoError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return error as CryptoError;
  }
  throw new Error("expected the promise to reject");
}

/** The real worker threads of a pool (a TS-private field), to kill one the way a crash would. */
function workersOf(pool: VerifyPool): Worker[] {
  const slots = (pool as unknown as { slots: { worker: Worker | null }[] }).slots;
  return slots.map((s) => s.worker).filter((w): w is Worker => w !== null);
}

/** Valid proofs and each way one can be wrong (key, alpha, a flipped byte, sizes, not bytes). */
function mixedVrfChecks(count: number): VrfCheck[] {
  const checks: VrfCheck[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length] as Uint8Array;
    const publicKey = vrfPublicKey(seed);
    const alpha = new TextEncoder().encode(`alpha ${i}`);
    const proof = vrfProve(seed, alpha);
    switch (i % 7) {
      case 0:
        checks.push({ publicKey: vrfPublicKey(seeds[(i + 1) % seeds.length] as Uint8Array), proof, alpha });
        break;
      case 1:
        checks.push({ publicKey, proof, alpha: new TextEncoder().encode(`other ${i}`) });
        break;
      case 2: {
        const bad = proof.slice();
        bad[40] = (bad[40] as number) ^ 1;
        checks.push({ publicKey, proof: bad, alpha });
        break;
      }
      case 3:
        checks.push({ publicKey, proof: proof.subarray(0, 79), alpha });
        break;
      case 4:
        checks.push({ publicKey, proof, alpha: "text" as unknown as Uint8Array });
        break;
      default:
        checks.push({ publicKey, proof, alpha });
    }
  }
  return checks;
}

describe("verifyAll", () => {
  it("gives the expected answer for each kind of check", () => {
    const checks = mixedChecks(18);
    const expected = checks.map((_, i) => ![0, 1, 2, 3, 5].includes(i % 9));
    expect(verifyAll(checks)).toEqual(expected);
    expect(verifyAll([])).toEqual([]);
  });
});

describe("VerifyPool", () => {
  const pool = new VerifyPool({ threads: 2 });
  afterAll(() => pool.close());

  it("matches verifyAll on a mixed batch, in order", async () => {
    const checks = mixedChecks(400);
    const results = await pool.verifyBatch(checks);
    expect(results).toEqual(verifyAll(checks));
    expect(results.filter(Boolean).length).toBeGreaterThan(100);
    expect(results.filter((r) => !r).length).toBeGreaterThan(100);
  });

  it("resolves an empty batch to an empty array", async () => {
    expect(await pool.verifyBatch([])).toEqual([]);
  });

  it("handles a one-check batch and a batch bigger than one chunk", async () => {
    const one = mixedChecks(1, 4);
    expect(await pool.verifyBatch(one)).toEqual([true]);
    // 2,500 checks are cut into several chunks; reuse 60 signed checks to keep setup cheap.
    const base = mixedChecks(60, 3);
    const big = Array.from({ length: 2500 }, (_, i) => base[(i * 13) % base.length] as SignatureCheck);
    expect(await pool.verifyBatch(big)).toEqual(verifyAll(big));
  });

  it("answers concurrent batches independently", async () => {
    const batches = [5, 70, 300, 1, 150].map((n, salt) => mixedChecks(n, salt));
    const results = await Promise.all(batches.map((b) => pool.verifyBatch(b)));
    results.forEach((r, i) => {
      expect(r).toEqual(verifyAll(batches[i] as SignatureCheck[]));
    });
  });

  it("rejects the pending batch with POOL_WORKER_CRASHED when a worker dies, then keeps working", async () => {
    const crashPool = new VerifyPool({ threads: 2 });
    try {
      const checks = mixedChecks(60);
      const many = Array.from({ length: 3000 }, (_, i) => checks[i % checks.length] as SignatureCheck);
      const pending = crashPool.verifyBatch(many);
      const [victim] = workersOf(crashPool);
      const threadId = victim?.threadId;
      await victim?.terminate();
      const error = await rejection(pending);
      expect(error.code).toBe("POOL_WORKER_CRASHED");
      expect(error.payload.threadId).toBe(threadId);
      // terminate() during the worker's boot exits with 0, mid-work with 1: either way it is reported.
      expect(typeof error.payload.exitCode).toBe("number");
      // The dead worker is replaced on the next batch.
      expect(await crashPool.verifyBatch(checks)).toEqual(verifyAll(checks));
      expect(workersOf(crashPool)).toHaveLength(2);
    } finally {
      await crashPool.close();
    }
  });

  it("reports an uncaught worker error with its reason", async () => {
    const crashPool = new VerifyPool({ threads: 1 });
    try {
      const [worker] = workersOf(crashPool);
      // A truncated packet (one check announced, no header bytes) makes the worker throw.
      const bad = new ArrayBuffer(4);
      new DataView(bad).setUint32(0, 1, true);
      worker?.postMessage({ id: 0, buffer: bad }, [bad]);
      const error = await rejection(crashPool.verifyBatch(mixedChecks(5)));
      expect(error.code).toBe("POOL_WORKER_CRASHED");
      expect(error.payload.reason).toMatch(/bounds|range/i);
      const checks = mixedChecks(20);
      expect(await crashPool.verifyBatch(checks)).toEqual(verifyAll(checks));
    } finally {
      await crashPool.close();
    }
  });

  it("verifies VRF proofs as vrfVerify does, in order, malformed ones answered null", async () => {
    const checks = mixedVrfChecks(24);
    const results = await pool.verifyVrfBatch(checks);
    const expected = checks.map((c) => vrfVerify(c.publicKey, c.proof, c.alpha));
    expect(results).toEqual(expected);
    expect(results.filter((r) => r !== null).length).toBeGreaterThan(5);
    expect(results.filter((r) => r === null).length).toBeGreaterThan(5);
    expect(await pool.verifyVrfBatch([])).toEqual([]);
    // Signature and VRF batches share the workers without mixing their answers.
    const sigs = mixedChecks(200, 5);
    const [sigResults, vrfResults] = await Promise.all([pool.verifyBatch(sigs), pool.verifyVrfBatch(checks)]);
    expect(sigResults).toEqual(verifyAll(sigs));
    expect(vrfResults).toEqual(expected);
  });

  it("close() rejects batches in flight and later ones with POOL_CLOSED, and is idempotent", async () => {
    const closing = new VerifyPool({ threads: 1 });
    expect(closing.threads).toBe(1);
    const base = mixedChecks(30);
    const inFlight = closing.verifyBatch(
      Array.from({ length: 2000 }, (_, i) => base[i % 30] as SignatureCheck),
    );
    const first = closing.close();
    expect(closing.close()).toBe(first);
    expect(closing.closed).toBe(true);
    expect((await rejection(inFlight)).code).toBe("POOL_CLOSED");
    await first;
    expect((await rejection(closing.verifyBatch(base))).code).toBe("POOL_CLOSED");
    expect((await rejection(closing.verifyBatch([]))).code).toBe("POOL_CLOSED");
    expect(workersOf(closing)).toHaveLength(0);
  });

  it("validates the thread count and defaults to the machine's parallelism", async () => {
    for (const threads of [0, -1, 1.5, Number.NaN, 5000]) {
      try {
        new VerifyPool({ threads });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CryptoError);
        expect((error as CryptoError).code).toBe("POOL_BAD_THREADS");
      }
    }
    const defaults = new VerifyPool();
    try {
      expect(defaults.threads).toBe(os.availableParallelism());
    } finally {
      await defaults.close();
    }
  });
});

// The child script builds its own checks, verifies them on a pool without closing it (an idle pool must not
// keep the process alive) and prints both answers as JSON.
const CHILD_SCRIPT = (modulePath: string) => `
import { VerifyPool, verifyAll } from ${JSON.stringify(pathToFileURL(modulePath).href)};
import { sign, publicKeyFromSeed } from ${JSON.stringify(pathToFileURL(modulePath.replace(/verify-pool\.(ts|js)$/, "ed25519.$1")).href)};
import { vrfProve, vrfPublicKey, vrfVerify } from ${JSON.stringify(pathToFileURL(modulePath.replace(/verify-pool\.(ts|js)$/, "vrf.$1")).href)};
const checks = [];
for (let i = 0; i < 40; i++) {
  const seed = new Uint8Array(32).fill(i);
  const message = new Uint8Array([i]);
  const signature = sign(seed, i % 3 === 0 ? new Uint8Array([i, 1]) : message);
  checks.push({ publicKey: publicKeyFromSeed(seed), message, signature });
}
const pool = new VerifyPool({ threads: 2 });
const results = await pool.verifyBatch(checks);
const seed = new Uint8Array(32).fill(9);
const alpha = new Uint8Array([1, 2, 3]);
const vrfCheck = { publicKey: vrfPublicKey(seed), proof: vrfProve(seed, alpha), alpha };
const [beta, refused] = await pool.verifyVrfBatch([vrfCheck, { ...vrfCheck, alpha: new Uint8Array([4]) }]);
const vrf = [Buffer.from(beta).toString("hex"), refused, Buffer.from(vrfVerify(vrfCheck.publicKey, vrfCheck.proof, alpha)).toString("hex")];
console.log(JSON.stringify({ results, expected: verifyAll(checks), vrf }));
`;

function expectChildAnswer(stdout: string): void {
  const { results, expected, vrf } = JSON.parse(stdout) as {
    results: boolean[];
    expected: boolean[];
    vrf: [string, null, string];
  };
  expect(vrf[0]).toMatch(/^[0-9a-f]{128}$/);
  expect(vrf[0]).toBe(vrf[2]);
  expect(vrf[1]).toBeNull();
  expect(results).toHaveLength(40);
  expect(results).toEqual(expected);
  expect(results.filter((r) => !r)).toHaveLength(14);
}

describe("worker entry outside vitest", () => {
  it("runs from TypeScript source under plain node with the tsx loader, and exits without close()", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", CHILD_SCRIPT(path.join(here, "verify-pool.ts"))],
      { cwd: repoRoot, timeout: 30_000 },
    );
    expectChildAnswer(stdout);
  });

  it("runs from compiled JavaScript (verify-worker.js beside verify-pool.js)", async () => {
    // Inside the checkout, so the compiled files resolve @noble/curves (the VRF) from its node_modules.
    const outDir = await mkdtemp(path.join(repoRoot, "node_modules", ".time-crypto-build-"));
    try {
      const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
      const sources = ["verify-pool.ts", "verify-worker.ts", "vrf.ts"].map((f) => path.join(here, f));
      await run(
        process.execPath,
        [
          tsc,
          "--ignoreConfig",
          // node-core as the root: crypto's errors derive from util/errors.ts (which needs no package).
          ...[
            "--outDir",
            outDir,
            "--rootDir",
            path.dirname(here),
            "--module",
            "nodenext",
            "--target",
            "es2023",
          ],
          ...["--strict", "--skipLibCheck", "--verbatimModuleSyntax", "--types", "node"],
          ...sources,
        ],
        { cwd: repoRoot, timeout: 60_000 },
      );
      await writeFile(path.join(outDir, "package.json"), '{ "type": "module" }\n');
      const { stdout } = await run(
        process.execPath,
        ["--input-type=module", "-e", CHILD_SCRIPT(path.join(outDir, "crypto", "verify-pool.js"))],
        { cwd: outDir, timeout: 30_000 },
      );
      expectChildAnswer(stdout);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
