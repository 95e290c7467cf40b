// Reading the mnemonic and passphrase files; the file "-" is standard input, so a phrase can be piped in
// from a password manager without ever touching the disk. Their contents are secrets: errors name the path
// and the reason, never a byte of what was read.
import { readFile, stat } from "node:fs/promises";
import type { CliIo } from "./context.js";
import { CliError } from "./errors.js";

// A 24-word phrase is under 250 bytes; anything far larger is the wrong file.
const MAX_SECRET_FILE_BYTES = 64 * 1024;
/** The file name that means standard input. */
export const STDIN_FILE = "-";

export async function readSecretFile(
  path: string,
  what: string,
  option: string,
  io: Pick<CliIo, "readIn">,
): Promise<string> {
  if (path === STDIN_FILE) return readSecretStdin(io, what, option);
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

async function readSecretStdin(io: Pick<CliIo, "readIn">, what: string, option: string): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of io.readIn()) {
      size += chunk.length;
      // Stop reading at once: the input is not a secret file, and holding more of it helps nobody.
      if (size > MAX_SECRET_FILE_BYTES) break;
      chunks.push(chunk);
    }
  } catch (err) {
    throw new CliError("CLI_FILE_UNREADABLE", `cannot read the ${what} from standard input: ${reason(err)}`, {
      path: STDIN_FILE,
      option,
    });
  }
  if (size > MAX_SECRET_FILE_BYTES) {
    for (const chunk of chunks) chunk.fill(0);
    throw new CliError(
      "CLI_FILE_TOO_LARGE",
      `standard input holds more than ${MAX_SECRET_FILE_BYTES} bytes; that is not a ${what}`,
      { path: STDIN_FILE, option },
    );
  }
  const bytes = Buffer.concat(chunks);
  for (const chunk of chunks) chunk.fill(0);
  const text = new TextDecoder("utf-8").decode(bytes);
  bytes.fill(0);
  return text;
}

/** A passphrase file holds the passphrase exactly, except that one final line break is not part of it. */
export function passphraseFromFile(text: string): string {
  return text.replace(/\r?\n$/, "");
}

function reason(err: unknown): string {
  // Node's file-system errors are not NodeCoreErrors: their documented `code` is the only way to tell them apart.
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return typeof code === "string" ? code : "unknown error";
}
