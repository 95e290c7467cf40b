import { describe, expect, it } from "vitest";
import { trafficRate, trafficTotals, windowedRate } from "./traffic-rate.js";

describe("trafficTotals", () => {
  it("sums every protocol but the frames dropped before sending", () => {
    const totals = trafficTotals(
      {
        snowball: { bytesIn: 100, bytesOut: 50 },
        sync: { bytesIn: 1000, bytesOut: 10 },
        "invalid:snowball": { bytesIn: 7, bytesOut: 0 },
        "dropped:snowball": { bytesIn: 0, bytesOut: 999 },
      },
      5,
    );
    expect(totals).toEqual({ bytesIn: 1107, bytesOut: 60, at: 5 });
  });
  it("ignores missing or non-finite counters", () => {
    expect(trafficTotals({ a: {}, b: { bytesIn: Number.NaN, bytesOut: -3 } }, 0)).toEqual({
      bytesIn: 0,
      bytesOut: 0,
      at: 0,
    });
  });
});

describe("trafficRate", () => {
  it("gives bytes per second between two readings", () => {
    const rate = trafficRate(
      { bytesIn: 1000, bytesOut: 0, at: 0 },
      { bytesIn: 3000, bytesOut: 500, at: 2000 },
    );
    expect(rate).toEqual({ inPerSecond: 1000, outPerSecond: 250 });
  });
  it("has no rate across a restart or without elapsed time", () => {
    expect(
      trafficRate({ bytesIn: 5000, bytesOut: 0, at: 0 }, { bytesIn: 10, bytesOut: 0, at: 1000 }),
    ).toBeNull();
    expect(trafficRate({ bytesIn: 0, bytesOut: 0, at: 10 }, { bytesIn: 5, bytesOut: 0, at: 10 })).toBeNull();
  });
});

describe("windowedRate", () => {
  it("averages bursts over the window", () => {
    const history = [0, 3000, 3000, 6000].map((bytes, i) => ({ bytesIn: bytes, bytesOut: 0, at: i * 1000 }));
    expect(windowedRate(history, 3)).toEqual({ inPerSecond: 2000, outPerSecond: 0 });
    expect(windowedRate(history, 1)).toEqual({ inPerSecond: 3000, outPerSecond: 0 });
    expect(windowedRate(history.slice(0, 2), 3)).toEqual({ inPerSecond: 3000, outPerSecond: 0 });
  });
  it("has no rate from a single reading", () => {
    expect(windowedRate([{ bytesIn: 1, bytesOut: 1, at: 0 }], 3)).toBeNull();
    expect(windowedRate([], 3)).toBeNull();
  });
});
