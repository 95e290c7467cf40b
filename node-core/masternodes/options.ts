// Options of the masternode services (what the node configures), their defaults and validation.
import { MasternodeError } from "./errors.js";

export interface HeartbeatTrackerOptions {
  /** How often operators send heartbeats (DESIGN.md: every 60 s). */
  readonly intervalMs: number;
  /** A masternode unseen this long is inactive for sampling (DESIGN.md: 180 s). */
  readonly inactiveAfterMs: number;
  /** Heartbeats whose timestamp is further ahead of our clock than this are refused. */
  readonly maxFutureMs: number;
  /**
   * Least time between two accepted heartbeats of one operator. Default intervalMs / 2: an honest sender
   * never comes close, and it bounds the signature checks a registered operator can make us do.
   */
  readonly minGapMs: number;
  /**
   * Recent heartbeats kept per operator for block proposals. More than one, so that a proposer can still
   * carry an older heartbeat when the newest one names a height its block's window does not admit.
   */
  readonly historyPerOperator: number;
}

export const HEARTBEAT_INTERVAL_MS = 60_000;
export const HEARTBEAT_INACTIVE_AFTER_MS = 180_000;

export function heartbeatTrackerOptions(
  partial: Partial<HeartbeatTrackerOptions> = {},
): HeartbeatTrackerOptions {
  const intervalMs = partial.intervalMs ?? HEARTBEAT_INTERVAL_MS;
  const opts: HeartbeatTrackerOptions = {
    intervalMs,
    inactiveAfterMs: partial.inactiveAfterMs ?? HEARTBEAT_INACTIVE_AFTER_MS,
    maxFutureMs: partial.maxFutureMs ?? 30_000,
    minGapMs: partial.minGapMs ?? Math.floor(intervalMs / 2),
    historyPerOperator: partial.historyPerOperator ?? 4,
  };
  positive("intervalMs", opts.intervalMs);
  positive("inactiveAfterMs", opts.inactiveAfterMs);
  nonNegative("maxFutureMs", opts.maxFutureMs);
  nonNegative("minGapMs", opts.minGapMs);
  positive("historyPerOperator", opts.historyPerOperator);
  if (opts.inactiveAfterMs <= opts.intervalMs) {
    throw new MasternodeError("OPTIONS_INVALID", "inactiveAfterMs must exceed intervalMs", {
      option: "inactiveAfterMs",
      expected: `> ${opts.intervalMs}`,
      actual: String(opts.inactiveAfterMs),
    });
  }
  if (opts.minGapMs >= opts.intervalMs) {
    throw new MasternodeError("OPTIONS_INVALID", "minGapMs must be below intervalMs", {
      option: "minGapMs",
      expected: `< ${opts.intervalMs}`,
      actual: String(opts.minGapMs),
    });
  }
  return Object.freeze(opts);
}

export interface HeartbeatEmitterOptions {
  /** Time between two heartbeats (DESIGN.md: 60 s). */
  readonly intervalMs: number;
}

export function heartbeatEmitterOptions(
  partial: Partial<HeartbeatEmitterOptions> = {},
): HeartbeatEmitterOptions {
  const opts = { intervalMs: partial.intervalMs ?? HEARTBEAT_INTERVAL_MS };
  positive("intervalMs", opts.intervalMs);
  return Object.freeze(opts);
}

function positive(option: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new MasternodeError("OPTIONS_INVALID", `${option} must be a positive integer`, {
      option,
      actual: String(value),
    });
  }
}

function nonNegative(option: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MasternodeError("OPTIONS_INVALID", `${option} must be a non-negative integer`, {
      option,
      actual: String(value),
    });
  }
}
