import { describe, expect, it } from "vitest";
import { epochMs, formatAge, formatCount, formatLatency, shortId } from "./format.js";

describe("format", () => {
  it("groups counts", () => {
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(-1234567)).toBe("-1,234,567");
    expect(formatCount(Number.NaN)).toBe("–");
  });
  it("says ages in the largest sensible unit", () => {
    expect(formatAge(4_200)).toBe("4 s");
    expect(formatAge(-5)).toBe("0 s");
    expect(formatAge(180_000)).toBe("3 min");
    expect(formatAge(7_200_000)).toBe("2 h");
    expect(formatAge(5 * 86_400_000)).toBe("5 d");
  });
  it("says latencies in ms under 10 s", () => {
    expect(formatLatency(640)).toBe("640 ms");
    expect(formatLatency(12_345)).toBe("12.3 s");
  });
  it("reads epoch seconds and milliseconds alike", () => {
    expect(epochMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(epochMs(1_700_000_000_000)).toBe(1_700_000_000_000);
  });
  it("shortens long ids in the middle", () => {
    expect(shortId("a".repeat(64))).toBe(`${"a".repeat(8)}…${"a".repeat(8)}`);
    expect(shortId("abc")).toBe("abc");
  });
});
