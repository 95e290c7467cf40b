// The chain service's one error type: why a certified block was refused before it reached storage, or why
// a rollback was refused. Kernel rule violations keep the kernel's KernelError and store failures the
// backend's DbError; consensus-level reasons (certificate, proposer, heartbeats, reward, finalized
// conflicts) are ChainErrors carrying the checker's own fault code in `reason`.
import { NodeCoreError } from "../util/errors.js";

export type ChainErrorCode =
  /** init() has not connected genesis yet. */
  | "CHAIN_NOT_INITIALIZED"
  /** The backend holds a chain with another genesis block. */
  | "CHAIN_WRONG_GENESIS"
  /** The block is already in the active chain. */
  | "CHAIN_KNOWN_BLOCK"
  /** The block does not extend the tip (wrong height or parent). */
  | "CHAIN_NOT_CHILD_OF_TIP"
  | "CHAIN_MISSING_CERTIFICATE"
  /** The header timestamp is not the start of a slot at or after genesis (block-time.ts). */
  | "CHAIN_TIMESTAMP_NOT_SLOT_START"
  /** The header timestamp is not strictly later than the parent's. */
  | "CHAIN_TIMESTAMP_NOT_AFTER_PARENT"
  /** The header timestamp is more than MAX_BLOCK_FUTURE_MS ahead of the local clock. */
  | "CHAIN_TIMESTAMP_IN_FUTURE"
  /** The block's certificate is not > 2/3 valid precommits of the parent state's voting set. */
  | "CHAIN_BAD_CERTIFICATE"
  /** The certificate the block carries for its parent is absent, extra, or not valid for the parent. */
  | "CHAIN_BAD_PREVIOUS_CERTIFICATE"
  /** The proposer is not a validator of the parent state or its VRF proof is invalid. */
  | "CHAIN_BAD_PROPOSER"
  | "CHAIN_BAD_HEARTBEATS"
  /** The reward transaction is not exactly the one computed from chain data. */
  | "CHAIN_BAD_REWARD"
  /** The block holds a transaction conflicting with one this node finalized. */
  | "CHAIN_CONFLICTS_FINALIZED"
  /** Rollback deeper than MAX_REORG_DEPTH. */
  | "CHAIN_REORG_TOO_DEEP"
  /** Rollback target above the tip or negative. */
  | "CHAIN_BAD_HEIGHT"
  /** init, importBlock or rollbackTo called after close(). */
  | "CHAIN_CLOSED";

/** A checker's verdict: its own fault code and message. */
export interface FaultReason {
  readonly code: string;
  readonly message: string;
}

export interface ChainErrorDetails {
  readonly height?: string;
  /** Hash of the block concerned, hex. */
  readonly blockHash?: string;
  /** The fault the certificate, proposer, heartbeat or reward checker reported. */
  readonly reason?: FaultReason;
  /** CHAIN_CONFLICTS_FINALIZED: the shared conflict key, the block's transaction and the finalized one. */
  readonly key?: string;
  readonly txid?: string;
  readonly finalizedTxid?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export class ChainError extends NodeCoreError<ChainErrorCode, Record<ChainErrorCode, ChainErrorDetails>> {
  override readonly name = "ChainError";

  constructor(code: ChainErrorCode, message: string, details: ChainErrorDetails = {}) {
    super(code, `${code}: ${message}`, details);
  }

  /** The payload, under the name this module has always used. */
  get details(): ChainErrorDetails {
    return this.payload;
  }
}

export function isChainError(value: unknown): value is ChainError {
  return value instanceof ChainError;
}
