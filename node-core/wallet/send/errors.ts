// Errors of wallet sending: one class with a machine-readable code and a typed payload per code, so the UI
// and RPC can say exactly what is wrong with an address, an amount, a coin choice or a masternode request.
// Amounts in payloads are decimal strings of sat (JSON has no bigint); messages speak TIME. Nothing here
// ever carries a key or a seed.
import { NodeCoreError } from "../../util/errors.js";

/** What is wrong with a typed recipient address. */
export type AddressProblem =
  | "empty"
  /** Does not start with "TIME0" or "TIME1". */
  | "bad-prefix"
  /** An address of another network (the digit after "TIME"). */
  | "wrong-network"
  /** A character outside Base58 (0, O, I, l, spaces, punctuation). */
  | "bad-characters"
  /** Too short or too long to hold a payload and its checksum. */
  | "wrong-length"
  /** The checksum does not match: a mistyped or swapped character. */
  | "bad-checksum";

/** What is wrong with a typed amount. */
export type AmountProblem =
  | "empty"
  | "not-a-number"
  | "negative"
  | "too-many-decimals"
  | "zero"
  | "below-dust"
  | "too-large";

export interface SendErrorPayloads {
  /** The recipient text is not an address of the active network; `position` is 1-based when known. */
  SEND_BAD_ADDRESS: {
    readonly problem: AddressProblem;
    readonly position?: number;
    readonly addressNetwork?: string;
    readonly expectedNetwork?: string;
  };
  /** The amount text is not a payable TIME amount. */
  SEND_BAD_AMOUNT: { readonly problem: AmountProblem; readonly minimumSat?: string };
  /** A payment request breaks a rule before any coin is chosen (no recipient, dust output, too many outputs). */
  SEND_BAD_REQUEST: { readonly rule: string; readonly outputIndex?: number };
  /** The usable coins cannot pay the outputs and the fee. */
  SEND_INSUFFICIENT_FUNDS: {
    /** Total of the coins this spend may use. */
    readonly spendableSat: string;
    /** Outputs plus the minimum fee with every usable coin spent. */
    readonly neededSat: string;
    /** Held in coins not yet final, left out because the request did not allow them. */
    readonly notFinalSat: string;
  };
  /** Paying needs more inputs than fit in MAX_TX_BYTES: consolidate coins first (send some to yourself). */
  SEND_TOO_MANY_INPUTS: { readonly inputsNeeded: number; readonly maxInputs: number };
  /** An outpoint given for manual coin control cannot be used; `reason` says why. */
  SEND_COIN_UNAVAILABLE: {
    readonly outpoint: string;
    readonly reason: "unknown-or-spent" | "locked-collateral" | "not-final" | "duplicate" | "reserved";
  };
  /** A masternode request breaks a rule of the kernel (checked here so the user learns it before signing). */
  SEND_MASTERNODE_RULE: { readonly rule: string; readonly expected?: string; readonly actual?: string };
  /** signPlan's key source gave a key that does not own the address it was asked for. */
  SEND_WRONG_KEY: { readonly role: "input" | "collateral" | "operator"; readonly index?: number };
  /** A signature made here did not verify (a public key that does not belong to the secret given). */
  SEND_SIGNING_FAILED: { readonly role: "input" | "collateral" | "operator"; readonly index?: number };
}

export type SendErrorCode = keyof SendErrorPayloads;

export class SendError<C extends SendErrorCode = SendErrorCode> extends NodeCoreError<C, SendErrorPayloads> {
  override name = "SendError";
}

export function isSendError(value: unknown): value is SendError {
  return value instanceof SendError;
}
