// The WebAssembly Argon2id backend: hash-wasm's argon2id, which computes synchronously, run in a worker
// thread of its own per derivation so the event loop stays free. One thread per unlock costs tens of
// milliseconds of start-up next to a few hundred of Argon2, and it leaves nothing behind: the 64 MiB of
// WebAssembly memory go with the thread.
import { Worker } from "node:worker_threads";
import { KeystoreError } from "./errors.js";
import { type Argon2Backend, DERIVED_KEY_BYTES, type KdfParams } from "./kdf.js";

/**
 * Compiled, the worker is the .js file beside this one. Run from source (vitest, tsx) there is no .js file,
 * so a small .mjs entry registers tsx inside the worker and then loads the .ts worker.
 */
function workerUrl(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("./argon2-worker-tsx.mjs", import.meta.url)
    : new URL("./argon2-worker.js", import.meta.url);
}

type DeriveAnswer = { readonly key: Uint8Array } | { readonly error: string };

function failed(reason: string): KeystoreError<"KEYSTORE_KDF_FAILED"> {
  return new KeystoreError("KEYSTORE_KDF_FAILED", "the WebAssembly Argon2id computation failed", {
    backend: "wasm",
    reason,
  });
}

function derive(password: Uint8Array, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  // The worker gets its own copy of the password, transferred so that no second copy stays on this side.
  const passwordCopy = new Uint8Array(password);
  const worker = new Worker(workerUrl(), {
    name: "time-keystore-argon2",
    // The worker needs no node flags, and some parent flags (--input-type, --eval) make it fail to start.
    execArgv: [],
  });
  return new Promise<Uint8Array>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    worker.once("message", (answer: DeriveAnswer) => {
      settle(() => {
        if ("key" in answer && answer.key instanceof Uint8Array && answer.key.length === DERIVED_KEY_BYTES) {
          resolve(answer.key);
        } else {
          reject(failed("error" in answer ? answer.error : "the worker answered with something else"));
        }
      });
    });
    worker.once("error", (err: Error) => settle(() => reject(failed(err.message))));
    worker.once("exit", (code: number) =>
      settle(() => reject(failed(`the worker exited with code ${code}`))),
    );
    worker.postMessage(
      {
        password: passwordCopy,
        salt: new Uint8Array(salt),
        memoryKiB: params.memoryKiB,
        iterations: params.iterations,
        parallelism: params.parallelism,
        hashLength: DERIVED_KEY_BYTES,
      },
      [passwordCopy.buffer],
    );
  });
}

export const wasmArgon2: Argon2Backend = Object.freeze({ name: "wasm", derive });
