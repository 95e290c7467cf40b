import { describe, expect, it } from "vitest";
import { amountsIn, toUnits } from "./amounts.js";

describe("toUnits", () => {
  it("reads whole, fractional, grouped and zero-padded amounts as 8-decimal integers", () => {
    expect(toUnits("42")).toBe(4_200_000_000n);
    expect(toUnits("42.00000000")).toBe(4_200_000_000n);
    expect(toUnits("12.5")).toBe(1_250_000_000n);
    expect(toUnits("1,000.00000001")).toBe(100_000_000_001n);
    expect(toUnits("0.00000001")).toBe(1n);
  });

  it("refuses what is not an amount (more than 8 decimals, signs, words)", () => {
    expect(toUnits("1.000000001")).toBeNull();
    expect(toUnits("-1")).toBeNull();
    expect(toUnits("TIME")).toBeNull();
    expect(toUnits("")).toBeNull();
  });
});

describe("amountsIn", () => {
  it("finds the amounts in a balance card's text", () => {
    expect(amountsIn("Spendable balance\n1,250.5 TIME\nPending 0 · Locked 1000")).toEqual([
      125_050_000_000n,
      0n,
      100_000_000_000n,
    ]);
  });

  it("finds none in text without digits", () => {
    expect(amountsIn("Spendable balance")).toEqual([]);
  });
});
