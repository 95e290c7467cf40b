// The password-to-key step of the keystore: Argon2id (version 0x13) with a 32-byte output, behind one
// interface with two implementations that give identical bytes: the native `argon2` package (its C code
// runs on libuv's thread pool) and hash-wasm's WebAssembly build (run in a worker thread, since it is
// synchronous). `selectArgon2Backend` picks one; neither ever runs Argon2 on the event loop.
import { KeystoreError } from "./errors.js";

/** Argon2id cost parameters as a keystore file records them. */
export interface KdfParams {
  /** m, in KiB. */
  readonly memoryKiB: number;
  /** t, passes over the memory. */
  readonly iterations: number;
  /** p, lanes. */
  readonly parallelism: number;
}

/** Bytes of every derived key (an AES-256 key). */
export const DERIVED_KEY_BYTES = 32;

/** The Argon2 version every keystore uses (0x13, the RFC 9106 one). */
export const ARGON2_VERSION = 0x13;

export type Argon2BackendName = "native" | "wasm";
export type Argon2Preference = "auto" | Argon2BackendName;

export interface Argon2Backend {
  readonly name: Argon2BackendName;
  /**
   * Argon2id(password, salt) with `params`, 32 bytes, computed off the event loop. The caller owns (and wipes)
   * the password and the result. Failures are KEYSTORE_KDF_FAILED.
   */
  derive(password: Uint8Array, salt: Uint8Array, params: KdfParams): Promise<Uint8Array>;
}

/** Why the native backend is not used, or null when it is usable. */
export type NativeStatus = { readonly usable: true } | { readonly usable: false; readonly reason: string };

/**
 * The backend for a preference: `wasm` always works; `native` throws KEYSTORE_KDF_UNAVAILABLE when the
 * native package is missing or fails its probe; `auto` is native when usable, wasm otherwise.
 */
export async function selectArgon2Backend(
  preference: Argon2Preference,
  /** The verdict on the native package; default: the probe of the installed one (run once per process). */
  nativeStatus?: () => Promise<NativeStatus>,
): Promise<Argon2Backend> {
  // Imported lazily so that a process that never unlocks a wallet never probes or loads either.
  if (preference === "wasm") return (await import("./argon2-wasm.js")).wasmArgon2;
  const native = await import("./argon2-native.js");
  const status = await (nativeStatus ?? native.nativeArgon2Status)();
  if (status.usable) return native.nativeArgon2();
  if (preference === "native") {
    throw new KeystoreError("KEYSTORE_KDF_UNAVAILABLE", "the native argon2 package cannot run here", {
      backend: "native",
      reason: status.reason,
    });
  }
  return (await import("./argon2-wasm.js")).wasmArgon2;
}
