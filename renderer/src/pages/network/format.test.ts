import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDuration, formatLatency, formatRate, shortId } from "./format.js";

describe("node page formats", () => {
  it("groups counts and shows a dash for no value", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(null)).toBe("–");
    expect(formatCount(Number.NaN)).toBe("–");
  });
  it("writes bytes in decimal units and rates per second", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1500)).toBe("1.5 kB");
    expect(formatBytes(2_345_678)).toBe("2.3 MB");
    expect(formatBytes(-1)).toBe("–");
    expect(formatRate(1000)).toBe("1 kB/s");
  });
  it("writes latencies in ms below 10 s", () => {
    expect(formatLatency(640.4)).toBe("640 ms");
    expect(formatLatency(12_345)).toBe("12.3 s");
    expect(formatLatency(null)).toBe("–");
  });
  it("writes durations in the largest sensible unit", () => {
    expect(formatDuration(20)).toBe("20 s");
    expect(formatDuration(150)).toBe("3 min");
    expect(formatDuration(7200)).toBe("2 h");
    expect(formatDuration(86_400 * 5)).toBe("5 d");
  });
  it("shortens long ids in the middle", () => {
    expect(shortId("0123456789abcdef0123456789abcdef")).toBe("01234567…89abcdef");
    expect(shortId("short")).toBe("short");
  });
});
