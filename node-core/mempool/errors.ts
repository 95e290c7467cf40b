// The mempool's one error type. Transactions that break a kernel rule are rejected with the kernel's own
// KernelError (its code says which rule); MempoolError covers what is about the pool itself.
import { NodeCoreError } from "../util/errors.js";

export type MempoolErrorCode =
  /** The transaction is already in the pool. */
  | "MEMPOOL_DUPLICATE"
  /** It conflicts with a transaction this node has finalized: Snowball has decided that set already. */
  | "MEMPOOL_CONFLICTS_FINAL"
  /** The pool is at its limits and the transaction pays too little per byte to displace anything. */
  | "MEMPOOL_FULL"
  /** markFinal (or another lookup that must succeed) named a transaction that is not in the pool. */
  | "MEMPOOL_UNKNOWN_TX"
  /** The backend holds no chain yet (genesis not connected). */
  | "MEMPOOL_NO_CHAIN"
  /** The chain moved under every validation attempt (only under a storm of blocks). */
  | "MEMPOOL_BUSY"
  /** Options out of range. */
  | "MEMPOOL_BAD_OPTIONS"
  /** A change (add, markFinal, selectForBlock, ...) asked of a closed pool. */
  | "MEMPOOL_CLOSED";

export interface MempoolErrorDetails {
  /** txid hex of the transaction concerned. */
  readonly txid?: string;
  /** txid hex of the pool transaction it conflicts with. */
  readonly conflictsWith?: string;
  /** The conflict key they share (an outpoint "txid:index" or "operator:<hex>"). */
  readonly key?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export class MempoolError extends NodeCoreError<
  MempoolErrorCode,
  Record<MempoolErrorCode, MempoolErrorDetails>
> {
  override readonly name = "MempoolError";

  constructor(code: MempoolErrorCode, message: string, details: MempoolErrorDetails = {}) {
    super(code, `${code}: ${message}`, details);
  }

  /** The payload, under the name this module has always used. */
  get details(): MempoolErrorDetails {
    return this.payload;
  }
}

export function isMempoolError(value: unknown): value is MempoolError {
  return value instanceof MempoolError;
}
