// The masternode service's one error type. Validation functions RETURN a MasternodeError as their typed
// rejection (the caller decides whether to throw it, drop a gossip message or score a peer); functions that
// cannot produce their result throw one.
import { NodeCoreError } from "../util/errors.js";

export type MasternodeErrorCode =
  // Gossiped heartbeats (HeartbeatTracker.record).
  /** The operator key is not a registered masternode. */
  | "HEARTBEAT_UNKNOWN_OPERATOR"
  /** The signature does not verify for this network's chain id. */
  | "HEARTBEAT_BAD_SIGNATURE"
  /** The same sequence as the last accepted one: a gossip echo, not misbehaviour. */
  | "HEARTBEAT_DUPLICATE"
  /** A sequence below the last accepted one (a replay or a confused sender). */
  | "HEARTBEAT_STALE_SEQUENCE"
  /** Signed with a timestamp too far ahead of this node's clock. */
  | "HEARTBEAT_FROM_FUTURE"
  /** Signed so long ago that it could not show the sender is alive. */
  | "HEARTBEAT_EXPIRED"
  /** A new heartbeat sooner after the last accepted one than the interval allows (spam guard). */
  | "HEARTBEAT_TOO_FREQUENT"
  // Heartbeats carried in a block (consensus rules).
  | "BLOCK_HEARTBEATS_TOO_MANY"
  /** Not strictly ascending by operator key (which also rules out two from one operator). */
  | "BLOCK_HEARTBEATS_UNSORTED"
  | "BLOCK_HEARTBEAT_UNREGISTERED"
  | "BLOCK_HEARTBEAT_BAD_SIGNATURE"
  /** Height outside [parentHeight - window, parentHeight]. */
  | "BLOCK_HEARTBEAT_OUT_OF_WINDOW"
  // Block rewards (consensus rules).
  /** The block's proposer is not a masternode registered at the parent state. */
  | "REWARD_UNKNOWN_PROPOSER"
  /** The reward would need more than MAX_TX_OUTPUTS outputs. */
  | "REWARD_TOO_MANY_OUTPUTS"
  /** The block's reward transaction differs from the one the rules give. */
  | "REWARD_MISMATCH"
  /** Inputs no reward can be computed from (height 0, negative fees). */
  | "REWARD_BAD_INPUT"
  /** An ancestor the reward window needs is not in the store (a storage fault, not a verdict on a block). */
  | "REWARD_WINDOW_UNAVAILABLE"
  // Registry bookkeeping.
  /** Two registered masternodes with one operator key (the kernel never allows it: corrupt input). */
  | "REGISTRY_DUPLICATE_OPERATOR"
  /** connect/disconnect at a height that does not follow the registry's tip. */
  | "REGISTRY_HEIGHT_MISMATCH"
  /** A change's `before` does not match the record the registry holds. */
  | "REGISTRY_INCONSISTENT"
  // Configuration.
  | "OPTIONS_INVALID";

export interface MasternodeErrorDetails {
  /** Operator key hex (public data). */
  readonly operator?: string;
  /** Index of the offending heartbeat in its block. */
  readonly heartbeatIndex?: number;
  /** Index of the first differing reward output. */
  readonly outputIndex?: number;
  /** Which part of the reward transaction differs ("version", "inputs", "lockTime", "special", "outputs"). */
  readonly field?: string;
  /** Collateral outpoint "txid:index". */
  readonly outpoint?: string;
  readonly option?: string;
  readonly expected?: string;
  readonly actual?: string;
}

export class MasternodeError extends NodeCoreError<
  MasternodeErrorCode,
  Record<MasternodeErrorCode, MasternodeErrorDetails>
> {
  override readonly name = "MasternodeError";

  constructor(code: MasternodeErrorCode, message: string, details: MasternodeErrorDetails = {}) {
    super(code, `${code}: ${message}`, details);
  }

  /** The payload, under the name this module has always used. */
  get details(): MasternodeErrorDetails {
    return this.payload;
  }
}

export function isMasternodeError(value: unknown): value is MasternodeError {
  return value instanceof MasternodeError;
}
