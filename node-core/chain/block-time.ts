// The timestamp rule of block import. A header's timestamp is the start of a TSDC slot (slots of the
// block interval counted from the genesis timestamp), strictly later than its parent's, and at most
// MAX_BLOCK_FUTURE_MS ahead of the local clock. Without it a syncing node accepted certified blocks
// stamped 0 or 2^64 - 1, and every later block (strictly increasing) would have to follow the bogus one.
// Pure: the caller passes the local time, read from its injected Clock. All arithmetic is bigint, so no
// u64 timestamp loses precision.
import type { ChainErrorCode } from "./errors.js";

export interface BlockTimeRules {
  readonly genesisTimestamp: bigint;
  readonly blockIntervalMs: number;
  readonly maxFutureMs: number;
}

export interface BlockTimeFault {
  readonly code: Extract<ChainErrorCode, `CHAIN_TIMESTAMP_${string}`>;
  readonly message: string;
  readonly expected: string;
  readonly actual: string;
}

/** Null when `timestamp` may follow a parent stamped `parentTimestamp` at local time `nowMs`, else why not. */
export function blockTimeFault(
  timestamp: bigint,
  parentTimestamp: bigint,
  nowMs: number,
  rules: BlockTimeRules,
): BlockTimeFault | null {
  const interval = BigInt(rules.blockIntervalMs);
  const sinceGenesis = timestamp - rules.genesisTimestamp;
  if (sinceGenesis < 0n || sinceGenesis % interval !== 0n) {
    return {
      code: "CHAIN_TIMESTAMP_NOT_SLOT_START",
      message: "the timestamp is not the start of a slot after genesis",
      expected: `${rules.genesisTimestamp} + k * ${interval}`,
      actual: timestamp.toString(),
    };
  }
  if (timestamp <= parentTimestamp) {
    return {
      code: "CHAIN_TIMESTAMP_NOT_AFTER_PARENT",
      message: "the timestamp is not later than the parent's",
      expected: `> ${parentTimestamp}`,
      actual: timestamp.toString(),
    };
  }
  // Floor of the local time: a fractional clock reading must not widen the bound.
  const limit = BigInt(Math.floor(nowMs)) + BigInt(rules.maxFutureMs);
  if (timestamp > limit) {
    return {
      code: "CHAIN_TIMESTAMP_IN_FUTURE",
      message: `the timestamp is more than ${rules.maxFutureMs} ms ahead of the local clock`,
      expected: `<= ${limit}`,
      actual: timestamp.toString(),
    };
  }
  return null;
}
