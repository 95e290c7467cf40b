// The wallets directory (`<datadir>/wallets/`): one keystore per wallet named `<name>.json`, its backups
// beside it, and the operations a wallet list needs: list, create, unlock, inspect, re-encrypt, rename,
// remove (with the name typed again as confirmation), export a backup to a chosen path. It keeps track of
// the wallets it unlocked, so a rename moves an unlocked wallet along and a remove locks it first.

import { randomBytes } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { removeStaleTemporaryFiles, writeFileAtomic } from "./atomic-file.js";
import { type BackupFile, listBackups } from "./backups.js";
import { ioError, KeystoreError, systemCode } from "./errors.js";
import { decodeKeystoreFile } from "./format.js";
import { type Keystore, type KeystoreInfo, readKeystoreBytes } from "./keystore.js";
import type { WalletSecrets } from "./secrets.js";
import type { UnlockedKeystore } from "./unlocked-keystore.js";
import { moveKeystoreFiles, removeKeystoreFiles } from "./wallet-files.js";
import { checkWalletName, isValidWalletName, walletNameKey } from "./wallet-name.js";

/** Folder of the wallets under a node's data directory. */
export const WALLETS_DIR = "wallets";
const EXTENSION = ".json";

export interface KeystoreDirectoryOptions {
  /** The wallets directory itself (usually `<datadir>/wallets`); created on first write. */
  readonly dir: string;
}

export interface KeystoreDirectoryModules {
  readonly keystore: Keystore;
}

export interface WalletFileEntry {
  readonly name: string;
  readonly path: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

export interface ExportOptions {
  /** Replace a file already at the destination (default: refuse with KEYSTORE_EXISTS). */
  readonly overwrite?: boolean;
}

/** A temporary file untouched this long is left over from a killed write. */
const STALE_TEMP_MS = 10 * 60_000;

export class KeystoreDirectory {
  readonly dir: string;
  readonly #keystore: Keystore;
  /** Wallets unlocked through this directory, by name key. */
  readonly #unlocked = new Map<string, UnlockedKeystore>();

  constructor(opts: KeystoreDirectoryOptions, modules: KeystoreDirectoryModules) {
    if (typeof opts.dir !== "string" || opts.dir.length === 0) {
      throw new KeystoreError("KEYSTORE_BAD_OPTIONS", "the wallets directory must be a path", {
        option: "dir",
        actual: String(opts.dir),
      });
    }
    this.dir = opts.dir;
    this.#keystore = modules.keystore;
  }

  /** The keystore path of wallet `name` (KEYSTORE_BAD_NAME for a bad name). */
  pathOf(name: string): string {
    checkWalletName(name);
    return join(this.dir, `${name}${EXTENSION}`);
  }

  /** The wallets in the directory, by name; other files (backups, temporary files, strays) are skipped. */
  async list(): Promise<WalletFileEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if (systemCode(err) === "ENOENT") return [];
      throw ioError(this.dir, "readdir", err);
    }
    const entries: WalletFileEntry[] = [];
    for (const file of names) {
      if (!file.endsWith(EXTENSION)) continue;
      const name = file.slice(0, -EXTENSION.length);
      if (!isValidWalletName(name)) continue;
      const path = join(this.dir, file);
      try {
        const info = await stat(path);
        if (info.isFile()) entries.push({ name, path, sizeBytes: info.size, modifiedMs: info.mtimeMs });
      } catch {
        // Removed between readdir and stat.
      }
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The wallet unlocked through this directory under `name`, if any. */
  unlockedWallet(name: string): UnlockedKeystore | undefined {
    return this.#unlocked.get(walletNameKey(name));
  }

  /** Creates wallet `name` (KEYSTORE_EXISTS if a wallet of that name, in any case, exists) unlocked. */
  async create(name: string, password: string, secrets: WalletSecrets): Promise<UnlockedKeystore> {
    const path = this.pathOf(name);
    await this.#refuseTaken(name);
    return this.#track(name, await this.#keystore.create(path, password, secrets));
  }

  /** Unlocks wallet `name`; see Keystore.unlock for the refusals. */
  async unlock(name: string, password: string): Promise<UnlockedKeystore> {
    const path = this.pathOf(name);
    this.#refuseUnlocked(name);
    const wallet = await this.#keystore.unlock(await this.#existingPath(name, path), password);
    return this.#track(name, wallet);
  }

  /**
   * Files a keystore another directory of this process unlocked (a wallet handed from a closing wallet
   * service to the next): tracked as if unlocked here, so the refusals and renames see it.
   */
  adoptUnlocked(name: string, wallet: UnlockedKeystore): UnlockedKeystore {
    this.#refuseUnlocked(name);
    return this.#track(name, wallet);
  }

  /**
   * Checks `password` against wallet `name` (unlocked or not) without changing its state: resolves when it
   * is right, rejects with KEYSTORE_WRONG_PASSWORD (or the file's fault) when not.
   */
  async verifyPassword(name: string, password: string): Promise<void> {
    const path = await this.#existingPath(name, this.pathOf(name));
    const opened = await this.#keystore.unlock(path, password);
    opened.lock();
  }

  /** Re-encrypts wallet `name` with current defaults and returns it unlocked (the way out of WEAK_KDF). */
  async reencrypt(name: string, password: string): Promise<UnlockedKeystore> {
    const path = this.pathOf(name);
    this.#refuseUnlocked(name);
    const wallet = await this.#keystore.reencrypt(await this.#existingPath(name, path), password);
    return this.#track(name, wallet);
  }

  /** Header facts of wallet `name` without its password. */
  async inspect(name: string): Promise<KeystoreInfo> {
    const path = this.pathOf(name);
    return this.#keystore.inspect(await this.#existingPath(name, path));
  }

  /** Renames wallet `from` to `to`, its backups along with it; an unlocked wallet stays unlocked. */
  async rename(from: string, to: string): Promise<void> {
    const fromPath = await this.#existingPath(from, this.pathOf(from));
    const toPath = this.pathOf(to);
    const sameKey = walletNameKey(from) === walletNameKey(to);
    if (!sameKey) await this.#refuseTaken(to);
    const wallet = this.#unlocked.get(walletNameKey(from));
    const move = async (src: string, dst: string) => {
      if (wallet !== undefined) await wallet.moveTo(dst);
      else await moveKeystoreFiles(src, dst);
    };
    if (sameKey) {
      // A change of case only: through a hidden name, since a case-blind file system sees one file.
      const between = join(this.dir, `.rename-${randomBytes(6).toString("hex")}${EXTENSION}`);
      await move(fromPath, between);
      await move(between, toPath);
    } else {
      await move(fromPath, toPath);
    }
    if (wallet !== undefined) {
      this.#unlocked.delete(walletNameKey(from));
      this.#unlocked.set(walletNameKey(to), wallet);
    }
  }

  /**
   * Removes wallet `name` and its backups. `confirm` must equal the name exactly (KEYSTORE_CONFIRM_MISMATCH
   * otherwise, and nothing is touched). An unlocked wallet is locked first.
   */
  async remove(name: string, confirm: string): Promise<void> {
    const path = this.pathOf(name);
    if (confirm !== name) {
      throw new KeystoreError("KEYSTORE_CONFIRM_MISMATCH", "type the wallet's name to confirm its removal", {
        name,
      });
    }
    const existing = await this.#existingPath(name, path);
    this.#unlocked.get(walletNameKey(name))?.lock();
    await removeKeystoreFiles(existing);
  }

  /**
   * Copies wallet `name`'s keystore (encrypted, as it is) to `destination`, atomically. The copy is checked
   * first, so a damaged keystore is never exported as a backup.
   */
  async exportBackup(name: string, destination: string, opts: ExportOptions = {}): Promise<void> {
    const path = await this.#existingPath(name, this.pathOf(name));
    const bytes = await readKeystoreBytes(path);
    decodeKeystoreFile(bytes, path);
    await writeFileAtomic(destination, bytes, { exclusive: opts.overwrite !== true });
  }

  /** The automatic backups of wallet `name`, newest first. */
  listBackups(name: string): Promise<BackupFile[]> {
    return listBackups(this.pathOf(name));
  }

  /** Clears temporary files that killed writes left behind; returns how many. */
  async removeStaleTemporaryFiles(olderThanMs = STALE_TEMP_MS): Promise<number> {
    try {
      return await removeStaleTemporaryFiles(this.dir, olderThanMs);
    } catch (err) {
      if (err instanceof KeystoreError && err.code === "KEYSTORE_IO" && err.payload.code === "ENOENT")
        return 0;
      throw err;
    }
  }

  /** The path of wallet `name` as the directory spells it, matched without case; KEYSTORE_NOT_FOUND if none. */
  async #existingPath(name: string, path: string): Promise<string> {
    const match = (await this.list()).find((entry) => walletNameKey(entry.name) === walletNameKey(name));
    if (match === undefined)
      throw new KeystoreError("KEYSTORE_NOT_FOUND", `no wallet named ${name}`, { path });
    return match.name === name ? path : match.path;
  }

  async #refuseTaken(name: string): Promise<void> {
    const taken = (await this.list()).find((entry) => walletNameKey(entry.name) === walletNameKey(name));
    if (taken !== undefined) {
      throw new KeystoreError("KEYSTORE_EXISTS", `a wallet named ${taken.name} exists`, { path: taken.path });
    }
  }

  #refuseUnlocked(name: string): void {
    const open = this.#unlocked.get(walletNameKey(name));
    if (open !== undefined && !open.locked) {
      throw new KeystoreError("KEYSTORE_ALREADY_UNLOCKED", `the wallet ${name} is unlocked already`, {
        name,
      });
    }
  }

  #track(name: string, wallet: UnlockedKeystore): UnlockedKeystore {
    const key = walletNameKey(name);
    this.#unlocked.set(key, wallet);
    wallet.onLock(() => {
      // After a rename the wallet is filed under its new name; drop whichever entry still points at it.
      for (const [k, w] of this.#unlocked) if (w === wallet) this.#unlocked.delete(k);
    });
    return wallet;
  }
}
