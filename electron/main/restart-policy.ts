// When the node host dies, how long to wait before starting it again: exponential backoff from 1 s,
// capped, and after `maxFailures` failures in a row the supervisor gives up and shows the error screen.
// A host that stayed up for `stableMs` counts as recovered: the next failure starts the count afresh.

export interface RestartPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  /** Failures in a row after which the node is not started again. */
  readonly maxFailures: number;
  /** A run this long resets the failure count. */
  readonly stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = Object.freeze({
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  factor: 2,
  maxFailures: 5,
  stableMs: 60_000,
});

export type RestartDecision =
  | { readonly action: "restart"; readonly delayMs: number; readonly failures: number }
  | { readonly action: "give-up"; readonly failures: number };

/**
 * What to do after a host exit. `failuresBefore` is the count in a row so far, `ranMs` how long the host
 * that just exited ran.
 */
export function decideRestart(
  failuresBefore: number,
  ranMs: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  const failures = (ranMs >= policy.stableMs ? 0 : Math.max(0, failuresBefore)) + 1;
  if (failures >= policy.maxFailures) return { action: "give-up", failures };
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (failures - 1));
  return { action: "restart", delayMs, failures };
}
