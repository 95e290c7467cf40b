// The masternode operator key file: exactly the 64-hex-digit ed25519 seed, optionally followed by one line
// break, readable by its owner only (chmod 600). The file is read with the shared secret-file reader; no
// error repeats any of its content, not even a character of a malformed one.
import { readSecretBytes } from "../secret-file.js";
import { ConfigError } from "./errors.js";

export const OPERATOR_SEED_BYTES = 32;
const WHAT = "operator key";

export interface LoadOperatorKeyOptions {
  /** Checks run as on this platform (tests of the Windows path); default process.platform. */
  readonly platform?: NodeJS.Platform;
}

/**
 * The 32-byte seed in the file. Throws SecretFileError (unreadable, too large, readable by others) or
 * ConfigError CONFIG_BAD_OPERATOR_KEY; the caller owns the returned bytes and should zero them when done.
 */
export async function loadOperatorKey(
  path: string,
  options: LoadOperatorKeyOptions = {},
): Promise<Uint8Array> {
  const bytes = await readSecretBytes({
    path,
    what: WHAT,
    requirePrivate: true,
    ...(options.platform === undefined ? {} : { platform: options.platform }),
  });
  try {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0a) end--;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    if (end !== OPERATOR_SEED_BYTES * 2) throw badKey(path);
    const seed = new Uint8Array(OPERATOR_SEED_BYTES);
    for (let i = 0; i < OPERATOR_SEED_BYTES; i++) {
      const hi = hexValue(bytes[2 * i] as number);
      const lo = hexValue(bytes[2 * i + 1] as number);
      if (hi < 0 || lo < 0) {
        seed.fill(0);
        throw badKey(path);
      }
      seed[i] = hi * 16 + lo;
    }
    return seed;
  } finally {
    bytes.fill(0);
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function badKey(path: string): ConfigError<"CONFIG_BAD_OPERATOR_KEY"> {
  return new ConfigError(
    "CONFIG_BAD_OPERATOR_KEY",
    `${WHAT} file ${path} must hold exactly 64 hexadecimal digits (the ed25519 seed), optionally followed ` +
      "by one line break, and nothing else",
    { path },
  );
}
