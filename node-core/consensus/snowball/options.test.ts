import { describe, expect, it } from "vitest";
import { silentLogger } from "../../util/index.js";
import { SeededRng } from "../runtime.js";
import { VirtualTime } from "../virtual-time.js";
import { SnowballError } from "./errors.js";
import { DEFAULT_SNOWBALL_OPTIONS, resolveSnowballOptions, validateSnowballOptions } from "./options.js";
import { Snowball } from "./snowball.js";

function codeAndField(fn: () => unknown): [string, string | undefined] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SnowballError);
    return [(err as SnowballError).code, (err as SnowballError).payload.field];
  }
  throw new Error("expected a SnowballError");
}

describe("Snowball options", () => {
  it("defaults keep DESIGN.md's 70% threshold and beta with k = 40 draws, and validate", () => {
    expect(DEFAULT_SNOWBALL_OPTIONS).toMatchObject({ k: 40, alpha: 28, beta: 20, queryTimeoutMs: 2_000 });
    expect(DEFAULT_SNOWBALL_OPTIONS).toMatchObject({
      maxPollsInFlight: 16,
      pollIntervalMs: 25,
      maxTxsPerQuery: 512,
      resendRttFactor: 1,
      resendVarianceFactor: 4,
      maxResends: 3,
      silentAfterResendDelays: 2,
    });
    expect(validateSnowballOptions(DEFAULT_SNOWBALL_OPTIONS)).toBe(DEFAULT_SNOWBALL_OPTIONS);
  });

  it("accepts the edges k/2 < alpha <= k", () => {
    expect(() => resolveSnowballOptions({ k: 20, alpha: 11 })).not.toThrow();
    expect(() => resolveSnowballOptions({ k: 20, alpha: 20 })).not.toThrow();
    expect(() => resolveSnowballOptions({ k: 1, alpha: 1, beta: 1 })).not.toThrow();
    expect(() => resolveSnowballOptions({ k: 3, alpha: 2 })).not.toThrow();
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ["k = 0", { k: 0, alpha: 1 }, "k"],
    ["fractional k", { k: 2.5 }, "k"],
    ["alpha = k/2", { k: 20, alpha: 10 }, "alpha"],
    ["alpha below k/2", { k: 20, alpha: 3 }, "alpha"],
    ["alpha > k", { k: 20, alpha: 21 }, "alpha"],
    ["alpha 0", { alpha: 0 }, "alpha"],
    ["beta 0", { beta: 0 }, "beta"],
    ["fractional beta", { beta: 1.5 }, "beta"],
    ["timeout 0", { queryTimeoutMs: 0 }, "queryTimeoutMs"],
    ["timeout NaN", { queryTimeoutMs: Number.NaN }, "queryTimeoutMs"],
    ["timeout infinite", { queryTimeoutMs: Number.POSITIVE_INFINITY }, "queryTimeoutMs"],
    ["no polls in flight", { maxPollsInFlight: 0 }, "maxPollsInFlight"],
    ["poll interval negative", { pollIntervalMs: -1 }, "pollIntervalMs"],
    ["empty batches", { maxTxsPerQuery: 0 }, "maxTxsPerQuery"],
    ["re-send before one round trip", { resendRttFactor: 0.5 }, "resendRttFactor"],
    ["re-send factor NaN", { resendRttFactor: Number.NaN }, "resendRttFactor"],
    ["negative variance factor", { resendVarianceFactor: -1 }, "resendVarianceFactor"],
    ["re-send floor 0", { resendMinMs: 0 }, "resendMinMs"],
    ["re-send ceiling below the floor", { resendMinMs: 100, resendMaxMs: 50 }, "resendMaxMs"],
    ["re-send ceiling infinite", { resendMaxMs: Number.POSITIVE_INFINITY }, "resendMaxMs"],
    ["negative re-sends", { maxResends: -1 }, "maxResends"],
    ["fractional re-sends", { maxResends: 1.5 }, "maxResends"],
    ["negative silence threshold", { silentAfterResendDelays: -1 }, "silentAfterResendDelays"],
    ["fractional silence threshold", { silentAfterResendDelays: 0.5 }, "silentAfterResendDelays"],
    ["k as string", { k: "20" }, "k"],
  ];
  for (const [name, partial, field] of bad) {
    it(`rejects ${name}`, () => {
      expect(codeAndField(() => resolveSnowballOptions(partial))).toEqual(["SNOWBALL_BAD_PARAMS", field]);
    });
  }

  it("the engine refuses bad parameters at construction", () => {
    const vt = new VirtualTime();
    const make = () =>
      new Snowball(
        { k: 10, alpha: 5 },
        {
          clock: vt,
          scheduler: vt,
          rng: new SeededRng(1),
          outbox: { sendQuery: () => {} },
          validators: () => [],
          selfId: null,
          logger: silentLogger,
        },
      );
    expect(codeAndField(make)).toEqual(["SNOWBALL_BAD_PARAMS", "alpha"]);
  });
});
