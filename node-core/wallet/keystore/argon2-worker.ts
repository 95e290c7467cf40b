// Body of the worker thread that runs hash-wasm's Argon2id for the keystore: one request, one answer, then
// the parent terminates the thread (which frees the WebAssembly memory, 64 MiB at the default cost).
// The password arrives in a transferred buffer and is zeroed here once hash-wasm has copied it.
import { parentPort } from "node:worker_threads";
import { argon2id } from "hash-wasm";

interface DeriveRequest {
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  readonly hashLength: number;
}

const port = parentPort;
if (port !== null) {
  port.once("message", (request: DeriveRequest) => {
    argon2id({
      password: request.password,
      salt: request.salt,
      memorySize: request.memoryKiB,
      iterations: request.iterations,
      parallelism: request.parallelism,
      hashLength: request.hashLength,
      outputType: "binary",
    }).then(
      (tag) => {
        request.password.fill(0);
        // A copy with a buffer of its own, so transferring it cannot detach memory hash-wasm still uses.
        const key = new Uint8Array(tag);
        tag.fill(0);
        port.postMessage({ key }, [key.buffer]);
      },
      (err: unknown) => {
        request.password.fill(0);
        port.postMessage({ error: err instanceof Error ? err.message : String(err) });
      },
    );
  });
}
