// Snowball parameters, their defaults and validation. DESIGN.md section 3 names k = 20, alpha = 14; the
// defaults are k = 40, alpha = 28: the same 70% threshold and beta, measured in the Byzantine matrix of
// `npm run bench -- consensus`. With 20% of the weight silent or voting NO, a poll of 20 draws succeeds
// 91.3% of the time and 20 successes in a row take 45 polls at the median and 220 at the 99th percentile;
// with 40 draws it succeeds 95.7% of the time and takes 25 / 99 polls, for about the same number of queries
// per decision (twice the queries per poll, half the polls). More draws at the same alpha/k also make a
// poll's YES share stick closer to the network's real preference, so safety margins only grow.
import { SnowballError } from "./errors.js";

export interface SnowballOptions {
  /** Sample size; also the denominator of the success fraction alpha/k in poll-everyone mode. */
  readonly k: number;
  /** YES answers (of k samples) for a successful poll; k/2 < alpha <= k so two conflicting txs cannot both win. */
  readonly alpha: number;
  /** Consecutive successful polls of the preference that decide a conflict set. */
  readonly beta: number;
  /** A reply not in by then counts as NO. */
  readonly queryTimeoutMs: number;
  /**
   * Polls pipelined at once. A new poll is launched as soon as a slot frees; their verdicts are applied in
   * send order per conflict set, so depth buys speed (beta successes in a row take ~beta/depth round trips)
   * without letting a slow failure be skipped.
   */
  readonly maxPollsInFlight: number;
  /**
   * Pacing when a poll cannot wait for the network: the retry interval while no validator can be polled, and
   * the gap before relaunching a slot whose poll settled at once (e.g. a node polling only itself).
   */
  readonly pollIntervalMs: number;
  /**
   * A sampled validator that has not answered after resendRttFactor x the smoothed round trip plus
   * resendVarianceFactor x its mean deviation (TCP's retransmission timer, RFC 6298: 1 and 4) is asked again.
   */
  readonly resendRttFactor: number;
  readonly resendVarianceFactor: number;
  /** Bounds of that re-send delay (the upper bound is also used before any round trip was measured). */
  readonly resendMinMs: number;
  readonly resendMaxMs: number;
  /** Re-sends per poll at most (all within the same deadline, queryTimeoutMs). */
  readonly maxResends: number;
  /**
   * A validator whose oldest query has gone unanswered for this many re-send delays (capped at
   * queryTimeoutMs) is presumed silent: polls count its draws as NO for failing early (never for success).
   * 0 disables it (unanswered validators then count as NO only at the deadline).
   */
  readonly silentAfterResendDelays: number;
  /** Txids per query; with more voting transactions, batches rotate round-robin. */
  readonly maxTxsPerQuery: number;
  /**
   * Poll-everyone mode only: after this many polls in a row with no success for any member of a contested
   * conflict set, that set's transactions are judged on a random stake-weighted sample of the answers
   * (k draws) instead of the full weight, which breaks a deterministic split that could otherwise last
   * forever (e.g. 60/40 preferences with alpha/k = 70%).
   */
  readonly stallPolls: number;
}

export const DEFAULT_SNOWBALL_OPTIONS: SnowballOptions = Object.freeze({
  k: 40,
  alpha: 28,
  beta: 20,
  queryTimeoutMs: 2_000,
  maxPollsInFlight: 16,
  pollIntervalMs: 25,
  resendRttFactor: 1,
  resendVarianceFactor: 4,
  resendMinMs: 40,
  resendMaxMs: 600,
  maxResends: 3,
  silentAfterResendDelays: 2,
  maxTxsPerQuery: 512,
  stallPolls: 4,
});

function bad(field: string, value: unknown, why: string): SnowballError {
  return new SnowballError("SNOWBALL_BAD_PARAMS", `${field} ${why} (got ${String(value)})`, {
    field,
    value: String(value),
  });
}

function positiveInteger(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw bad(field, value, "must be an integer >= 1");
}

/** Throws SnowballError("SNOWBALL_BAD_PARAMS") naming the first invalid field; returns the options. */
export function validateSnowballOptions(o: SnowballOptions): SnowballOptions {
  positiveInteger("k", o.k);
  positiveInteger("alpha", o.alpha);
  if (2 * o.alpha <= o.k || o.alpha > o.k)
    throw bad("alpha", o.alpha, `must satisfy k/2 < alpha <= k with k = ${o.k}`);
  positiveInteger("beta", o.beta);
  if (typeof o.queryTimeoutMs !== "number" || !Number.isFinite(o.queryTimeoutMs) || o.queryTimeoutMs <= 0) {
    throw bad("queryTimeoutMs", o.queryTimeoutMs, "must be a finite number > 0");
  }
  positiveInteger("maxPollsInFlight", o.maxPollsInFlight);
  if (typeof o.pollIntervalMs !== "number" || !Number.isFinite(o.pollIntervalMs) || o.pollIntervalMs <= 0) {
    throw bad("pollIntervalMs", o.pollIntervalMs, "must be a finite number > 0");
  }
  if (typeof o.resendRttFactor !== "number" || !Number.isFinite(o.resendRttFactor) || o.resendRttFactor < 1) {
    throw bad("resendRttFactor", o.resendRttFactor, "must be a finite number >= 1");
  }
  if (
    typeof o.resendVarianceFactor !== "number" ||
    !Number.isFinite(o.resendVarianceFactor) ||
    o.resendVarianceFactor < 0
  ) {
    throw bad("resendVarianceFactor", o.resendVarianceFactor, "must be a finite number >= 0");
  }
  if (typeof o.resendMinMs !== "number" || !Number.isFinite(o.resendMinMs) || o.resendMinMs <= 0) {
    throw bad("resendMinMs", o.resendMinMs, "must be a finite number > 0");
  }
  if (typeof o.resendMaxMs !== "number" || !Number.isFinite(o.resendMaxMs) || o.resendMaxMs < o.resendMinMs) {
    throw bad("resendMaxMs", o.resendMaxMs, `must be a finite number >= resendMinMs (${o.resendMinMs})`);
  }
  if (!Number.isSafeInteger(o.maxResends) || o.maxResends < 0) {
    throw bad("maxResends", o.maxResends, "must be an integer >= 0");
  }
  if (!Number.isSafeInteger(o.silentAfterResendDelays) || o.silentAfterResendDelays < 0) {
    throw bad("silentAfterResendDelays", o.silentAfterResendDelays, "must be an integer >= 0");
  }
  positiveInteger("maxTxsPerQuery", o.maxTxsPerQuery);
  positiveInteger("stallPolls", o.stallPolls);
  return o;
}

/** Defaults overlaid with `partial`, validated. */
export function resolveSnowballOptions(partial: Partial<SnowballOptions>): SnowballOptions {
  const merged: Record<string, unknown> = { ...DEFAULT_SNOWBALL_OPTIONS };
  for (const key of Object.keys(DEFAULT_SNOWBALL_OPTIONS)) {
    const value = (partial as Record<string, unknown>)[key];
    if (value !== undefined) merged[key] = value;
  }
  return validateSnowballOptions(Object.freeze(merged) as unknown as SnowballOptions);
}
