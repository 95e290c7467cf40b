// Errors of the wallet keystore: one class with a machine-readable code and a typed payload per code. The
// unlock refusals are distinct on purpose (a wrong password, a damaged file, a file that is not a valid
// keystore, a newer format, parameters too weak to accept) so the UI can say which one it is. Messages and
// payloads never carry passwords, mnemonics or keys; paths and field names are fine.
import { NodeCoreError } from "../../util/errors.js";

/** Which integrity check a corrupted keystore failed (see FORMAT.md, "Check order"). */
export type CorruptedPart =
  /** The file is empty: it was truncated outside this module (our saves never leave one). */
  | "empty"
  /** Not UTF-8 JSON any more. */
  | "json"
  /** Valid JSON, but not byte for byte the canonical form the writer produces. */
  | "encoding"
  /** The checksum field is missing or unreadable, or does not match the body. */
  | "checksum"
  /** The file passed its checksum and the data key opened, yet the payload's GCM tag fails. */
  | "payload";

/** Why a keystore that is intact (or not ours at all) still cannot be used. */
export type MalformedReason =
  /** No keystore marker: some other file. */
  | "not-a-keystore"
  /** Larger than any keystore this module writes. */
  | "too-large"
  /** A field is missing, of the wrong type or length, out of range, or unexpected. */
  | "field"
  /** The decrypted payload is not a WalletSecrets document. */
  | "secrets";

export interface KeystoreErrorPayloads {
  /** The password does not open the data key (the file itself passed its integrity checks). */
  KEYSTORE_WRONG_PASSWORD: { readonly path: string };
  /** The file is damaged; `part` says which check failed. */
  KEYSTORE_CORRUPTED: { readonly path: string; readonly part: CorruptedPart };
  /** Not a keystore, or a keystore whose content breaks the format; `field` names the offending field. */
  KEYSTORE_MALFORMED: { readonly path: string; readonly reason: MalformedReason; readonly field?: string };
  /** Written by a newer version of the format than this module reads. */
  KEYSTORE_UNSUPPORTED_VERSION: {
    readonly path: string;
    readonly version: number;
    readonly supported: number;
  };
  /** Argon2 parameters below the accepted floor; `Keystore.reencrypt` re-encrypts with current defaults. */
  KEYSTORE_WEAK_KDF: {
    readonly path: string;
    readonly memoryKiB: number;
    readonly iterations: number;
    readonly minMemoryKiB: number;
    readonly minIterations: number;
  };
  /** An option is out of range; `option` names it, `actual` is what was given. */
  KEYSTORE_BAD_OPTIONS: { readonly option: string; readonly actual: string };
  /** A new password is empty or too long (its content is never reported). */
  KEYSTORE_BAD_PASSWORD: { readonly reason: "empty" | "too-long"; readonly maxBytes: number };
  /** A WalletSecrets value handed to create/save breaks a rule; `field` names it. */
  KEYSTORE_BAD_SECRETS: { readonly field: string; readonly rule: string };
  /** A wallet name breaks the naming rule. */
  KEYSTORE_BAD_NAME: { readonly name: string; readonly rule: string };
  /** No keystore file at this path (or no wallet of this name). */
  KEYSTORE_NOT_FOUND: { readonly path: string };
  /** A keystore file (or a wallet whose name differs only in case) is already there. */
  KEYSTORE_EXISTS: { readonly path: string };
  /** remove() was called without the wallet's name as confirmation. */
  KEYSTORE_CONFIRM_MISMATCH: { readonly name: string };
  /** The wallet is unlocked already through this directory; use that handle (or lock it first). */
  KEYSTORE_ALREADY_UNLOCKED: { readonly name: string };
  /** The unlocked wallet was locked; unlock it again. */
  KEYSTORE_LOCKED: { readonly walletId: string };
  /** The requested Argon2 implementation cannot run here (`reason` says why). */
  KEYSTORE_KDF_UNAVAILABLE: { readonly backend: string; readonly reason: string };
  /** The Argon2 computation failed (its worker died, the native call threw). */
  KEYSTORE_KDF_FAILED: { readonly backend: string; readonly reason: string };
  /** A file system call failed; `code` is the system's error code (ENOSPC, EACCES, ...). */
  KEYSTORE_IO: { readonly path: string; readonly operation: string; readonly code: string };
}

export type KeystoreErrorCode = keyof KeystoreErrorPayloads;

export class KeystoreError<C extends KeystoreErrorCode = KeystoreErrorCode> extends NodeCoreError<
  C,
  KeystoreErrorPayloads
> {
  override name = "KeystoreError";
}

export function isKeystoreError(value: unknown): value is KeystoreError {
  return value instanceof KeystoreError;
}

/** The system error code of a failed fs call ("EIO" when there is none). */
export function systemCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "EIO";
}

/** A KEYSTORE_IO error for a failed fs call; keeps the original as the cause. */
export function ioError(path: string, operation: string, err: unknown): KeystoreError<"KEYSTORE_IO"> {
  const code = systemCode(err);
  return new KeystoreError(
    "KEYSTORE_IO",
    `the keystore file system call ${operation} failed (${code})`,
    { path, operation, code },
    { cause: err },
  );
}
