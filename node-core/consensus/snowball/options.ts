// Snowball parameters, their defaults (DESIGN.md section 3) and validation.
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
  /** Polls pipelined at once. */
  readonly maxPollsInFlight: number;
  /** A new poll is launched this often while there is undecided work and room in the pipeline. */
  readonly pollIntervalMs: number;
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
  k: 20,
  alpha: 14,
  beta: 20,
  queryTimeoutMs: 2_000,
  maxPollsInFlight: 4,
  pollIntervalMs: 25,
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
