// The files of one keystore as a set (the keystore and its numbered backups): moving them to a new name
// without replacing anything there, and removing them all. KeystoreDirectory renames and removes wallets
// through these; an unlocked keystore moves itself with them.
import { link, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { pathExists, syncDirectory } from "./atomic-file.js";
import { backupPath, listBackups } from "./backups.js";
import { ioError, KeystoreError, systemCode } from "./errors.js";

function exists(path: string): KeystoreError<"KEYSTORE_EXISTS"> {
  return new KeystoreError("KEYSTORE_EXISTS", "a keystore file is already there", { path });
}

/**
 * Moves the keystore at `from` and its backups to `to`. Never replaces a file at `to` (KEYSTORE_EXISTS):
 * a hard link then an unlink where the file system has hard links, a check and a rename elsewhere (FAT).
 */
export async function moveKeystoreFiles(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    const code = systemCode(err);
    if (code === "EEXIST") throw exists(to);
    if (code === "ENOENT")
      throw new KeystoreError("KEYSTORE_NOT_FOUND", "no keystore file there", { path: from });
    if (await pathExists(to)) throw exists(to);
    try {
      await rename(from, to);
    } catch (renameErr) {
      throw ioError(from, "rename", renameErr);
    }
  }
  try {
    await rm(from, { force: true });
    for (const backup of await listBackups(from)) await rename(backup.path, backupPath(to, backup.n));
  } catch (err) {
    throw ioError(from, "move", err);
  }
  await syncDirectory(dirname(to));
}

/** Removes the keystore at `path` and all its backups. */
export async function removeKeystoreFiles(path: string): Promise<void> {
  try {
    for (const backup of await listBackups(path)) await rm(backup.path, { force: true });
    await rm(path, { force: true });
  } catch (err) {
    throw ioError(path, "rm", err);
  }
  await syncDirectory(dirname(path));
}
