// The keystore service: creates, inspects, unlocks and re-encrypts keystore files by path, with the policy
// around the format: Argon2id parameters for new files, the floor below which a file is refused
// (KEYSTORE_WEAK_KDF, with `reencrypt` as the way out), the ceiling above which a file's cost is refused, and
// the backend that runs Argon2. Unlocking reads the file and never writes it, whatever the outcome.
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { writeFileAtomic } from "./atomic-file.js";
import { rotateBackups } from "./backups.js";
import { ioError, KeystoreError, systemCode } from "./errors.js";
import {
  decodeKeystoreFile,
  KEYSTORE_VERSION,
  type KeystoreDocument,
  MAX_KEYSTORE_FILE_BYTES,
} from "./format.js";
import { type Argon2Backend, type KdfParams, selectArgon2Backend } from "./kdf.js";
import {
  KDF_CEILING,
  KDF_FLOOR,
  type KeystoreModules,
  type KeystoreOptions,
  resolveKeystoreOptions,
} from "./options.js";
import { checkNewPassword, openDocument, sealNewKeystore } from "./seal.js";
import { checkSecrets, copySecrets, type WalletSecrets } from "./secrets.js";
import { type KeystoreContext, UnlockedKeystore } from "./unlocked-keystore.js";

/** What can be learnt of a keystore without its password (after its integrity checks). */
export interface KeystoreInfo {
  readonly path: string;
  readonly version: number;
  readonly walletId: string;
  readonly kdf: KdfParams;
  /** Below the floor: unlock refuses it, reencrypt upgrades it. */
  readonly weak: boolean;
  /** Weaker than the parameters new files get (reencrypt would raise them). */
  readonly belowDefaults: boolean;
}

export class Keystore {
  readonly options: KeystoreOptions;
  readonly #modules: KeystoreModules;
  #argon2: Promise<Argon2Backend> | null = null;
  readonly #context: KeystoreContext;

  constructor(opts: Partial<KeystoreOptions> = {}, modules: KeystoreModules = {}) {
    this.options = resolveKeystoreOptions(opts);
    this.#modules = modules;
    this.#context = {
      argon2: () => this.argon2(),
      kdf: this.options.kdf,
      backups: this.options.backups,
    };
  }

  /** The Argon2 backend in use, chosen on first use (the native probe runs then, once per process). */
  argon2(): Promise<Argon2Backend> {
    if (this.#argon2 === null) {
      const chosen = this.#modules.argon2
        ? Promise.resolve(this.#modules.argon2)
        : selectArgon2Backend(this.options.argon2);
      // A failed choice (native forced but unusable) is not cached: the next call tries again.
      this.#argon2 = chosen;
      chosen.catch(() => {
        if (this.#argon2 === chosen) this.#argon2 = null;
      });
    }
    return this.#argon2;
  }

  /**
   * Writes a new keystore at `path` holding `secrets` under `password` (KEYSTORE_EXISTS if a file is
   * there) with its first backup, and returns it unlocked.
   */
  async create(path: string, password: string, secrets: WalletSecrets): Promise<UnlockedKeystore> {
    checkNewPassword(password);
    checkSecrets(secrets);
    const argon2 = await this.argon2();
    const sealed = await sealNewKeystore(argon2, password, this.options.kdf, secrets);
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch((err: unknown) => {
        throw ioError(dirname(path), "mkdir", err);
      });
      await writeFileAtomic(path, sealed.bytes, { exclusive: true });
    } catch (err) {
      sealed.dataKey.fill(0);
      throw err;
    }
    // The unlocked keystore owns (and at lock zeroes) its own copy, not the caller's arrays.
    const wallet = this.#unlocked(path, sealed.document, sealed.dataKey, copySecrets(secrets));
    await rotateBackups(path, sealed.bytes, this.options.backups);
    return wallet;
  }

  /** Header facts of the keystore at `path`, after the integrity checks (no password needed). */
  async inspect(path: string): Promise<KeystoreInfo> {
    const doc = await this.#read(path);
    const kdf = doc.header.kdf;
    return {
      path,
      version: KEYSTORE_VERSION,
      walletId: doc.header.walletId,
      kdf: { memoryKiB: kdf.memoryKiB, iterations: kdf.iterations, parallelism: kdf.parallelism },
      weak: isWeak(kdf),
      belowDefaults:
        kdf.memoryKiB < this.options.kdf.memoryKiB ||
        kdf.iterations < this.options.kdf.iterations ||
        kdf.parallelism < this.options.kdf.parallelism,
    };
  }

  /**
   * Opens the keystore at `path`. Refusals, each leaving the file as it was: KEYSTORE_NOT_FOUND,
   * KEYSTORE_MALFORMED, KEYSTORE_CORRUPTED, KEYSTORE_UNSUPPORTED_VERSION, KEYSTORE_WEAK_KDF,
   * KEYSTORE_WRONG_PASSWORD. All but the last are decided before Argon2 runs.
   */
  async unlock(path: string, password: string): Promise<UnlockedKeystore> {
    const doc = await this.#read(path);
    this.#checkPolicy(doc, path, false);
    return this.#open(path, doc, password);
  }

  /**
   * Opens the keystore at `path` even when its parameters are below the floor, and rewrites it under the
   * same password with the current default parameters and a fresh salt. The answer to KEYSTORE_WEAK_KDF.
   */
  async reencrypt(path: string, password: string): Promise<UnlockedKeystore> {
    const doc = await this.#read(path);
    this.#checkPolicy(doc, path, true);
    const wallet = await this.#open(path, doc, password);
    try {
      await wallet.reencrypt(password);
    } catch (err) {
      wallet.lock();
      throw err;
    }
    return wallet;
  }

  async #open(path: string, doc: KeystoreDocument, password: string): Promise<UnlockedKeystore> {
    const { dataKey, secrets } = await openDocument(await this.argon2(), doc, password, path);
    return this.#unlocked(path, doc, dataKey, secrets);
  }

  #unlocked(
    path: string,
    doc: KeystoreDocument,
    dataKey: Uint8Array,
    secrets: WalletSecrets,
  ): UnlockedKeystore {
    return new UnlockedKeystore(this.#context, path, doc, dataKey, secrets);
  }

  async #read(path: string): Promise<KeystoreDocument> {
    return decodeKeystoreFile(await readKeystoreBytes(path), path);
  }

  #checkPolicy(doc: KeystoreDocument, path: string, allowWeak: boolean): void {
    const kdf = doc.header.kdf;
    for (const field of ["memoryKiB", "iterations", "parallelism"] as const) {
      if (kdf[field] > KDF_CEILING[field]) {
        throw new KeystoreError(
          "KEYSTORE_MALFORMED",
          `the keystore asks for more Argon2 ${field} than this app allows (${KDF_CEILING[field]})`,
          { path, reason: "field", field: `kdf.${field}` },
        );
      }
    }
    if (!allowWeak && isWeak(kdf)) {
      throw new KeystoreError(
        "KEYSTORE_WEAK_KDF",
        "the keystore's password protection is weaker than this app accepts; re-encrypt it with current settings",
        {
          path,
          memoryKiB: kdf.memoryKiB,
          iterations: kdf.iterations,
          minMemoryKiB: KDF_FLOOR.memoryKiB,
          minIterations: KDF_FLOOR.iterations,
        },
      );
    }
  }
}

function isWeak(kdf: KdfParams): boolean {
  return kdf.memoryKiB < KDF_FLOOR.memoryKiB || kdf.iterations < KDF_FLOOR.iterations;
}

/** A keystore file's bytes, refusing what is not a file or is larger than any keystore (unchecked content). */
export async function readKeystoreBytes(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new KeystoreError("KEYSTORE_NOT_FOUND", "no keystore file there", { path });
    if (info.size > MAX_KEYSTORE_FILE_BYTES) {
      throw new KeystoreError("KEYSTORE_MALFORMED", "the file is larger than any keystore", {
        path,
        reason: "too-large",
      });
    }
    return new Uint8Array(await readFile(path));
  } catch (err) {
    if (err instanceof KeystoreError) throw err;
    if (systemCode(err) === "ENOENT") {
      throw new KeystoreError("KEYSTORE_NOT_FOUND", "no keystore file there", { path });
    }
    throw ioError(path, "read", err);
  }
}
