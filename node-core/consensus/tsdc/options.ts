// Options of the TSDC engine: the network's slot parameters, the Tendermint timeouts (each growing by
// timeoutDeltaMs per round, so rounds eventually outlast any network delay) and the bounds on what the
// engine keeps for peers (future messages, evidence), with defaults tuned for a 50 ms one-way network.
import { TsdcError } from "./errors.js";

export interface TsdcOptions {
  /** Signed into every vote, proposal and VRF input. */
  readonly chainId: number;
  /** The TSDC slot length. */
  readonly blockIntervalMs: number;
  /** Start of slot 0: the genesis block's timestamp. */
  readonly genesisTimestampMs: number;
  /** After the candidacy window: how long a validator waits for the best candidate's proposal in round 0. */
  readonly proposeTimeoutMs: number;
  /** After > 2/3 of the weight prepared (for anything): how long to wait for a prepare quorum on one value. */
  readonly prepareTimeoutMs: number;
  /** After > 2/3 of the weight precommitted (for anything): how long before moving to the next round. */
  readonly precommitTimeoutMs: number;
  /** Added to each of the three timeouts per round. */
  readonly timeoutDeltaMs: number;
  /** From round start until the best candidate known proposes (candidacies arrive meanwhile). */
  readonly candidacyWindowMs: number;
  /** While a round lasts, own messages of the round are sent again after this long (then backing off to 4x). */
  readonly rebroadcastMs: number;
  /** A proposal whose slot starts more than this after the local clock is prepared nil. */
  readonly maxClockSkewMs: number;
  /** Messages for rounds up to current + this are kept; higher rounds only count toward round skipping. */
  readonly maxFutureRounds: number;
  /** Messages for heights up to current + this are buffered until that height starts. */
  readonly maxFutureHeights: number;
  /** Total buffered future-height messages. */
  readonly maxBufferedMessages: number;
  /** Buffered future-height messages per sending peer. */
  readonly maxBufferedPerSender: number;
  /** Equivocation records kept (the oldest are kept; later ones are counted but dropped). */
  readonly maxEvidence: number;
}

/** What the caller must give; every other option has a default. */
export type TsdcOptionsInput = Pick<TsdcOptions, "chainId" | "blockIntervalMs" | "genesisTimestampMs"> &
  Partial<TsdcOptions>;

export const DEFAULT_TSDC_TIMING = Object.freeze({
  proposeTimeoutMs: 1_000,
  prepareTimeoutMs: 500,
  precommitTimeoutMs: 500,
  timeoutDeltaMs: 250,
  candidacyWindowMs: 200,
  rebroadcastMs: 1_500,
  maxClockSkewMs: 2_000,
  maxFutureRounds: 8,
  maxFutureHeights: 2,
  maxBufferedMessages: 8_192,
  maxBufferedPerSender: 512,
  maxEvidence: 1_024,
});

const NON_NEGATIVE: readonly (keyof TsdcOptions)[] = [
  "genesisTimestampMs",
  "proposeTimeoutMs",
  "prepareTimeoutMs",
  "precommitTimeoutMs",
  "timeoutDeltaMs",
  "candidacyWindowMs",
  "maxClockSkewMs",
  "maxFutureRounds",
  "maxFutureHeights",
  "maxEvidence",
];
const POSITIVE: readonly (keyof TsdcOptions)[] = [
  "blockIntervalMs",
  "rebroadcastMs",
  "maxBufferedMessages",
  "maxBufferedPerSender",
];

/** Fills in defaults and validates every field (safe integers, ranges). */
export function resolveTsdcOptions(input: TsdcOptionsInput): TsdcOptions {
  const opts: TsdcOptions = { ...DEFAULT_TSDC_TIMING, ...input };
  const bad = (field: string, why: string): never => {
    throw new TsdcError("TSDC_BAD_OPTIONS", `${field} ${why}`, {
      field,
      value: String((opts as unknown as Record<string, unknown>)[field]),
    });
  };
  if (!Number.isInteger(opts.chainId) || opts.chainId < 0 || opts.chainId > 0xffffffff) {
    bad("chainId", "must be a u32");
  }
  for (const field of NON_NEGATIVE) {
    const v = opts[field];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0)
      bad(field, "must be a non-negative integer");
  }
  for (const field of POSITIVE) {
    const v = opts[field];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) bad(field, "must be a positive integer");
  }
  if (opts.maxBufferedPerSender > opts.maxBufferedMessages) {
    bad("maxBufferedPerSender", "must not exceed maxBufferedMessages");
  }
  return Object.freeze(opts);
}
