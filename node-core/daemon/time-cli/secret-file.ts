// Reading the mnemonic and passphrase files. Their contents are secrets: errors name the path and the
// reason, never a byte of what was read.
import { readFile, stat } from "node:fs/promises";
import { CliError } from "./errors.js";

// A 24-word phrase is under 250 bytes; anything far larger is the wrong file.
const MAX_SECRET_FILE_BYTES = 64 * 1024;

export async function readSecretFile(path: string, what: string, option: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new CliError("CLI_FILE_UNREADABLE", `${what} file ${path} is not a regular file`, {
        path,
        option,
      });
    }
    size = info.size;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError("CLI_FILE_UNREADABLE", `cannot read ${what} file ${path}: ${reason(err)}`, {
      path,
      option,
    });
  }
  if (size > MAX_SECRET_FILE_BYTES) {
    throw new CliError(
      "CLI_FILE_TOO_LARGE",
      `${what} file ${path} is ${size} bytes; that is not a ${what} file`,
      { path, option },
    );
  }
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new CliError("CLI_FILE_UNREADABLE", `cannot read ${what} file ${path}: ${reason(err)}`, {
      path,
      option,
    });
  }
}

/** A passphrase file holds the passphrase exactly, except that one final line break is not part of it. */
export function passphraseFromFile(text: string): string {
  return text.replace(/\r?\n$/, "");
}

function reason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return typeof code === "string" ? code : "unknown error";
}
