// The timestamp rule as a pure function: slot grid from genesis, strictly after the parent, at most
// maxFutureMs ahead of the local clock, with u64 extremes handled exactly (bigint all the way).
import { describe, expect, it } from "vitest";
import { type BlockTimeRules, blockTimeFault } from "./block-time.js";

const rules: BlockTimeRules = { genesisTimestamp: 1_000_000n, blockIntervalMs: 5_000, maxFutureMs: 60_000 };
const parent = 1_000_000n + 10n * 5_000n;
const now = Number(parent) + 5_000;
const U64_MAX = 2n ** 64n - 1n;

const codeOf = (timestamp: bigint, parentTimestamp = parent, nowMs = now) =>
  blockTimeFault(timestamp, parentTimestamp, nowMs, rules)?.code ?? null;

describe("blockTimeFault", () => {
  it("accepts the next slot, a later slot, and a slot exactly maxFutureMs ahead of the clock", () => {
    expect(codeOf(parent + 5_000n)).toBeNull();
    expect(codeOf(parent + 50_000n)).toBeNull();
    expect(codeOf(BigInt(now) + 60_000n)).toBeNull();
    // The first block after genesis.
    expect(codeOf(1_005_000n, 1_000_000n)).toBeNull();
  });

  it("refuses a timestamp off the slot grid or before genesis", () => {
    expect(codeOf(0n)).toBe("CHAIN_TIMESTAMP_NOT_SLOT_START");
    expect(codeOf(U64_MAX)).toBe("CHAIN_TIMESTAMP_NOT_SLOT_START");
    expect(codeOf(parent + 5_001n)).toBe("CHAIN_TIMESTAMP_NOT_SLOT_START");
    expect(codeOf(1_000_000n - 5_000n, 0n)).toBe("CHAIN_TIMESTAMP_NOT_SLOT_START");
    const fault = blockTimeFault(parent + 1n, parent, now, rules);
    expect(fault).toEqual({
      code: "CHAIN_TIMESTAMP_NOT_SLOT_START",
      message: "the timestamp is not the start of a slot after genesis",
      expected: "1000000 + k * 5000",
      actual: (parent + 1n).toString(),
    });
  });

  it("refuses a timestamp equal to or before the parent's", () => {
    expect(codeOf(parent)).toBe("CHAIN_TIMESTAMP_NOT_AFTER_PARENT");
    expect(codeOf(parent - 5_000n)).toBe("CHAIN_TIMESTAMP_NOT_AFTER_PARENT");
    expect(codeOf(1_000_000n, 1_000_000n)).toBe("CHAIN_TIMESTAMP_NOT_AFTER_PARENT");
    expect(blockTimeFault(parent, parent, now, rules)?.expected).toBe(`> ${parent}`);
  });

  it("refuses a slot more than maxFutureMs ahead of the clock, up to the largest u64 slot start", () => {
    expect(codeOf(BigInt(now) + 65_000n)).toBe("CHAIN_TIMESTAMP_IN_FUTURE");
    const lastSlot = 1_000_000n + ((U64_MAX - 1_000_000n) / 5_000n) * 5_000n;
    expect(codeOf(lastSlot)).toBe("CHAIN_TIMESTAMP_IN_FUTURE");
    // A fractional clock reading is floored: it never widens the bound.
    expect(codeOf(BigInt(now) + 65_000n, parent, now + 4_999.9)).toBe("CHAIN_TIMESTAMP_IN_FUTURE");
    expect(blockTimeFault(BigInt(now) + 65_000n, parent, now, rules)?.expected).toBe(`<= ${now + 60_000}`);
  });
});
