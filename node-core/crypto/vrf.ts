// ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381, suite string 0x03): the verifiable random function behind TSDC
// proposer selection. Owns proving with a 32-byte ed25519 seed, proof_to_hash, and the one verification rule
// (RFC 9381 section 5.3 with validate_key), built on @noble/curves point arithmetic and SHA-512.
// Verification is consensus-critical, so it is strict: a public key or Gamma must be a canonical RFC 8032
// encoding and not of small order, and s must be below L. It never throws; a bad proof is `null`.
// Proving is not hardened against timing (the node proves only with its own key, and only for public data).
import { mulAddUnsafe } from "@noble/curves/abstract/curve.js";
import type { EdwardsPoint } from "@noble/curves/abstract/edwards.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { VrfError, type VrfErrorPayload } from "./errors.js";

// The error lives with the layer's others; re-exported so `./vrf.js` keeps offering it.
export { VrfError, type VrfErrorCode, type VrfErrorPayload } from "./errors.js";

export const VRF_PROOF_BYTES = 80;
export const VRF_OUTPUT_BYTES = 64;
export const VRF_SEED_BYTES = 32;
export const VRF_PUBLIC_KEY_BYTES = 32;

const Point = ed25519.Point;
const BASE = Point.BASE;
/** L, the prime order of the base point (q in RFC 9381). */
const L = Point.Fn.ORDER;

const SUITE = 0x03;
const ENCODE_TO_CURVE_FRONT = 0x01;
const CHALLENGE_FRONT = 0x02;
const PROOF_TO_HASH_FRONT = 0x03;
const BACK = 0x00;

const POINT_BYTES = 32;
const C_BYTES = 16;
const S_BYTES = 32;

function concat(...parts: readonly (Uint8Array | number)[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += typeof part === "number" ? 1 : part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === "number") out[at++] = part;
    else {
      out.set(part, at);
      at += part.length;
    }
  }
  return out;
}

function leToBigint(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

function bigintToLe(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function isBytes(value: unknown, length?: number): value is Uint8Array {
  return value instanceof Uint8Array && (length === undefined || value.length === length);
}

/**
 * RFC 8032 section 5.1.3 decoding (string_to_point of RFC 9381 section 5.5): y must be below p and x = 0
 * must not carry the sign bit, so each point has exactly one accepted encoding. `undefined` when invalid.
 */
function decodePoint(bytes: Uint8Array): EdwardsPoint | undefined {
  try {
    return Point.fromBytes(bytes, false);
  } catch {
    return undefined;
  }
}

interface SecretKey {
  /** The clamped scalar of RFC 8032 section 5.1.5, reduced mod L (x in RFC 9381). */
  readonly x: bigint;
  /** The unreduced clamped scalar as 32 little-endian bytes, as RFC 9381 Appendix B lists it. */
  readonly xBytes: Uint8Array;
  /** Second half of SHA-512(seed): the nonce key of section 5.4.2.2. */
  readonly nonceKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

function expandSeed(seed: unknown): SecretKey {
  if (!isBytes(seed, VRF_SEED_BYTES)) {
    throw new VrfError(
      "VRF_BAD_SEED",
      `VRF seed must be ${VRF_SEED_BYTES} bytes`,
      seed instanceof Uint8Array ? { length: seed.length } : {},
    );
  }
  const hashed = sha512(seed);
  const xBytes = hashed.slice(0, 32);
  xBytes[0] = (xBytes[0] as number) & 248;
  xBytes[31] = ((xBytes[31] as number) & 127) | 64;
  const x = leToBigint(xBytes) % L;
  return { x, xBytes, nonceKey: hashed.slice(32, 64), publicKey: BASE.multiply(x).toBytes() };
}

interface EncodedToCurve {
  readonly point: EdwardsPoint;
  readonly bytes: Uint8Array;
  /** The try-and-increment counter that succeeded (RFC 9381 Appendix B lists it). */
  readonly ctr: number;
}

/** ECVRF_encode_to_curve_try_and_increment (section 5.4.1.1) with encode_to_curve_salt = PK_string. */
function encodeToCurve(publicKey: Uint8Array, alpha: Uint8Array): EncodedToCurve {
  // Each try succeeds with probability about 1/2, so the one-byte counter running out has probability 2^-256.
  for (let ctr = 0; ctr < 256; ctr++) {
    const hash = sha512(concat(SUITE, ENCODE_TO_CURVE_FRONT, publicKey, alpha, ctr, BACK));
    const candidate = decodePoint(hash.subarray(0, POINT_BYTES));
    if (candidate === undefined) continue;
    const point = candidate.clearCofactor();
    if (point.is0()) continue;
    return { point, bytes: point.toBytes(), ctr };
  }
  throw new RangeError("ECVRF try-and-increment exhausted its counter");
}

/** ECVRF_challenge_generation (section 5.4.3) over Y, H, Gamma, U, V, truncated to cLen = 16 bytes. */
function challenge(
  y: Uint8Array,
  h: Uint8Array,
  gamma: Uint8Array,
  u: Uint8Array,
  v: Uint8Array,
): Uint8Array {
  return sha512(concat(SUITE, CHALLENGE_FRONT, y, h, gamma, u, v, BACK)).slice(0, C_BYTES);
}

function gammaToHash(gamma: EdwardsPoint): Uint8Array {
  return sha512(concat(SUITE, PROOF_TO_HASH_FRONT, gamma.clearCofactor().toBytes(), BACK));
}

interface DecodedProof {
  readonly gamma: EdwardsPoint;
  readonly gammaBytes: Uint8Array;
  readonly cBytes: Uint8Array;
  readonly c: bigint;
  readonly s: bigint;
}

/**
 * ECVRF_decode_proof (section 5.4.4), plus rejection of a small-order Gamma: an honest Gamma = x*H has
 * order L, and a small-order one would hash to a fixed beta whatever the key.
 */
function decodeProof(proof: Uint8Array): DecodedProof | VrfErrorPayload["reason"] {
  if (proof.length !== VRF_PROOF_BYTES) return "length";
  const gammaBytes = proof.slice(0, POINT_BYTES);
  const gamma = decodePoint(gammaBytes);
  if (gamma === undefined) return "gamma-encoding";
  if (gamma.isSmallOrder()) return "gamma-small-order";
  const cBytes = proof.slice(POINT_BYTES, POINT_BYTES + C_BYTES);
  const s = leToBigint(proof.subarray(POINT_BYTES + C_BYTES, POINT_BYTES + C_BYTES + S_BYTES));
  if (s >= L) return "s-not-reduced";
  return { gamma, gammaBytes, cBytes, c: leToBigint(cBytes), s };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** The intermediate values of one proof, as RFC 9381 Appendix B lists them. */
interface ProofSteps {
  readonly x: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly h: Uint8Array;
  readonly ctr: number;
  /** k_string: the 64-byte SHA-512 output before reduction mod L. */
  readonly k: Uint8Array;
  readonly u: Uint8Array;
  readonly v: Uint8Array;
  readonly pi: Uint8Array;
}

/** ECVRF_prove (section 5.1). */
function proveSteps(seed: Uint8Array, alpha: Uint8Array): ProofSteps {
  const sk = expandSeed(seed);
  // A string or number array would otherwise be coerced byte by byte into a proof of some other input.
  if (!isBytes(alpha)) throw new TypeError("VRF alpha must be a Uint8Array");
  const h = encodeToCurve(sk.publicKey, alpha);
  const gamma = h.point.multiply(sk.x);
  // ECVRF_nonce_generation_RFC8032 (section 5.4.2.2).
  const kString = sha512(concat(sk.nonceKey, h.bytes));
  const k = leToBigint(kString) % L;
  const u = BASE.multiply(k).toBytes();
  const v = h.point.multiply(k).toBytes();
  const gammaBytes = gamma.toBytes();
  const cBytes = challenge(sk.publicKey, h.bytes, gammaBytes, u, v);
  const s = (k + leToBigint(cBytes) * sk.x) % L;
  return {
    x: sk.xBytes,
    publicKey: sk.publicKey,
    h: h.bytes,
    ctr: h.ctr,
    k: kString,
    u,
    v,
    pi: concat(gammaBytes, cBytes, bigintToLe(s, S_BYTES)),
  };
}

interface VerifySteps {
  readonly h: Uint8Array;
  readonly u: Uint8Array;
  readonly v: Uint8Array;
  readonly beta: Uint8Array | null;
}

/** ECVRF_verify (section 5.3) with validate_key; `undefined` when rejected before U and V exist. */
function verifySteps(publicKey: unknown, proof: unknown, alpha: unknown): VerifySteps | undefined {
  if (!isBytes(publicKey, VRF_PUBLIC_KEY_BYTES) || !isBytes(proof, VRF_PROOF_BYTES) || !isBytes(alpha)) {
    return undefined;
  }
  // ECVRF_validate_key (section 5.4.5). Canonical decoding makes PK_string = point_to_string(Y).
  const y = decodePoint(publicKey);
  if (y === undefined || y.isSmallOrder()) return undefined;
  const decoded = decodeProof(proof);
  if (typeof decoded !== "object") return undefined;
  const { gamma, gammaBytes, cBytes, c, s } = decoded;
  const h = encodeToCurve(publicKey, alpha);
  // Public data only, so the faster variable-time multiplications are fine; both allow a zero scalar.
  // U uses the base point's precomputed table for s*B. V is one Straus-Shamir walk over s*H + c*(-Gamma):
  // the two products share their doublings, half the cost of two multiplications (H is new per input, so
  // it has no table); it is the largest part of a verification.
  const u = BASE.multiplyUnsafe(s).subtract(y.multiplyUnsafe(c)).toBytes();
  const v = mulAddUnsafe(Point, [h.point, gamma.negate()], [s, c]).toBytes();
  const expected = challenge(publicKey, h.bytes, gammaBytes, u, v);
  return { h: h.bytes, u, v, beta: equalBytes(expected, cBytes) ? gammaToHash(gamma) : null };
}

/** The VRF public key of a 32-byte seed: the same bytes as the ed25519 public key of that seed. */
export function vrfPublicKey(secretSeed: Uint8Array): Uint8Array {
  return expandSeed(secretSeed).publicKey;
}

/** The 80-byte proof pi = Gamma (32) ‖ c (16) ‖ s (32) for input alpha. Deterministic. */
export function vrfProve(secretSeed: Uint8Array, alpha: Uint8Array): Uint8Array {
  return proveSteps(secretSeed, alpha).pi;
}

/**
 * ECVRF_proof_to_hash (section 5.2): the 64-byte output beta of a proof. Does not check the proof against a
 * key (use `vrfVerify` for that); throws VRF_BAD_PROOF when pi is malformed.
 */
export function vrfProofToHash(proof: Uint8Array): Uint8Array {
  if (!isBytes(proof)) throw new VrfError("VRF_BAD_PROOF", "VRF proof must be a byte array");
  const decoded = decodeProof(proof);
  if (typeof decoded !== "object") {
    throw new VrfError("VRF_BAD_PROOF", `malformed VRF proof (${decoded})`, {
      length: proof.length,
      reason: decoded,
    });
  }
  return gammaToHash(decoded.gamma);
}

/** beta when `proof` is a valid proof for `alpha` under `publicKey`, else null. Never throws. */
export function vrfVerify(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array): Uint8Array | null {
  try {
    return verifySteps(publicKey, proof, alpha)?.beta ?? null;
  } catch {
    // Only reachable through broken invariants (e.g. a mutated array); invalid is the safe answer.
    return null;
  }
}

/**
 * Intermediate values for the RFC 9381 Appendix B known-answer tests. Not part of the stable surface.
 * @internal
 */
export const vrfInternals = {
  proveSteps,
  verifySteps,
  encodeToCurve: (publicKey: Uint8Array, alpha: Uint8Array): { h: Uint8Array; ctr: number } => {
    const { bytes, ctr } = encodeToCurve(publicKey, alpha);
    return { h: bytes, ctr };
  },
} as const;
