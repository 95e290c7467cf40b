// Making sure a data directory exists and can hold the node's stores before LevelDB is pointed at it.
// Node 20's recursive mkdir spins forever where a parent exists but refuses children with ENOENT (procfs,
// e.g. `--datadir /proc/x`), and a file given as the directory only fails deep inside LevelDB; so the
// folders are created here one level at a time, after checking the nearest existing one, and every problem
// is reported as a StartError naming the path.
import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { StartError } from "./start-error.js";

const OPTION = "--datadir";

/**
 * Creates `<dataDir>/<sub>` (and any missing folder above it) unless it exists, and returns the absolute
 * data directory. Throws StartError when a folder on the way is a file, or the nearest existing folder
 * cannot be written, or the file system refuses to create one.
 */
export async function prepareDataDir(dataDir: string, sub: string): Promise<string> {
  if (dataDir.trim() === "") {
    throw new StartError("START_USAGE", `${OPTION} is empty`, { option: OPTION });
  }
  const root = resolve(dataDir);
  const target = join(root, sub);
  const missing: string[] = [];
  let existing = target;
  for (;;) {
    const kind = await kindOf(existing, root);
    if (kind === "directory") break;
    if (kind === "other") throw notDirectory(existing, root);
    missing.unshift(existing);
    const parent = dirname(existing);
    // The file-system root always exists; reaching it without a directory means it could not be read.
    if (parent === existing) throw unwritable(existing, root, "the file system root cannot be read");
    existing = parent;
  }
  if (missing.length === 0) return root;
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw unwritable(existing, root, "permission denied", err);
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (err) {
      // Another process may have created it in the meantime (two nodes started at once): fine if a folder.
      if (errorCode(err) === "EEXIST" && (await kindOf(folder, root)) === "directory") continue;
      throw unwritable(folder, root, reasonOf(err), err);
    }
  }
  return root;
}

async function kindOf(path: string, root: string): Promise<"directory" | "other" | "missing"> {
  try {
    return (await stat(path)).isDirectory() ? "directory" : "other";
  } catch (err) {
    // ENOTDIR: a folder above is a file; walking up finds and names it.
    if (errorCode(err) === "ENOENT" || errorCode(err) === "ENOTDIR") return "missing";
    throw unwritable(path, root, reasonOf(err), err);
  }
}

function notDirectory(path: string, root: string): StartError {
  const message =
    path === root
      ? `${OPTION} ${root} is a file, not a directory`
      : `${OPTION} ${root} cannot be used: ${path} is a file, not a directory`;
  return new StartError("START_DATADIR_NOT_DIRECTORY", message, { option: OPTION, path });
}

function unwritable(path: string, root: string, reason: string, cause?: unknown): StartError {
  const where = path === root ? `${OPTION} ${root}` : `${OPTION} ${root}: ${path}`;
  const code = errorCode(cause);
  return new StartError("START_DATADIR_UNWRITABLE", `cannot create or write ${where} (${reason})`, {
    option: OPTION,
    path,
    ...(code === undefined ? {} : { causeCode: code }),
  });
}

/** The `code` of a Node file-system error: not a NodeCoreError, so read by shape as Node documents it. */
function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

function reasonOf(err: unknown): string {
  switch (errorCode(err)) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    // A parent that exists yet answers ENOENT is a virtual file system such as /proc.
    case "ENOENT":
      return "this file system does not allow new folders there";
    case "ENOTDIR":
      return "a folder on the way is a file";
    default:
      return errorCode(err) ?? "unknown error";
  }
}
