// The node's one ed25519 rule: `verify` is the only signature check used anywhere (transactions, votes,
// heartbeats, the worker pool), so every node accepts exactly the same signatures. OpenSSL alone is too
// lenient for consensus (it accepts small-order public keys and R, which let one signature verify under
// many keys), so the encodings are screened here first and node:crypto only does the curve arithmetic.
// Also owns signing from a 32-byte seed (RFC 8032 private key) through cached node:crypto KeyObjects.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as nodeSign,
  verify as nodeVerify,
  randomFillSync,
} from "node:crypto";
import { CryptoError } from "./errors.js";

export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;
export const SEED_LENGTH = 32;

// Importing a key is costly next to a verify, and the same keys (masternodes, busy addresses) recur, so
// KeyObjects are kept in small insertion-ordered maps used as LRU caches. Public keys are cheap to hold;
// private ones are few (the node's own keys) and are not worth keeping in bulk.
const PUBLIC_KEY_CACHE_SIZE = 10_000;
const PRIVATE_KEY_CACHE_SIZE = 256;

// DER PKCS#8 wrapper of a raw ed25519 seed (RFC 8410); the 32 seed bytes follow it.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
// DER SubjectPublicKeyInfo of an ed25519 key is this 12-byte prefix followed by the 32 key bytes.
const SPKI_PREFIX_LENGTH = 12;

// L = 2^252 + 27742317777372353535851937790883648493, the prime order of the base point, little-endian.
const L_LE = Uint8Array.from(
  Buffer.from("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", "hex"),
);

// libsodium's `has_small_order` blocklist: the y coordinates (sign bit cleared) of the 8 points of order
// dividing 8, plus the non-canonical y = p and y = p + 1 that reduce to two of them. Checking with the sign
// bit masked catches both x signs of every entry.
const SMALL_ORDER_Y = [
  "0000000000000000000000000000000000000000000000000000000000000000", // y = 0: (±sqrt(-1), 0), order 4
  "0100000000000000000000000000000000000000000000000000000000000000", // y = 1: identity, order 1
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8 (two points)
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8 (two points)
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p - 1: (0, -1), order 2
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p, non-canonical 0
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1, non-canonical 1
].map((hex) => Uint8Array.from(Buffer.from(hex, "hex")));

function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

/** True when the 255-bit y of a 32-byte point encoding is below p = 2^255 - 19. */
function yIsReduced(e: Uint8Array): boolean {
  // y >= p only when y is one of p .. 2^255 - 1: top byte 0x7f, bytes 30..1 all 0xff, low byte >= 0xed.
  if (((e[31] as number) & 0x7f) !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (e[i] !== 0xff) return true;
  return (e[0] as number) < 0xed;
}

/** x = 0 happens only for y = 1 and y = p - 1; with the sign bit set that is the "negative zero" encoding. */
function isNegativeZero(e: Uint8Array): boolean {
  if (((e[31] as number) & 0x80) === 0) return false;
  if (e[0] === 0x01) {
    for (let i = 1; i < 31; i++) if (e[i] !== 0) return false;
    return e[31] === 0x80;
  }
  if (e[0] === 0xec) {
    for (let i = 1; i < 31; i++) if (e[i] !== 0xff) return false;
    return e[31] === 0xff;
  }
  return false;
}

/**
 * Byte-level canonicity of a point encoding: 32 bytes, y < p, and not x = 0 with the sign bit set. Does not
 * check that y lies on the curve (see `isCanonicalPoint`); `verify` leaves that to OpenSSL, which rejects
 * undecodable public keys and can never reproduce an undecodable R.
 */
export function isCanonicalEncoding(encoding: Uint8Array): boolean {
  return isBytes(encoding, 32) && yIsReduced(encoding) && !isNegativeZero(encoding);
}

/**
 * True when `encoding` is 32 bytes and its y (sign bit ignored) is a point of order dividing 8, in any of
 * its encodings, canonical or not (libsodium `has_small_order`). Wrong lengths are not small order.
 */
export function hasSmallOrder(encoding: Uint8Array): boolean {
  if (!isBytes(encoding, 32)) return false;
  outer: for (const y of SMALL_ORDER_Y) {
    for (let i = 0; i < 31; i++) if (encoding[i] !== y[i]) continue outer;
    if (((encoding[31] as number) & 0x7f) === y[31]) return true;
  }
  return false;
}

// Field arithmetic for the full decoding check (off the hot path; bigint is fine here).
const P = 2n ** 255n - 19n;
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function powMod(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

/**
 * True when `encoding` is the canonical encoding of a point on edwards25519 (RFC 8032 section 5.1.3 with the
 * strict y < p rule and no negative zero). Any order, including small order: combine with `hasSmallOrder`.
 */
export function isCanonicalPoint(encoding: Uint8Array): boolean {
  if (!isCanonicalEncoding(encoding)) return false;
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(encoding[i] as number);
  y &= (1n << 255n) - 1n;
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  // x = u v^3 (u v^7)^((p-5)/8) is a square root of u/v when one exists (RFC 8032 section 5.1.3 step 2).
  const v3 = (v * v * v) % P;
  const v7 = (v3 * v3 * v) % P;
  const x = (u * v3 * powMod(u * v7, (P - 5n) / 8n)) % P;
  const vx2 = (v * x * x) % P;
  // vx^2 = -u means x * sqrt(-1) is the root; neither means u/v is not a square and y is off the curve.
  return vx2 === u || vx2 === mod(-u);
}

/** S < L, compared as 256-bit little-endian integers from the top byte down. */
function scalarIsReduced(s: Uint8Array, offset: number): boolean {
  for (let i = 31; i >= 0; i--) {
    const a = s[offset + i] as number;
    const b = L_LE[i] as number;
    if (a !== b) return a < b;
  }
  return false;
}

const publicKeyCache = new Map<string, KeyObject>();

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const view = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength);
  const cacheKey = view.toString("latin1");
  const cached = publicKeyCache.get(cacheKey);
  if (cached !== undefined) {
    // Re-insert so the map's insertion order is recency order and eviction drops the least recent key.
    publicKeyCache.delete(cacheKey);
    publicKeyCache.set(cacheKey, cached);
    return cached;
  }
  // JWK import is about 8x cheaper than DER SPKI import in OpenSSL 3.0 (measured: 9 vs 77 us).
  const keyObject = createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: view.toString("base64url") },
    format: "jwk",
  });
  if (publicKeyCache.size >= PUBLIC_KEY_CACHE_SIZE) {
    const oldest = publicKeyCache.keys().next().value;
    if (oldest !== undefined) publicKeyCache.delete(oldest);
  }
  publicKeyCache.set(cacheKey, keyObject);
  return keyObject;
}

/**
 * The encoding half of the verification rule, with no curve arithmetic: 32-byte A and 64-byte signature,
 * S < L, A and R canonical (y < p, no negative zero) and neither of small order. It does not depend on the
 * crypto backend, so the rule holds even where OpenSSL (or BoringSSL under Electron) would be more lenient.
 */
export function hasStrictEncoding(publicKey: Uint8Array, signature: Uint8Array): boolean {
  if (!isBytes(publicKey, PUBLIC_KEY_LENGTH) || !isBytes(signature, SIGNATURE_LENGTH)) return false;
  if (!scalarIsReduced(signature, 32)) return false;
  const r = signature.subarray(0, 32);
  if (!yIsReduced(publicKey) || isNegativeZero(publicKey)) return false;
  if (!yIsReduced(r) || isNegativeZero(r)) return false;
  return !hasSmallOrder(publicKey) && !hasSmallOrder(r);
}

/**
 * THE ed25519 verification of the node (RFC 8032 with strict encodings). Returns false, never throws, for
 * anything that is not a valid signature: wrong lengths or types, S >= L, non-canonical A or R, small-order
 * A or R, undecodable A, or a failing equation.
 */
export function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(message instanceof Uint8Array) || !hasStrictEncoding(publicKey, signature)) return false;
  try {
    return nodeVerify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    // OpenSSL refuses to import or use an encoding that is not on the curve: that is a failed check too.
    return false;
  }
}

const privateKeyCache = new Map<string, KeyObject>();

function privateKeyObject(seed: Uint8Array): KeyObject {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_LENGTH) {
    const length = seed instanceof Uint8Array ? seed.length : -1;
    throw new CryptoError("ED25519_BAD_SEED_LENGTH", `an ed25519 seed is 32 bytes, got ${length}`, {
      length,
    });
  }
  // Keyed by a hash of the seed so the cache does not hold the seed itself as an immutable JS string.
  const cacheKey = createHash("sha256").update("timecoin/ed25519-key-cache").update(seed).digest("base64");
  const cached = privateKeyCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const der = Buffer.concat([PKCS8_PREFIX, seed]);
  const keyObject = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  der.fill(0);
  if (privateKeyCache.size >= PRIVATE_KEY_CACHE_SIZE) {
    const oldest = privateKeyCache.keys().next().value;
    if (oldest !== undefined) privateKeyCache.delete(oldest);
  }
  privateKeyCache.set(cacheKey, keyObject);
  return keyObject;
}

/** RFC 8032 ed25519 signature (deterministic, 64 bytes) of `message` under the 32-byte `secretSeed`. */
export function sign(secretSeed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign(null, message, privateKeyObject(secretSeed)));
}

/** The 32-byte public key A of a 32-byte seed (RFC 8032 section 5.1.5). */
export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(seed)).export({ format: "der", type: "spki" });
  return new Uint8Array(spki.subarray(SPKI_PREFIX_LENGTH));
}

/** Drops every cached private KeyObject (e.g. when the wallet locks); later signing re-imports the seed. */
export function forgetPrivateKeys(): void {
  privateKeyCache.clear();
}

/** A fresh 32-byte seed from the operating system's CSPRNG. */
export function randomSeed(): Uint8Array {
  return randomFillSync(new Uint8Array(SEED_LENGTH));
}
