// Automatic backups beside a keystore: after every change the new file is also kept as `<file>.bak1`, the
// earlier ones move down to `.bak2` ... `.bak<keep>`, and older ones are dropped. They are copies of the
// encrypted file (a backup opens with the password the wallet had when it was written). Each step is one
// rename or one atomic write, so a crash during rotation loses at most the oldest copy, never the keystore.
import { readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "./atomic-file.js";
import { ioError, systemCode } from "./errors.js";

const BACKUP_SUFFIX = /\.bak([1-9][0-9]*)$/;

/** The path of backup `n` (1 = newest) of the keystore at `path`. */
export function backupPath(path: string, n: number): string {
  return `${path}.bak${n}`;
}

export interface BackupFile {
  /** 1 is the newest. */
  readonly n: number;
  readonly path: string;
}

/** The backups of the keystore at `path` that exist, newest first. */
export async function listBackups(path: string): Promise<BackupFile[]> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.bak`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (systemCode(err) === "ENOENT") return [];
    throw ioError(dir, "readdir", err);
  }
  const found: BackupFile[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = BACKUP_SUFFIX.exec(name.slice(basename(path).length));
    if (match === null || match.index !== 0) continue;
    found.push({ n: Number(match[1]), path: join(dir, name) });
  }
  return found.sort((a, b) => a.n - b.n);
}

/** Shifts the backups of `path` down by one and writes `bytes` as the newest; keeps `keep` in all. */
export async function rotateBackups(path: string, bytes: Uint8Array, keep: number): Promise<void> {
  const existing = await listBackups(path);
  for (const backup of existing) {
    if (backup.n >= keep) await removeFile(backup.path);
  }
  if (keep === 0) return;
  for (let n = keep - 1; n >= 1; n--) {
    try {
      await rename(backupPath(path, n), backupPath(path, n + 1));
    } catch (err) {
      if (systemCode(err) !== "ENOENT") throw ioError(backupPath(path, n), "rename", err);
    }
  }
  // Also makes the renames above durable: it fsyncs the directory.
  await writeFileAtomic(backupPath(path, 1), bytes);
}

async function removeFile(path: string): Promise<void> {
  try {
    await rm(path, { force: true });
  } catch (err) {
    throw ioError(path, "rm", err);
  }
}
