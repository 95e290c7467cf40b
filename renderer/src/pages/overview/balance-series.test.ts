import { describe, expect, it } from "vitest";
import { balanceSeries, seriesPath } from "./balance-series.js";

describe("balanceSeries", () => {
  it("sums the history oldest first and skips rejected transactions", () => {
    const history = [
      { amount: "-1.00000000", status: "final", time: 3_000 },
      { amount: "-50.00000000", status: "rejected", time: 2_500 },
      { amount: "10.00000000", status: "final", time: null },
      { amount: "5.00000000", status: "final", time: 1_000 },
    ];
    expect(balanceSeries(history)).toEqual([
      { time: 1_000, sats: 500_000_000n },
      { time: 1_000, sats: 1_500_000_000n },
      { time: 3_000, sats: 1_400_000_000n },
    ]);
    expect(balanceSeries([])).toEqual([]);
    // A first transaction without a time sits at the first known time, not at the epoch.
    expect(
      balanceSeries([
        { amount: "1", status: "final", time: 9_000 },
        { amount: "1", status: "final", time: null },
      ])[0]?.time,
    ).toBe(9_000);
  });
  it("draws a path inside the box", () => {
    const path = seriesPath(
      [
        { time: 0, sats: 0n },
        { time: 10, sats: 100n },
      ],
      200,
      50,
    );
    expect(path).toBe("M0 50L0.0 50.0L200.0 0.0");
    expect(seriesPath([], 200, 50)).toBe("");
  });
});
