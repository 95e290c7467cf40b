// SLIP-0010 hierarchical derivation for ed25519: the master key from a BIP-39 seed, hardened children, and
// the wallet paths m/44'/0'/account'/change'/index'. ed25519 SLIP-0010 has no public (non-hardened)
// derivation, so every path level must be hardened and parsePath refuses anything else.
import { createHmac } from "node:crypto";
import { publicKeyFromSeed } from "../crypto/index.js";
import { KeyPathError } from "./errors.js";

/** First index past the hardened range; path indices here are given without the hardened offset. */
export const HARDENED_OFFSET = 0x8000_0000;
export const MAX_PATH_INDEX = HARDENED_OFFSET - 1;
/** BIP-44 purpose and the coin type the existing TIME wallets use. */
export const WALLET_PURPOSE = 44;
export const WALLET_COIN_TYPE = 0;

const MASTER_HMAC_KEY = Buffer.from("ed25519 seed", "utf8");
// BIP-32 stores depth in one byte.
const MAX_DEPTH = 255;

export interface ExtendedKey {
  /** 32-byte ed25519 private seed (what RFC 8032 calls the private key). */
  readonly privateKey: Uint8Array;
  readonly chainCode: Uint8Array;
}

export interface DerivedKey extends ExtendedKey {
  /** 32-byte ed25519 public key (SLIP-0010 vectors print it with a leading 00 byte, which is not part of it). */
  readonly publicKey: Uint8Array;
}

export function masterKeyFromSeed(seed: Uint8Array): ExtendedKey {
  // BIP-32 bounds; a BIP-39 seed is always 64 bytes.
  if (seed.length < 16 || seed.length > 64) {
    throw new KeyPathError("KEYPATH_BAD_SEED", `a seed must be 16 to 64 bytes long, got ${seed.length}`, {
      length: seed.length,
    });
  }
  return splitHmac(createHmac("sha512", MASTER_HMAC_KEY).update(seed).digest());
}

/** Child `index'` of `parent`; `index` is given without the hardened offset (0 ≤ index < 2^31). */
export function deriveHardenedChild(parent: ExtendedKey, index: number): ExtendedKey {
  checkIndex(index);
  if (parent.privateKey.length !== 32 || parent.chainCode.length !== 32) {
    throw new KeyPathError("KEYPATH_BAD_KEY", "an extended key needs a 32-byte private key and chain code");
  }
  const data = Buffer.alloc(37);
  data.set(parent.privateKey, 1);
  data.writeUInt32BE(index + HARDENED_OFFSET, 33);
  const digest = createHmac("sha512", parent.chainCode).update(data).digest();
  data.fill(0);
  return splitHmac(digest);
}

/**
 * Parses "m/44'/0'/0'/0'/5'" (the marker may be ' or h) into indices without the hardened offset.
 * Rejects non-hardened levels, leading zeros, indices ≥ 2^31 and more than 255 levels.
 */
export function parsePath(path: string): number[] {
  const segments = path.split("/");
  if (segments[0] !== "m") {
    throw new KeyPathError("KEYPATH_BAD_SYNTAX", `a key path starts with "m", e.g. m/44'/0'/0'/0'/0'`, {
      segment: segments[0] ?? "",
    });
  }
  if (segments.length - 1 > MAX_DEPTH) {
    throw new KeyPathError("KEYPATH_BAD_SYNTAX", `a key path has at most ${MAX_DEPTH} levels`, {
      length: segments.length - 1,
    });
  }
  const indices: number[] = [];
  for (let level = 1; level < segments.length; level++) {
    const segment = segments[level] as string;
    const match = /^(0|[1-9][0-9]*)(['hH]?)$/.exec(segment);
    if (!match) {
      throw new KeyPathError(
        "KEYPATH_BAD_SYNTAX",
        `level ${level} of the key path ("${segment}") is not a number followed by '`,
        { segment, index: level },
      );
    }
    const digits = match[1] as string;
    const value = digits.length > 10 ? Number.POSITIVE_INFINITY : Number(digits);
    if (value > MAX_PATH_INDEX) {
      throw new KeyPathError(
        "KEYPATH_INDEX_RANGE",
        `level ${level} of the key path is ${digits}; indices go up to ${MAX_PATH_INDEX}`,
        { segment, index: level },
      );
    }
    if (match[2] === "") {
      throw new KeyPathError(
        "KEYPATH_NOT_HARDENED",
        `level ${level} of the key path ("${segment}") must be hardened (${segment}'): ed25519 derivation has no non-hardened keys`,
        { segment, index: level },
      );
    }
    indices.push(value);
  }
  return indices;
}

/** The canonical text of a hardened path, e.g. [44, 0, 0, 0, 5] → "m/44'/0'/0'/0'/5'". */
export function formatPath(indices: readonly number[]): string {
  for (const index of indices) checkIndex(index);
  return ["m", ...indices.map((i) => `${i}'`)].join("/");
}

/** The path of a wallet key: m/44'/0'/account'/change'/index'. */
export function walletPath(account: number, change: number, index: number): string {
  return formatPath([WALLET_PURPOSE, WALLET_COIN_TYPE, account, change, index]);
}

/** Walks a path (text or indices) from the master key of `seed`, without computing any public key. */
export function deriveExtendedKey(seed: Uint8Array, path: string | readonly number[]): ExtendedKey {
  const indices = typeof path === "string" ? parsePath(path) : path;
  let key = masterKeyFromSeed(seed);
  for (const index of indices) key = deriveHardenedChild(key, index);
  return key;
}

export function derivePath(seed: Uint8Array, path: string | readonly number[]): DerivedKey {
  return withPublicKey(deriveExtendedKey(seed, path));
}

export function withPublicKey(key: ExtendedKey): DerivedKey {
  return {
    privateKey: key.privateKey,
    chainCode: key.chainCode,
    publicKey: publicKeyFromSeed(key.privateKey),
  };
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index > MAX_PATH_INDEX) {
    throw new KeyPathError(
      "KEYPATH_INDEX_RANGE",
      `a key path index must be an integer from 0 to ${MAX_PATH_INDEX}, got ${index}`,
      { index: Number.isFinite(index) ? index : -1 },
    );
  }
}

function splitHmac(digest: Buffer): ExtendedKey {
  const privateKey = new Uint8Array(digest.subarray(0, 32));
  const chainCode = new Uint8Array(digest.subarray(32, 64));
  digest.fill(0);
  return { privateKey, chainCode };
}
