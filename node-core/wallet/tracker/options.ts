// Options and modules of the wallet tracker and its scans, with defaults and range checks.
import type { Clock } from "../../consensus/index.js";
import { DEFAULT_SNOWBALL_OPTIONS } from "../../consensus/snowball/index.js";
import type { ChainView } from "../../db/index.js";
import type { Logger } from "../../util/index.js";
import type { HdAccount } from "../accounts/index.js";
import type { ScanCheckpointStore } from "./checkpoint.js";
import { TrackerError } from "./errors.js";

/**
 * Blocks a reward output waits before it may be spent. The consensus parameters have no reward maturity
 * (params/ defines none and the kernel spends rewards at once), so the default is 0 and `immature` stays 0;
 * the option exists so the balance follows if the network ever adds one.
 */
export const DEFAULT_REWARD_MATURITY = 0n;
/** Blocks between checkpoint saves during a scan. */
export const DEFAULT_CHECKPOINT_EVERY = 1_000;
/** Blocks between progress events during a scan (the last block of a scan always reports). */
export const DEFAULT_PROGRESS_EVERY = 100;
/**
 * A watching account's window is running out when a payment leaves fewer than this many derived addresses
 * past its gap window (the wallet service derives 200 at load).
 */
export const DEFAULT_LOW_WATER = 50;

export interface WalletTrackerOptions {
  /** Snowball's beta, for statuses of transactions in blocks (default: the node's default, 20). */
  readonly beta?: number;
  readonly rewardMaturity?: bigint;
  readonly lowWater?: number;
}

export interface ResolvedWalletTrackerOptions {
  readonly beta: number;
  readonly rewardMaturity: bigint;
  readonly lowWater: number;
}

export interface WalletTrackerModules {
  readonly account: HdAccount;
  /** The only door to the chain. */
  readonly view: ChainView;
  /** The only door to time (first sight of a pool transaction, time to finality). */
  readonly clock: Clock;
  /** For the EventHub: a listener that throws is reported here. */
  readonly logger: Logger;
}

export interface ScanOptions {
  /** First height to scan (the wallet's birthday; 0 scans from genesis). */
  readonly birthday: bigint;
  /** Where progress is saved; null scans without saving (nothing to resume). */
  readonly store: ScanCheckpointStore | null;
  readonly checkpointEvery?: number;
  readonly progressEvery?: number;
  /** Aborting stops the scan at the next block, after saving where it stopped. */
  readonly signal?: AbortSignal;
  /** Drop the saved checkpoint first and scan from the birthday (the window grew: earlier blocks may pay it). */
  readonly fresh?: boolean;
}

export function resolveWalletTrackerOptions(opts: WalletTrackerOptions): ResolvedWalletTrackerOptions {
  const beta = opts.beta ?? DEFAULT_SNOWBALL_OPTIONS.beta;
  const rewardMaturity = opts.rewardMaturity ?? DEFAULT_REWARD_MATURITY;
  if (!Number.isInteger(beta) || beta < 1) throw badOption("beta", beta);
  if (typeof rewardMaturity !== "bigint" || rewardMaturity < 0n)
    throw badOption("rewardMaturity", rewardMaturity);
  const lowWater = opts.lowWater ?? DEFAULT_LOW_WATER;
  if (!Number.isInteger(lowWater) || lowWater < 0 || lowWater > 100_000)
    throw badOption("lowWater", lowWater);
  return { beta, rewardMaturity, lowWater };
}

export function checkScanOptions(
  opts: ScanOptions,
): Required<Omit<ScanOptions, "signal" | "store" | "fresh">> {
  const checkpointEvery = opts.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
  const progressEvery = opts.progressEvery ?? DEFAULT_PROGRESS_EVERY;
  if (typeof opts.birthday !== "bigint" || opts.birthday < 0n) throw badOption("birthday", opts.birthday);
  if (!Number.isInteger(checkpointEvery) || checkpointEvery < 1)
    throw badOption("checkpointEvery", checkpointEvery);
  if (!Number.isInteger(progressEvery) || progressEvery < 1) throw badOption("progressEvery", progressEvery);
  return { birthday: opts.birthday, checkpointEvery, progressEvery };
}

function badOption(option: string, actual: unknown): TrackerError<"TRACKER_BAD_OPTIONS"> {
  return new TrackerError("TRACKER_BAD_OPTIONS", `the tracker option ${option} is out of range`, {
    option,
    actual: String(actual),
  });
}
