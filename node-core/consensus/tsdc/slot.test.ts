// Slot clock arithmetic and option validation.
import { describe, expect, it } from "vitest";
import { TsdcError } from "./errors.js";
import { DEFAULT_TSDC_TIMING, resolveTsdcOptions } from "./options.js";
import { SlotClock } from "./slot.js";

describe("SlotClock", () => {
  const clock = new SlotClock(1_000_000, 5_000);

  it("maps times to slots and back", () => {
    expect(clock.slotAt(1_000_000)).toBe(0);
    expect(clock.slotAt(1_004_999)).toBe(0);
    expect(clock.slotAt(1_005_000)).toBe(1);
    expect(clock.slotAt(999_999)).toBe(-1);
    expect(clock.slotStartMs(0)).toBe(1_000_000);
    expect(clock.slotStartMs(7)).toBe(1_035_000);
    for (let t = 990_000; t < 1_060_000; t += 1_237) {
      const s = clock.slotAt(t);
      expect(clock.slotStartMs(s)).toBeLessThanOrEqual(t);
      expect(clock.slotStartMs(s + 1)).toBeGreaterThan(t);
    }
  });

  it("recognises slot starts and block slots", () => {
    expect(clock.isSlotStart(1_010_000)).toBe(true);
    expect(clock.isSlotStart(1_010_001)).toBe(false);
    expect(clock.isSlotStart(995_000)).toBe(false); // before genesis
    expect(clock.isSlotStart(1.5)).toBe(false);
    expect(clock.slotOfTimestamp(1_015_000n)).toBe(3);
    expect(clock.nextSlotStartMs(1_015_000)).toBe(1_020_000);
    expect(clock.nextSlotStartMs(1_019_999)).toBe(1_020_000);
  });

  it("refuses a bad interval or genesis", () => {
    expect(() => new SlotClock(0, 0)).toThrow(TsdcError);
    expect(() => new SlotClock(0, 1.5)).toThrow(TsdcError);
    expect(() => new SlotClock(-1, 1000)).toThrow(TsdcError);
  });
});

describe("resolveTsdcOptions", () => {
  const base = { chainId: 3, blockIntervalMs: 1000, genesisTimestampMs: 0 };

  it("fills in defaults", () => {
    const opts = resolveTsdcOptions(base);
    expect(opts.proposeTimeoutMs).toBe(DEFAULT_TSDC_TIMING.proposeTimeoutMs);
    expect(opts.candidacyWindowMs).toBe(DEFAULT_TSDC_TIMING.candidacyWindowMs);
    expect(resolveTsdcOptions({ ...base, proposeTimeoutMs: 7 }).proposeTimeoutMs).toBe(7);
  });

  it("rejects out-of-range values with the field named", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ chainId: -1 }, "chainId"],
      [{ chainId: 2 ** 32 }, "chainId"],
      [{ blockIntervalMs: 0 }, "blockIntervalMs"],
      [{ proposeTimeoutMs: -5 }, "proposeTimeoutMs"],
      [{ timeoutDeltaMs: 0.5 }, "timeoutDeltaMs"],
      [{ rebroadcastMs: 0 }, "rebroadcastMs"],
      [{ maxBufferedPerSender: 10, maxBufferedMessages: 5 }, "maxBufferedPerSender"],
    ];
    for (const [patch, field] of cases) {
      try {
        resolveTsdcOptions({ ...base, ...patch } as typeof base);
        expect.unreachable(`accepted ${field}`);
      } catch (error) {
        expect(error).toBeInstanceOf(TsdcError);
        expect((error as TsdcError).code).toBe("TSDC_BAD_OPTIONS");
        expect((error as TsdcError).payload.field).toBe(field);
      }
    }
  });
});
