// Options of the keystore (Argon2 parameters for new files, the floor files must meet, backups kept, which
// Argon2 implementation runs) with defaults and range checks, and its modules (an injected Argon2 backend).
import { KeystoreError } from "./errors.js";
import type { Argon2Backend, Argon2Preference, KdfParams } from "./kdf.js";

/** Argon2id parameters for files this module writes: m = 64 MiB, t = 3, p = 4 (RFC 9106's second choice). */
export const DEFAULT_KDF_PARAMS: KdfParams = Object.freeze({
  memoryKiB: 64 * 1024,
  iterations: 3,
  parallelism: 4,
});

/**
 * The least a file may use and still be unlocked: m = 19 MiB, t = 2 (OWASP's minimum for Argon2id). Weaker
 * files are refused with KEYSTORE_WEAK_KDF; `Keystore.reencrypt` opens them once to re-encrypt.
 */
export const KDF_FLOOR = Object.freeze({ memoryKiB: 19 * 1024, iterations: 2 });

/**
 * The most a file may ask for. A keystore names its own cost, so without a ceiling a crafted file could make
 * an unlock allocate gigabytes or run for hours.
 */
export const KDF_CEILING = Object.freeze({ memoryKiB: 1024 * 1024, iterations: 64, parallelism: 16 });

/** Longest password accepted for a new file, in UTF-8 bytes. */
export const MAX_PASSWORD_BYTES = 1024;

export interface KeystoreOptions {
  /** Argon2id parameters of files written from now on (create, change password, re-encrypt). */
  readonly kdf: KdfParams;
  /** Encrypted copies kept beside each keystore, newest first (0 keeps none). */
  readonly backups: number;
  /**
   * Which Argon2id runs: `auto` uses the native `argon2` package when it loads and answers correctly here,
   * hash-wasm in a worker thread otherwise (both give the same bytes); `native` or `wasm` force one.
   */
  readonly argon2: Argon2Preference;
}

export const DEFAULT_KEYSTORE_OPTIONS: KeystoreOptions = Object.freeze({
  kdf: DEFAULT_KDF_PARAMS,
  backups: 5,
  argon2: "auto",
});

export interface KeystoreModules {
  /** Default: chosen by `options.argon2` on first use. */
  readonly argon2?: Argon2Backend;
}

function bad(option: string, value: unknown): KeystoreError<"KEYSTORE_BAD_OPTIONS"> {
  return new KeystoreError("KEYSTORE_BAD_OPTIONS", `keystore option ${option} is out of range`, {
    option,
    actual: String(value),
  });
}

function integerIn(option: string, value: unknown, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw bad(option, value);
  }
}

/** Checks parameters for writing: at least the floor and the RFC's 8 KiB per lane, at most the ceiling. */
export function checkKdfParamsForWriting(params: KdfParams, option = "kdf"): void {
  if (typeof params !== "object" || params === null) throw bad(option, params);
  integerIn(`${option}.parallelism`, params.parallelism, 1, KDF_CEILING.parallelism);
  integerIn(`${option}.iterations`, params.iterations, KDF_FLOOR.iterations, KDF_CEILING.iterations);
  integerIn(
    `${option}.memoryKiB`,
    params.memoryKiB,
    Math.max(KDF_FLOOR.memoryKiB, 8 * params.parallelism),
    KDF_CEILING.memoryKiB,
  );
}

export function resolveKeystoreOptions(opts: Partial<KeystoreOptions> = {}): KeystoreOptions {
  const o = { ...DEFAULT_KEYSTORE_OPTIONS, ...opts };
  checkKdfParamsForWriting(o.kdf);
  integerIn("backups", o.backups, 0, 100);
  if (o.argon2 !== "auto" && o.argon2 !== "native" && o.argon2 !== "wasm") throw bad("argon2", o.argon2);
  return { kdf: Object.freeze({ ...o.kdf }), backups: o.backups, argon2: o.argon2 };
}
