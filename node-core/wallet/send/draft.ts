// Unsigned drafts: a transaction with zero public keys and zero signatures in every witness. Every field of
// the encoding is fixed-width or length-prefixed, so a draft has exactly the size of the signed transaction
// and the fee for that size is known before any key is asked for.
import { TX_VERSION } from "../../params/index.js";
import type { OutPoint, SpecialPayload, Transaction, TxOutput } from "../../types/index.js";

export const ZERO_PUBLIC_KEY: Uint8Array = new Uint8Array(32);
export const ZERO_SIGNATURE: Uint8Array = new Uint8Array(64);

export function draftTransaction(
  inputs: readonly OutPoint[],
  outputs: readonly TxOutput[],
  special: SpecialPayload | null,
): Transaction {
  return {
    version: TX_VERSION,
    inputs: inputs.map((prevout) => ({ prevout, publicKey: ZERO_PUBLIC_KEY, signature: ZERO_SIGNATURE })),
    outputs,
    lockTime: 0n,
    special,
  };
}
