// The backoff: doubling from the initial delay up to the cap, giving up at maxFailures, and a long run
// counting as recovered.
import { describe, expect, it } from "vitest";
import { DEFAULT_RESTART_POLICY, decideRestart } from "./restart-policy.js";

describe("decideRestart", () => {
  it("backs off exponentially, capped, then gives up", () => {
    const policy = { ...DEFAULT_RESTART_POLICY, maxFailures: 8, maxDelayMs: 10_000 };
    const delays: number[] = [];
    let failures = 0;
    for (;;) {
      const decision = decideRestart(failures, 10, policy);
      failures = decision.failures;
      if (decision.action === "give-up") break;
      delays.push(decision.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    expect(failures).toBe(8);
  });

  it("gives up at the default fifth failure in a row", () => {
    expect(decideRestart(3, 0)).toEqual({ action: "restart", delayMs: 8_000, failures: 4 });
    expect(decideRestart(4, 0)).toEqual({ action: "give-up", failures: 5 });
  });

  it("starts counting afresh after a stable run", () => {
    expect(decideRestart(4, DEFAULT_RESTART_POLICY.stableMs)).toEqual({
      action: "restart",
      delayMs: 1_000,
      failures: 1,
    });
    expect(decideRestart(-3, 0)).toEqual({ action: "restart", delayMs: 1_000, failures: 1 });
  });
});
