// Errors of the wallet service: which wallet, and why a call cannot go ahead (not loaded, locked, ambiguous
// name, bad mnemonic, closed). Payloads carry wallet names and counts, never passwords, mnemonics or keys.
// Keystore, account, tracker and send errors pass through unchanged with their own codes.
import { NodeCoreError } from "../../util/errors.js";

export interface WalletServiceErrorPayloads {
  WALLET_BAD_OPTIONS: { readonly option: string; readonly actual: string };
  /** No loaded wallet of that name. */
  WALLET_NOT_LOADED: { readonly name: string };
  WALLET_ALREADY_LOADED: { readonly name: string };
  /** Several wallets are loaded and the call named none (or none is loaded). */
  WALLET_NOT_SPECIFIED: { readonly loaded: readonly string[] };
  /** Signing or changing the secrets needs the wallet unlocked (walletpassphrase). */
  WALLET_LOCKED: { readonly name: string };
  /** The mnemonic is not a valid BIP-39 phrase; `problem` says why (never the words). */
  WALLET_BAD_MNEMONIC: { readonly problem: string };
  WALLET_BAD_TIMEOUT: { readonly actual: string; readonly maxMs: number };
  WALLET_CLOSED: Record<string, never>;
  /** A BIP-329 label file that cannot be imported; `line` is 1-based (0: the file as a whole). */
  WALLET_BAD_LABELS: { readonly line: number; readonly problem: string };
}

export type WalletServiceErrorCode = keyof WalletServiceErrorPayloads;

export class WalletServiceError<
  C extends WalletServiceErrorCode = WalletServiceErrorCode,
> extends NodeCoreError<C, WalletServiceErrorPayloads> {
  override name = "WalletServiceError";
}

export function isWalletServiceError(value: unknown): value is WalletServiceError {
  return value instanceof WalletServiceError;
}
