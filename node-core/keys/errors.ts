// Errors of the keys layer: one base class carrying a machine-readable `code` and a typed payload, and one
// subclass per concept (mnemonic, key path and seed, address) so callers can catch just the family they
// handle. Messages are plain English meant for a user; they never contain mnemonic words or key material.
import { NodeCoreError } from "../util/errors.js";

export type MnemonicErrorCode = "MNEMONIC_BAD_LENGTH" | "MNEMONIC_BAD_WORD" | "MNEMONIC_BAD_CHECKSUM";

export type KeyPathErrorCode =
  | "KEYPATH_BAD_SYNTAX"
  | "KEYPATH_NOT_HARDENED"
  | "KEYPATH_INDEX_RANGE"
  | "KEYPATH_BAD_SEED"
  | "KEYPATH_BAD_KEY";

export type AddressErrorCode =
  | "ADDRESS_BAD_PREFIX"
  | "ADDRESS_WRONG_NETWORK"
  | "ADDRESS_BAD_BASE58"
  | "ADDRESS_BAD_LENGTH"
  | "ADDRESS_BAD_CHECKSUM"
  | "ADDRESS_BAD_PAYLOAD"
  | "ADDRESS_BAD_PUBLIC_KEY";

export type KeysErrorCode = MnemonicErrorCode | KeyPathErrorCode | AddressErrorCode;

/** Details a caller may use to point at the problem (never secret material). */
export interface KeysErrorPayload {
  /** 1-based position of the offending word (mnemonic) or character (address). */
  readonly position?: number;
  readonly wordCount?: number;
  readonly length?: number;
  readonly index?: number;
  readonly segment?: string;
  /** The network the address was written for, when its digit is known. */
  readonly addressNetwork?: string;
  readonly expectedNetwork?: string;
}

export class KeysError<C extends KeysErrorCode = KeysErrorCode> extends NodeCoreError<
  C,
  Record<KeysErrorCode, KeysErrorPayload>
> {
  constructor(code: C, message: string, payload: KeysErrorPayload = {}) {
    super(code, message, payload);
    this.name = new.target.name;
  }
}

export class MnemonicError extends KeysError<MnemonicErrorCode> {}
export class KeyPathError extends KeysError<KeyPathErrorCode> {}
export class AddressError extends KeysError<AddressErrorCode> {}

export function isKeysError(value: unknown): value is KeysError {
  return value instanceof KeysError;
}
