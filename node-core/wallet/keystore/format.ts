// The keystore file format, version 1 (FORMAT.md is its specification): the document's fields, the
// associated data the two GCM boxes are bound to, the canonical JSON text with its SHA-256 checksum, and the
// decoder that checks a file in order from cheap to dear so that damage is told apart from a wrong password
// before any Argon2 runs: size, marker, JSON, canonical text, checksum, version, fields. Nothing here knows
// passwords or keys; keystore.ts does the cryptography around it.
import { createHash } from "node:crypto";
import { GCM_NONCE_BYTES, GCM_TAG_BYTES } from "./aead.js";
import { type CorruptedPart, KeystoreError, type MalformedReason } from "./errors.js";
import { ARGON2_VERSION, type KdfParams } from "./kdf.js";
import { SECRETS_LIMITS } from "./secrets.js";

export const KEYSTORE_FORMAT = "timecoin-keystore";
export const KEYSTORE_VERSION = 1;
export const KDF_ID = "argon2id";
export const SALT_BYTES = 32;
export const WALLET_ID_BYTES = 16;
/** The wrapped data key: 32 bytes of AES-256-GCM ciphertext and its 16-byte tag. */
export const WRAPPED_KEY_BYTES = 32 + GCM_TAG_BYTES;

/** Larger files are refused unread: the payload cap in base64 plus room for the header. */
export const MAX_KEYSTORE_FILE_BYTES =
  Math.ceil(((SECRETS_LIMITS.payloadBytes + GCM_TAG_BYTES) * 4) / 3) + 4096;

/** The marker is looked for in this many leading bytes. */
const MARKER_WINDOW = 256;
const MARKER = new TextEncoder().encode(`"${KEYSTORE_FORMAT}"`);

export interface KdfRecord extends KdfParams {
  readonly salt: Uint8Array;
}

/** Everything the associated data binds: version, wallet id, KDF id and parameters, salt. */
export interface KeystoreHeader {
  readonly walletId: string;
  readonly kdf: KdfRecord;
}

/** One AES-256-GCM encryption: its nonce and ciphertext ‖ tag. */
export interface SealedBox {
  readonly nonce: Uint8Array;
  readonly sealed: Uint8Array;
}

export interface KeystoreDocument {
  readonly header: KeystoreHeader;
  /** The data key sealed under the password key. */
  readonly wrappedKey: SealedBox;
  /** The WalletSecrets payload sealed under the data key. */
  readonly payload: SealedBox;
}

export type AadRole = "wrapped-key" | "payload";

/** The header as the compact JSON the associated data carries (FORMAT.md, "Associated data"). */
function headerJson(header: KeystoreHeader): string {
  return JSON.stringify({
    format: KEYSTORE_FORMAT,
    version: KEYSTORE_VERSION,
    walletId: header.walletId,
    kdf: {
      id: KDF_ID,
      version: ARGON2_VERSION,
      memoryKiB: header.kdf.memoryKiB,
      iterations: header.kdf.iterations,
      parallelism: header.kdf.parallelism,
      salt: toHex(header.kdf.salt),
    },
  });
}

/** The associated data of the wrapped key or of the payload: a role line, then the header JSON. */
export function headerAad(header: KeystoreHeader, role: AadRole): Uint8Array {
  return new TextEncoder().encode(`${KEYSTORE_FORMAT} ${role}\n${headerJson(header)}`);
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** The one text form of a JSON value: two-space indentation, members in order, a final newline. */
function canonicalText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function checksumOf(body: unknown): string {
  return createHash("sha256").update(canonicalText(body), "utf8").digest("hex");
}

/** The file's bytes: the canonical text of the document with its checksum as the last member. */
export function encodeKeystoreFile(doc: KeystoreDocument): Uint8Array {
  const body = {
    format: KEYSTORE_FORMAT,
    version: KEYSTORE_VERSION,
    walletId: doc.header.walletId,
    kdf: {
      id: KDF_ID,
      version: ARGON2_VERSION,
      memoryKiB: doc.header.kdf.memoryKiB,
      iterations: doc.header.kdf.iterations,
      parallelism: doc.header.kdf.parallelism,
      salt: toHex(doc.header.kdf.salt),
    },
    wrappedKey: { nonce: toHex(doc.wrappedKey.nonce), ciphertext: toHex(doc.wrappedKey.sealed) },
    payload: {
      nonce: toHex(doc.payload.nonce),
      ciphertext: Buffer.from(doc.payload.sealed).toString("base64"),
    },
  };
  return new TextEncoder().encode(canonicalText({ ...body, checksum: checksumOf(body) }));
}

function corrupted(path: string, part: CorruptedPart): KeystoreError<"KEYSTORE_CORRUPTED"> {
  const what: Record<CorruptedPart, string> = {
    empty: "the file is empty",
    json: "the file is not readable JSON any more",
    encoding: "the file's text was changed",
    checksum: "the file's checksum does not match its content",
    payload: "the encrypted payload fails its integrity check",
  };
  return new KeystoreError("KEYSTORE_CORRUPTED", `the keystore is corrupted: ${what[part]}`, { path, part });
}

function malformed(
  path: string,
  reason: MalformedReason,
  field?: string,
): KeystoreError<"KEYSTORE_MALFORMED"> {
  const what: Record<MalformedReason, string> = {
    "not-a-keystore": "this is not a TIME Coin keystore file",
    "too-large": "the file is larger than any keystore",
    field: `the keystore field ${field ?? ""} is invalid`,
    secrets: `the keystore payload field ${field ?? ""} is invalid`,
  };
  return new KeystoreError("KEYSTORE_MALFORMED", what[reason], {
    path,
    reason,
    ...(field === undefined ? {} : { field }),
  });
}

/** True when the leading bytes hold the quoted marker with at most one bit changed. */
function hasMarker(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, MARKER_WINDOW) - MARKER.length;
  for (let at = 0; at <= end; at++) {
    let flipped = 0;
    for (let i = 0; i < MARKER.length && flipped <= 1; i++) {
      let diff = (bytes[at + i] as number) ^ (MARKER[i] as number);
      while (diff !== 0) {
        flipped += diff & 1;
        diff >>>= 1;
      }
    }
    if (flipped <= 1) return true;
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks the envelope every version shares (FORMAT.md, "Check order", steps 1 to 6) and returns the body:
 * the document without its checksum. Throws KEYSTORE_MALFORMED (too large, no marker) or KEYSTORE_CORRUPTED.
 */
function checkEnvelope(bytes: Uint8Array, path: string): Record<string, unknown> {
  if (bytes.length > MAX_KEYSTORE_FILE_BYTES) throw malformed(path, "too-large");
  if (bytes.length === 0) throw corrupted(path, "empty");
  if (!hasMarker(bytes)) throw malformed(path, "not-a-keystore");
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    throw corrupted(path, "json");
  }
  if (canonicalText(parsed) !== text) throw corrupted(path, "encoding");
  if (!isPlainObject(parsed)) throw corrupted(path, "json");
  const keys = Object.keys(parsed);
  const checksum = parsed.checksum;
  if (
    keys[keys.length - 1] !== "checksum" ||
    typeof checksum !== "string" ||
    !/^[0-9a-f]{64}$/.test(checksum)
  ) {
    throw corrupted(path, "checksum");
  }
  // fromEntries defines own properties, so a "__proto__" member stays a member (and fails the field checks).
  const body: Record<string, unknown> = Object.fromEntries(
    keys.slice(0, -1).map((key) => [key, parsed[key]]),
  );
  if (checksumOf(body) !== checksum) throw corrupted(path, "checksum");
  return body;
}

/** Field readers of version 1; each throws a marker error the decoder turns into KEYSTORE_MALFORMED. */
class FieldError extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

function exactKeys(field: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) throw new FieldError(field);
  const have = Object.keys(value);
  const extra = have.find((k) => !keys.includes(k));
  if (extra !== undefined) throw new FieldError(field ? `${field}.${extra}` : extra);
  const missing = keys.find((k) => !have.includes(k));
  if (missing !== undefined) throw new FieldError(field ? `${field}.${missing}` : missing);
  return value;
}

function hexField(field: string, value: unknown, bytes: number): Uint8Array {
  if (typeof value !== "string" || value.length !== bytes * 2 || !/^[0-9a-f]*$/.test(value)) {
    throw new FieldError(field);
  }
  return new Uint8Array(Buffer.from(value, "hex"));
}

function integerField(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new FieldError(field);
  }
  return value;
}

function base64Field(field: string, value: unknown, min: number, max: number): Uint8Array {
  if (typeof value !== "string" || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new FieldError(field);
  }
  const bytes = Buffer.from(value, "base64");
  // Buffer's decoder is lenient; only the one canonical spelling of the bytes is accepted.
  if (bytes.toString("base64") !== value || bytes.length < min || bytes.length > max)
    throw new FieldError(field);
  return new Uint8Array(bytes);
}

function readVersion1(body: Record<string, unknown>): KeystoreDocument {
  exactKeys("", body, ["format", "version", "walletId", "kdf", "wrappedKey", "payload"]);
  const walletId = body.walletId;
  if (typeof walletId !== "string" || !new RegExp(`^[0-9a-f]{${WALLET_ID_BYTES * 2}}$`).test(walletId)) {
    throw new FieldError("walletId");
  }
  const kdf = exactKeys("kdf", body.kdf, ["id", "version", "memoryKiB", "iterations", "parallelism", "salt"]);
  if (kdf.id !== KDF_ID) throw new FieldError("kdf.id");
  if (kdf.version !== ARGON2_VERSION) throw new FieldError("kdf.version");
  // Argon2's own bounds (RFC 9106 section 3.1); the keystore's policy (floor, ceiling) is applied later.
  const parallelism = integerField("kdf.parallelism", kdf.parallelism, 1, 2 ** 24 - 1);
  const memoryKiB = integerField("kdf.memoryKiB", kdf.memoryKiB, 8 * parallelism, 2 ** 32 - 1);
  const iterations = integerField("kdf.iterations", kdf.iterations, 1, 2 ** 32 - 1);
  const salt = hexField("kdf.salt", kdf.salt, SALT_BYTES);
  const wrapped = exactKeys("wrappedKey", body.wrappedKey, ["nonce", "ciphertext"]);
  const payload = exactKeys("payload", body.payload, ["nonce", "ciphertext"]);
  return {
    header: { walletId, kdf: { memoryKiB, iterations, parallelism, salt } },
    wrappedKey: {
      nonce: hexField("wrappedKey.nonce", wrapped.nonce, GCM_NONCE_BYTES),
      sealed: hexField("wrappedKey.ciphertext", wrapped.ciphertext, WRAPPED_KEY_BYTES),
    },
    payload: {
      nonce: hexField("payload.nonce", payload.nonce, GCM_NONCE_BYTES),
      sealed: base64Field(
        "payload.ciphertext",
        payload.ciphertext,
        GCM_TAG_BYTES,
        SECRETS_LIMITS.payloadBytes + GCM_TAG_BYTES,
      ),
    },
  };
}

/**
 * Decodes a keystore file without any key: the integrity checks, then the version, then the fields.
 * Throws KEYSTORE_MALFORMED, KEYSTORE_CORRUPTED or KEYSTORE_UNSUPPORTED_VERSION; `path` is for the errors.
 */
export function decodeKeystoreFile(bytes: Uint8Array, path: string): KeystoreDocument {
  const body = checkEnvelope(bytes, path);
  if (body.format !== KEYSTORE_FORMAT) throw malformed(path, "not-a-keystore", "format");
  const version = body.version;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) {
    throw malformed(path, "field", "version");
  }
  if (version !== KEYSTORE_VERSION) {
    throw new KeystoreError(
      "KEYSTORE_UNSUPPORTED_VERSION",
      `the keystore was written in format version ${version}; this version of the app reads version ${KEYSTORE_VERSION}`,
      { path, version, supported: KEYSTORE_VERSION },
    );
  }
  try {
    return readVersion1(body);
  } catch (err) {
    if (err instanceof FieldError) throw malformed(path, "field", err.field);
    throw err;
  }
}
