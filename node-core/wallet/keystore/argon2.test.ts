// The two Argon2id backends: the native package passes the RFC 9106 vector and gives the same bytes as
// hash-wasm for several parameter sets (run whenever the native package is usable here); the probe turns
// a package that crashes on load, answers wrongly or is missing into "not usable" instead of a dead
// process; the WebAssembly backend runs in a worker (the event loop keeps turning) and reports failures
// as KEYSTORE_KDF_FAILED; `native` forced where it cannot run is KEYSTORE_KDF_UNAVAILABLE.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nativeArgon2, nativeArgon2Status, probeNativeArgon2 } from "./argon2-native.js";
import { wasmArgon2 } from "./argon2-wasm.js";
import { isKeystoreError } from "./errors.js";
import { type NativeStatus, selectArgon2Backend } from "./kdf.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

let status: NativeStatus;
let scratch: string;

beforeAll(async () => {
  status = await nativeArgon2Status();
  // For the reader of the test log: which backend `auto` uses on this machine, and why.
  console.info(`native argon2: ${status.usable ? "usable" : `not usable (${status.reason})`}`);
  scratch = await mkdtemp(join(tmpdir(), "time-argon2-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("native argon2", () => {
  it("reproduces the RFC 9106 Argon2id vector through the probe", async (ctx) => {
    if (!status.usable) ctx.skip();
    expect(await probeNativeArgon2()).toEqual({ usable: true });
  });

  const cases = [
    { memoryKiB: 8, iterations: 1, parallelism: 1 },
    { memoryKiB: 64, iterations: 3, parallelism: 4 },
    { memoryKiB: 1024, iterations: 2, parallelism: 2 },
    { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 },
    { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 },
  ];
  for (const params of cases) {
    it(`gives the same bytes as hash-wasm at m=${params.memoryKiB} t=${params.iterations} p=${params.parallelism}`, async (ctx) => {
      if (!status.usable) ctx.skip();
      const password = new TextEncoder().encode(`pässwörd ${params.memoryKiB}`);
      const salt = new Uint8Array(32).map((_, i) => i * 7 + params.iterations);
      const native = await nativeArgon2().derive(password, salt, params);
      const wasm = await wasmArgon2.derive(password, salt, params);
      expect(native).toHaveLength(32);
      expect(hex(wasm)).toBe(hex(native));
      // The caller's buffers are left as they were (each backend works on its own copy).
      expect(new TextDecoder().decode(password)).toBe(`pässwörd ${params.memoryKiB}`);
    });
  }
});

describe("the native probe", () => {
  it("survives a module that kills its process as it loads", async () => {
    const crasher = join(scratch, "crash-on-load.cjs");
    await writeFile(crasher, 'process.kill(process.pid, "SIGSEGV");\n');
    const result = await probeNativeArgon2(crasher);
    expect(result.usable).toBe(false);
    if (!result.usable) expect(result.reason).toContain("SIGSEGV");
  });

  it("refuses a module that answers the vector wrongly", async () => {
    const liar = join(scratch, "wrong-answer.cjs");
    await writeFile(liar, "exports.hash = async () => Buffer.alloc(32, 9);\n");
    const result = await probeNativeArgon2(liar);
    expect(result).toEqual({
      usable: false,
      reason: "argon2 gave a wrong answer to the RFC 9106 test vector",
    });
  });

  it("refuses a module whose hash throws, and a missing one", async () => {
    const thrower = join(scratch, "throws.cjs");
    await writeFile(thrower, 'exports.hash = async () => { throw new Error("no memory"); };\n');
    const result = await probeNativeArgon2(thrower);
    expect(result.usable).toBe(false);
    if (!result.usable) expect(result.reason).toContain("no memory");
    expect((await probeNativeArgon2(join(scratch, "absent.cjs"))).usable).toBe(false);
    expect(await probeNativeArgon2(null)).toEqual({
      usable: false,
      reason: "the argon2 package is not installed",
    });
  });
});

describe("backend choice", () => {
  it("auto takes native when usable, wasm otherwise; wasm is always available", async () => {
    expect((await selectArgon2Backend("auto")).name).toBe(status.usable ? "native" : "wasm");
    expect((await selectArgon2Backend("wasm")).name).toBe("wasm");
    if (status.usable) {
      expect((await selectArgon2Backend("native")).name).toBe("native");
    } else {
      await expect(selectArgon2Backend("native")).rejects.toMatchObject({ code: "KEYSTORE_KDF_UNAVAILABLE" });
    }
  });
});

describe("fallback", () => {
  it("auto falls back to wasm, and native is refused, when the package crashes on load", async () => {
    const crasher = join(scratch, "crash-for-auto.cjs");
    await writeFile(crasher, 'process.kill(process.pid, "SIGSEGV");\n');
    const probe = () => probeNativeArgon2(crasher);
    const backend = await selectArgon2Backend("auto", probe);
    expect(backend.name).toBe("wasm");
    expect(
      await backend.derive(new Uint8Array(4), new Uint8Array(32), {
        memoryKiB: 64,
        iterations: 1,
        parallelism: 1,
      }),
    ).toHaveLength(32);
    await expect(selectArgon2Backend("native", probe)).rejects.toMatchObject({
      code: "KEYSTORE_KDF_UNAVAILABLE",
      payload: { backend: "native", reason: expect.stringContaining("SIGSEGV") },
    });
  });
});

describe("the WebAssembly backend", () => {
  it("runs off the event loop", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const key = await wasmArgon2.derive(new Uint8Array(8), new Uint8Array(32), {
        memoryKiB: 64 * 1024,
        iterations: 3,
        parallelism: 4,
      });
      expect(key).toHaveLength(32);
    } finally {
      clearInterval(timer);
    }
    // A synchronous Argon2 on this thread would let no timer run until it returned.
    expect(ticks).toBeGreaterThan(0);
  });

  it("reports parameters hash-wasm refuses as KEYSTORE_KDF_FAILED", async () => {
    const err = await wasmArgon2
      .derive(new Uint8Array(8), new Uint8Array(32), { memoryKiB: 8, iterations: 1, parallelism: 0 })
      .catch((e: unknown) => e);
    expect(isKeystoreError(err)).toBe(true);
    expect(err).toMatchObject({ code: "KEYSTORE_KDF_FAILED", payload: { backend: "wasm" } });
  });
});
