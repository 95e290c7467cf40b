// The native Argon2id backend: the `argon2` npm package (an optional dependency), whose C code runs on
// libuv's thread pool. A native addon that does not suit this runtime can kill the process as it loads (the
// package's linux-x64 prebuild asks for Node-API 10 and Node 20 segfaults on it; a source build is fine), so
// the package is first loaded in a short-lived child process that must reproduce the RFC 9106 Argon2id test
// vector; only then is it loaded here. The verdict is kept for the life of the process.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { KeystoreError } from "./errors.js";
import {
  ARGON2_VERSION,
  type Argon2Backend,
  DERIVED_KEY_BYTES,
  type KdfParams,
  type NativeStatus,
} from "./kdf.js";
import { wipe } from "./wipe.js";

/** The part of the package's API used here (its types are not imported: the package may be absent). */
interface NativeArgon2Module {
  hash(
    password: Buffer,
    options: {
      readonly type: number;
      readonly raw: true;
      readonly salt: Buffer;
      readonly memoryCost: number;
      readonly timeCost: number;
      readonly parallelism: number;
      readonly hashLength: number;
      readonly version: number;
    },
  ): Promise<Buffer>;
}

/** The package's code for Argon2id. */
const ARGON2ID = 2;

/** RFC 9106 section 5.3: Argon2id, m = 32 KiB, t = 3, p = 4, with secret and associated data. */
export const RFC9106_ARGON2ID_TAG = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659";

/** Run by the child with the module path as its one argument; prints the tag in hex. */
const PROBE_SCRIPT = `
const argon2 = require(process.argv[1]);
argon2
  .hash(Buffer.alloc(32, 1), {
    type: ${ARGON2ID}, raw: true, version: ${ARGON2_VERSION}, hashLength: 32,
    memoryCost: 32, timeCost: 3, parallelism: 4,
    salt: Buffer.alloc(16, 2), secret: Buffer.alloc(8, 3), associatedData: Buffer.alloc(12, 4),
  })
  .then((tag) => process.stdout.write(tag.toString("hex")), (err) => {
    process.stderr.write(String(err && err.message));
    process.exitCode = 3;
  });
`;

const PROBE_TIMEOUT_MS = 30_000;

/** Where `argon2` resolves from this module, or null when it is not installed. */
export function nativeArgon2Path(): string | null {
  try {
    return createRequire(import.meta.url).resolve("argon2");
  } catch {
    return null;
  }
}

/**
 * Loads the module at `modulePath` in a child process and checks its answer to the RFC 9106 vector. Never
 * throws: every failure (missing, crashed on load, wrong answer, timeout) is `usable: false` with a reason.
 */
export function probeNativeArgon2(modulePath: string | null = nativeArgon2Path()): Promise<NativeStatus> {
  if (modulePath === null)
    return Promise.resolve({ usable: false, reason: "the argon2 package is not installed" });
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: "1" };
  // Loader flags of a development parent (tsx, vitest) are not needed by the plain script.
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-e", PROBE_SCRIPT, modulePath],
      { env, timeout: PROBE_TIMEOUT_MS, maxBuffer: 64 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        if (err !== null) {
          const signal = (err as { signal?: string | null }).signal;
          const how = signal ? `was killed by ${signal}` : `exited with ${String(err.code ?? "an error")}`;
          const detail = stderr.trim().split("\n")[0] ?? "";
          resolve({ usable: false, reason: `loading argon2 ${how}${detail ? `: ${detail}` : ""}` });
        } else if (stdout.trim() !== RFC9106_ARGON2ID_TAG) {
          resolve({ usable: false, reason: "argon2 gave a wrong answer to the RFC 9106 test vector" });
        } else {
          resolve({ usable: true });
        }
      },
    );
  });
}

let status: Promise<NativeStatus> | null = null;

/** The probe's verdict for the installed package, run once per process. */
export function nativeArgon2Status(): Promise<NativeStatus> {
  status ??= probeNativeArgon2();
  return status;
}

let backend: Argon2Backend | null = null;

/** The native backend. Call only after nativeArgon2Status() said usable: loading an unfit addon can crash. */
export function nativeArgon2(): Argon2Backend {
  if (backend !== null) return backend;
  const mod = createRequire(import.meta.url)("argon2") as NativeArgon2Module;
  backend = {
    name: "native",
    async derive(password: Uint8Array, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
      const passwordCopy = Buffer.from(password);
      let tag: Buffer;
      try {
        tag = await mod.hash(passwordCopy, {
          type: ARGON2ID,
          raw: true,
          version: ARGON2_VERSION,
          hashLength: DERIVED_KEY_BYTES,
          salt: Buffer.from(salt),
          memoryCost: params.memoryKiB,
          timeCost: params.iterations,
          parallelism: params.parallelism,
        });
      } catch (err) {
        throw new KeystoreError(
          "KEYSTORE_KDF_FAILED",
          "the native Argon2id computation failed",
          { backend: "native", reason: err instanceof Error ? err.message : String(err) },
          { cause: err },
        );
      } finally {
        wipe(passwordCopy);
      }
      const key = new Uint8Array(tag);
      wipe(tag);
      return key;
    },
  };
  return backend;
}
