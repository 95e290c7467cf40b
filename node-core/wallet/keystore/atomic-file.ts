// Crash-safe file replacement: the new content goes to a temporary file in the same directory, is fsynced,
// renamed over the target, and the directory is fsynced so the rename itself survives a power cut. A
// process killed at any moment leaves the old file or the new one, never a mix; at worst a stray temporary
// file, which `removeStaleTemporaryFiles` clears and listings ignore (its name starts with a dot).
import { randomBytes } from "node:crypto";
import { link, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ioError, KeystoreError, systemCode } from "./errors.js";

const TEMP_SUFFIX = ".tmp";

/** The temporary name for a write of `path`: hidden, unique per process and write. */
function temporaryPath(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`,
  );
}

/** True for a name `writeFileAtomic` gives its temporary files. */
export function isTemporaryFileName(name: string): boolean {
  return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
}

/** Makes a directory entry change (a rename, a new or removed file) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === "win32") return;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(dir, "r");
  } catch (err) {
    throw ioError(dir, "open-directory", err);
  }
  try {
    await handle.sync();
  } catch (err) {
    throw ioError(dir, "fsync-directory", err);
  } finally {
    await handle.close();
  }
}

/**
 * Puts `temp` in place at `path`. Exclusive: a hard link, which fails with EEXIST rather than replace a file
 * another writer just created; file systems without hard links (FAT) get a check and a rename instead.
 */
async function putInPlace(temp: string, path: string, exclusive: boolean): Promise<void> {
  if (!exclusive) {
    await rename(temp, path);
    return;
  }
  try {
    await link(temp, path);
  } catch (err) {
    if (systemCode(err) === "EEXIST") throw err;
    if (await pathExists(path)) throw Object.assign(new Error("file exists"), { code: "EEXIST" });
    await rename(temp, path);
    return;
  }
  await rm(temp, { force: true });
}

/** True when something is at `path` (false only for ENOENT; other errors are thrown). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (systemCode(err) === "ENOENT") return false;
    throw err;
  }
}

export interface AtomicWriteOptions {
  /** Fail with KEYSTORE_EXISTS instead of replacing a file already at the path. */
  readonly exclusive?: boolean;
}

/** Replaces `path` with `data` atomically (mode 0600: only the owner may read a keystore). */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const temp = temporaryPath(path);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(temp, "wx", 0o600);
  } catch (err) {
    throw ioError(temp, "open", err);
  }
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await putInPlace(temp, path, opts.exclusive === true);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (systemCode(err) === "EEXIST") {
      throw new KeystoreError("KEYSTORE_EXISTS", "a keystore file is already there", { path });
    }
    throw ioError(path, "write", err);
  }
  await syncDirectory(dirname(path));
}

/**
 * Removes temporary files older than `olderThanMs` that killed writes left in `dir` (younger ones may
 * belong to a write in progress). Returns how many were removed.
 */
export async function removeStaleTemporaryFiles(
  dir: string,
  olderThanMs: number,
  now = Date.now(),
): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw ioError(dir, "readdir", err);
  }
  let removed = 0;
  for (const name of names) {
    if (!isTemporaryFileName(name)) continue;
    const full = join(dir, name);
    try {
      const info = await stat(full);
      if (!info.isFile() || now - info.mtimeMs < olderThanMs) continue;
      await rm(full, { force: true });
      removed++;
    } catch {
      // Gone already (another sweep, or the write finished): nothing to do.
    }
  }
  return removed;
}
