// An unlocked keystore: the wallet's secrets and its data key in memory, and the changes that rewrite the
// file (save, change password, re-encrypt, move). Changes run one at a time, each an atomic replacement of
// the file followed by a backup rotation. `lock()` zeroes the data key and every secret byte array at once;
// a change still in flight then stops before it touches a key, and the wallet refuses further use.
import { writeFileAtomic } from "./atomic-file.js";
import { rotateBackups } from "./backups.js";
import { KeystoreError } from "./errors.js";
import { encodeKeystoreFile, type KeystoreDocument, type KeystoreHeader, type SealedBox } from "./format.js";
import type { Argon2Backend, KdfParams } from "./kdf.js";
import {
  checkNewPassword,
  derivePasswordKey,
  newHeader,
  sealPayload,
  unwrapDataKey,
  wrapDataKey,
} from "./seal.js";
import { checkSecrets, copySecrets, type WalletSecrets, wipeSecrets } from "./secrets.js";
import { moveKeystoreFiles } from "./wallet-files.js";
import { wipe } from "./wipe.js";

/** What an unlocked keystore needs from the Keystore that opened it. */
export interface KeystoreContext {
  readonly argon2: () => Promise<Argon2Backend>;
  /** Parameters of files written from now on. */
  readonly kdf: KdfParams;
  readonly backups: number;
}

export class UnlockedKeystore {
  readonly #context: KeystoreContext;
  #path: string;
  #document: KeystoreDocument;
  #dataKey: Uint8Array;
  #secrets: WalletSecrets;
  #locked = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #onLock = new Set<() => void>();

  /** Made by Keystore (create, unlock, reencrypt); takes ownership of `dataKey` and `secrets`. */
  constructor(
    context: KeystoreContext,
    path: string,
    document: KeystoreDocument,
    dataKey: Uint8Array,
    secrets: WalletSecrets,
  ) {
    this.#context = context;
    this.#path = path;
    this.#document = document;
    this.#dataKey = dataKey;
    this.#secrets = secrets;
  }

  get path(): string {
    return this.#path;
  }

  get walletId(): string {
    return this.#document.header.walletId;
  }

  /** The Argon2id parameters of the file as it is now. */
  get kdf(): KdfParams {
    const { memoryKiB, iterations, parallelism } = this.#document.header.kdf;
    return { memoryKiB, iterations, parallelism };
  }

  get locked(): boolean {
    return this.#locked;
  }

  /**
   * The decrypted secrets. The object is the keystore's own: a save replaces it (and zeroes the old one's
   * bytes) and lock zeroes it, so read it when needed rather than keeping it.
   */
  get secrets(): WalletSecrets {
    this.#ensureOpen();
    return this.#secrets;
  }

  /** Replaces the secrets and rewrites the file (new payload nonce; the wrapped key is unchanged). */
  async save(secrets: WalletSecrets): Promise<void> {
    this.#ensureOpen();
    checkSecrets(secrets);
    const next = copySecrets(secrets);
    return this.#exclusive(async () => {
      let document: KeystoreDocument;
      try {
        this.#ensureOpen();
        document = { ...this.#document, payload: sealPayload(this.#dataKey, this.#document.header, next) };
      } catch (err) {
        wipeSecrets(next);
        throw err;
      }
      await this.#write(document, {
        committed: () => {
          if (this.#locked) {
            wipeSecrets(next);
            return;
          }
          const previous = this.#secrets;
          this.#secrets = next;
          wipeSecrets(previous);
        },
        failed: () => wipeSecrets(next),
      });
    });
  }

  /**
   * Re-wraps the data key under `next` with a fresh salt and the current default parameters (the payload
   * is re-sealed only because its associated data, the header, changed). `current` must open the wrapped
   * key, else KEYSTORE_WRONG_PASSWORD and nothing is written. Earlier backups keep the old password.
   */
  async changePassword(current: string, next: string): Promise<void> {
    this.#ensureOpen();
    checkNewPassword(next);
    return this.#exclusive(async () => {
      const argon2 = await this.#context.argon2();
      await this.#verifyPassword(argon2, current);
      await this.#rewrap(argon2, next);
    });
  }

  /**
   * Rewrites the file under the same password with the current default parameters and a fresh salt.
   * `password` must open the wrapped key (else KEYSTORE_WRONG_PASSWORD), so this cannot change it.
   */
  async reencrypt(password: string): Promise<void> {
    this.#ensureOpen();
    return this.#exclusive(async () => {
      const argon2 = await this.#context.argon2();
      await this.#verifyPassword(argon2, password);
      await this.#rewrap(argon2, password);
    });
  }

  /**
   * Moves the file and its backups to `to` (which must not exist: KEYSTORE_EXISTS); the wallet stays
   * unlocked at its new path. Used by KeystoreDirectory.rename.
   */
  async moveTo(to: string): Promise<void> {
    this.#ensureOpen();
    return this.#exclusive(async () => {
      await moveKeystoreFiles(this.#path, to);
      this.#path = to;
    });
  }

  /** Zeroes the data key and the secrets' bytes; every later call but `locked` throws KEYSTORE_LOCKED. */
  lock(): void {
    if (this.#locked) return;
    this.#locked = true;
    wipe(this.#dataKey);
    wipeSecrets(this.#secrets);
    for (const listener of this.#onLock) listener();
    this.#onLock.clear();
  }

  /** Calls `listener` once when the wallet locks. */
  onLock(listener: () => void): void {
    if (this.#locked) listener();
    else this.#onLock.add(listener);
  }

  /** KEYSTORE_WRONG_PASSWORD unless `password` opens the wrapped key of the file as it is. */
  async #verifyPassword(argon2: Argon2Backend, password: string): Promise<void> {
    const passwordKey = await derivePasswordKey(argon2, password, this.#document.header);
    const opened = unwrapDataKey(passwordKey, this.#document);
    wipe(passwordKey, opened);
    if (opened === null) {
      throw new KeystoreError("KEYSTORE_WRONG_PASSWORD", "the password is wrong", { path: this.#path });
    }
  }

  async #rewrap(argon2: Argon2Backend, password: string): Promise<void> {
    const header: KeystoreHeader = newHeader(this.walletId, this.#context.kdf);
    const passwordKey = await derivePasswordKey(argon2, password, header);
    let wrappedKey: SealedBox;
    let payload: SealedBox;
    try {
      this.#ensureOpen();
      wrappedKey = wrapDataKey(passwordKey, this.#dataKey, header);
      payload = sealPayload(this.#dataKey, header, this.#secrets);
    } finally {
      wipe(passwordKey);
    }
    await this.#write({ header, wrappedKey, payload });
  }

  /**
   * Replaces the file with `document`. Once the file is in place the change is committed (the document and
   * whatever `committed` sets become current) even if the backup rotation after it fails.
   */
  async #write(
    document: KeystoreDocument,
    hooks: { readonly committed?: () => void; readonly failed?: () => void } = {},
  ): Promise<void> {
    const bytes = encodeKeystoreFile(document);
    try {
      await writeFileAtomic(this.#path, bytes);
    } catch (err) {
      hooks.failed?.();
      throw err;
    }
    this.#document = document;
    hooks.committed?.();
    await rotateBackups(this.#path, bytes, this.#context.backups);
  }

  #ensureOpen(): void {
    if (this.#locked) {
      throw new KeystoreError("KEYSTORE_LOCKED", "the wallet is locked", { walletId: this.walletId });
    }
  }

  #exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
