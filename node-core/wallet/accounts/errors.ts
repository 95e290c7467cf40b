// Errors of HD accounts: a code and a typed payload per refusal. Payloads name options, chains and indices
// (never seeds or private keys); an address payload in hex is public and may be reported.
import { NodeCoreError } from "../../util/errors.js";

export interface AccountErrorPayloads {
  /** An option is out of range; `option` names it, `actual` is what was given. */
  ACCOUNT_BAD_OPTIONS: { readonly option: string; readonly actual: string };
  /** The seed is not the 64 bytes a BIP-39 mnemonic gives (its content is never reported). */
  ACCOUNT_BAD_SEED: { readonly length: number };
  /** The address payload is not one this account has derived. */
  ACCOUNT_NOT_OWNED: { readonly payload: string };
  /** Addresses offered by another account (other seed or account index) than this one. */
  ACCOUNT_OTHER_SEED: { readonly account: number };
  /** wipe() was called: the key material is gone, derive a new account from the seed. */
  ACCOUNT_WIPED: { readonly account: number };
}

export type AccountErrorCode = keyof AccountErrorPayloads;

export class AccountError<C extends AccountErrorCode = AccountErrorCode> extends NodeCoreError<
  C,
  AccountErrorPayloads
> {
  override name = "AccountError";
}

export function isAccountError(value: unknown): value is AccountError {
  return value instanceof AccountError;
}
