// Typed rejection reasons of the kernel. Every invalid transaction or block is reported with one of these
// codes and a payload naming the offending item, so peers can be scored and users told what went wrong.
import { NodeCoreError } from "../util/errors.js";

export type KernelErrorCode =
  | "TX_BAD_VERSION"
  | "TX_NO_INPUTS"
  | "TX_NO_OUTPUTS"
  | "TX_TOO_LARGE"
  | "TX_DUPLICATE_INPUT"
  | "TX_OUTPUT_DUST"
  | "TX_AMOUNT_OVERFLOW"
  | "TX_LOCKTIME_NOT_REACHED"
  | "TX_MISSING_INPUT"
  | "TX_LOCKED_COLLATERAL"
  | "TX_PUBKEY_MISMATCH"
  | "TX_INSUFFICIENT_FUNDS"
  | "TX_FEE_TOO_LOW"
  | "TX_BAD_SIGNATURE"
  | "MN_COLLATERAL_MISSING"
  | "MN_COLLATERAL_KEY_MISMATCH"
  | "MN_COLLATERAL_SPENT_BY_REGISTRATION"
  | "MN_ALREADY_REGISTERED"
  | "MN_NOT_REGISTERED"
  | "MN_OPERATOR_IN_USE"
  | "MN_BAD_NETWORK_ADDRESS"
  | "MN_PAYOUT_UNCHANGED"
  | "BLOCK_BAD_VERSION"
  | "BLOCK_WRONG_CHAIN"
  | "BLOCK_BAD_HEIGHT"
  | "BLOCK_BAD_PARENT"
  | "BLOCK_TOO_LARGE"
  | "BLOCK_NO_TRANSACTIONS"
  | "BLOCK_BAD_REWARD"
  | "BLOCK_REWARD_TOO_HIGH"
  | "BLOCK_UNSORTED"
  | "BLOCK_DUPLICATE_TX"
  | "BLOCK_DOUBLE_SPEND"
  | "BLOCK_CONFLICTING_MASTERNODE_OPS"
  | "BLOCK_BAD_MERKLE_ROOT"
  | "BLOCK_BAD_WITNESS_ROOT"
  | "BLOCK_BAD_EXTRAS_HASH"
  | "BLOCK_BAD_GENESIS";

export interface KernelErrorDetails {
  /** Index of the offending transaction in its block, when checking a block. */
  readonly txIndex?: number;
  /** txid hex of the offending transaction. */
  readonly txid?: string;
  /** Input or output index inside the transaction. */
  readonly inputIndex?: number;
  readonly outputIndex?: number;
  /** Outpoint "txid:index" involved. */
  readonly outpoint?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export class KernelError extends NodeCoreError<KernelErrorCode, Record<KernelErrorCode, KernelErrorDetails>> {
  override readonly name = "KernelError";

  constructor(code: KernelErrorCode, message: string, details: KernelErrorDetails = {}) {
    super(code, `${code}: ${message}`, details);
  }

  /** The payload, under the name this module has always used. */
  get details(): KernelErrorDetails {
    return this.payload;
  }

  /** The same error with block-level context added. */
  withDetails(extra: KernelErrorDetails): KernelError {
    const err = new KernelError(this.code, this.message.slice(this.code.length + 2), {
      ...this.details,
      ...extra,
    });
    return err;
  }
}
