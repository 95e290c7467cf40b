// Reading a small file that holds a secret (a recovery phrase, a passphrase, an operator key), shared by
// time-cli and timed. The file is opened once and checked through its handle (no stat-then-open race);
// "-" is standard input, so a phrase can be piped in from a password manager without touching the disk.
// Errors name the path and the reason, never a byte of what was read.
import { open } from "node:fs/promises";
import { NodeCoreError } from "../util/errors.js";

/** The file name that means standard input. */
export const STDIN_FILE = "-";
// The largest secret (a 24-word phrase) is under 250 bytes; anything far larger is the wrong file.
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

export interface SecretFileErrorPayloads {
  /** The file is missing, not a regular file or cannot be read; `reason` is a short phrase. */
  SECRET_FILE_UNREADABLE: { readonly path: string; readonly reason: string };
  SECRET_FILE_TOO_LARGE: { readonly path: string; readonly limit: number };
  /** POSIX only: group or others may read the file; `mode` is its permission bits in octal. */
  SECRET_FILE_NOT_PRIVATE: { readonly path: string; readonly mode: string };
}

export type SecretFileErrorCode = keyof SecretFileErrorPayloads;

export class SecretFileError<C extends SecretFileErrorCode = SecretFileErrorCode> extends NodeCoreError<
  C,
  SecretFileErrorPayloads
> {
  override readonly name = "SecretFileError";
}

export interface SecretFileRequest {
  readonly path: string;
  /** What the file holds, for messages: "mnemonic", "operator key". */
  readonly what: string;
  /** Refuse a file that group or others can read (POSIX; Windows has no such mode bits). */
  readonly requirePrivate?: boolean;
  /** Standard input, for the path "-"; without it "-" is an ordinary file name. */
  readonly readIn?: () => AsyncIterable<Uint8Array>;
  /** Checks run on POSIX unless told otherwise (tests of the Windows path). */
  readonly platform?: NodeJS.Platform;
  /** Size cap; default MAX_SECRET_FILE_BYTES. */
  readonly maxBytes?: number;
}

/** The file's bytes; the caller should zero them once it has taken what it needs. */
export async function readSecretBytes(request: SecretFileRequest): Promise<Uint8Array> {
  const { path, what } = request;
  const maxBytes = request.maxBytes ?? MAX_SECRET_FILE_BYTES;
  if (path === STDIN_FILE && request.readIn !== undefined) return readStdin(request.readIn, what, maxBytes);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (err) {
    throw unreadable(path, what, err);
  }
  try {
    let info: Awaited<ReturnType<typeof handle.stat>>;
    try {
      info = await handle.stat();
    } catch (err) {
      throw unreadable(path, what, err);
    }
    if (!info.isFile()) {
      throw new SecretFileError("SECRET_FILE_UNREADABLE", `${what} file ${path} is not a regular file`, {
        path,
        reason: "not a regular file",
      });
    }
    if (info.size > maxBytes) {
      throw new SecretFileError(
        "SECRET_FILE_TOO_LARGE",
        `${what} file ${path} is ${info.size} bytes; that is not a ${what} file`,
        { path, limit: maxBytes },
      );
    }
    const platform = request.platform ?? process.platform;
    if (request.requirePrivate === true && platform !== "win32" && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(3, "0");
      throw new SecretFileError(
        "SECRET_FILE_NOT_PRIVATE",
        `${what} file ${path} can be read by other users (mode ${mode}); ` +
          `make it private with: chmod 600 ${path}`,
        { path, mode },
      );
    }
    try {
      // Read one byte past the cap so a file that grew since the stat is still refused.
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buffer.length) break;
      }
      if (length > maxBytes) {
        buffer.fill(0);
        throw new SecretFileError(
          "SECRET_FILE_TOO_LARGE",
          `${what} file ${path} holds more than ${maxBytes} bytes; that is not a ${what} file`,
          { path, limit: maxBytes },
        );
      }
      const bytes = Uint8Array.from(buffer.subarray(0, length));
      buffer.fill(0);
      return bytes;
    } catch (err) {
      if (err instanceof SecretFileError) throw err;
      throw unreadable(path, what, err);
    }
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The file's text as UTF-8. */
export async function readSecretText(request: SecretFileRequest): Promise<string> {
  const bytes = await readSecretBytes(request);
  const text = new TextDecoder("utf-8").decode(bytes);
  bytes.fill(0);
  return text;
}

async function readStdin(
  readIn: () => AsyncIterable<Uint8Array>,
  what: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of readIn()) {
      size += chunk.length;
      // Stop reading at once: the input is not a secret file, and holding more of it helps nobody.
      if (size > maxBytes) break;
      chunks.push(chunk);
    }
  } catch (err) {
    for (const chunk of chunks) chunk.fill(0);
    throw new SecretFileError(
      "SECRET_FILE_UNREADABLE",
      `cannot read the ${what} from standard input: ${reasonOf(err)}`,
      { path: STDIN_FILE, reason: reasonOf(err) },
    );
  }
  if (size > maxBytes) {
    for (const chunk of chunks) chunk.fill(0);
    throw new SecretFileError(
      "SECRET_FILE_TOO_LARGE",
      `standard input holds more than ${maxBytes} bytes; that is not a ${what}`,
      { path: STDIN_FILE, limit: maxBytes },
    );
  }
  const bytes = Uint8Array.from(Buffer.concat(chunks));
  for (const chunk of chunks) chunk.fill(0);
  return bytes;
}

function unreadable(path: string, what: string, err: unknown): SecretFileError<"SECRET_FILE_UNREADABLE"> {
  const reason = reasonOf(err);
  return new SecretFileError("SECRET_FILE_UNREADABLE", `cannot read ${what} file ${path}: ${reason}`, {
    path,
    reason,
  });
}

function reasonOf(err: unknown): string {
  // Node's file-system errors are not NodeCoreErrors: their documented `code` is the only way to tell them apart.
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return typeof code === "string" ? code : "unknown error";
}
