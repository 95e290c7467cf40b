import { describe, expect, it } from "vitest";
import { amountParts, formatSats, parseAmount, sumAmounts, toSats } from "./amount.js";

describe("parseAmount", () => {
  it("reads whole, fractional and grouped amounts into satoshis", () => {
    expect(parseAmount("12")).toEqual({ ok: true, sats: 1_200_000_000n });
    expect(parseAmount("0.5")).toEqual({ ok: true, sats: 50_000_000n });
    expect(parseAmount(".00000001")).toEqual({ ok: true, sats: 1n });
    expect(parseAmount(" 1,000.25 ")).toEqual({ ok: true, sats: 100_025_000_000n });
    expect(parseAmount("7.")).toEqual({ ok: true, sats: 700_000_000n });
  });
  it("says what is wrong with bad input", () => {
    expect(parseAmount("")).toEqual({ ok: false, problem: "empty" });
    expect(parseAmount("abc")).toEqual({ ok: false, problem: "format" });
    expect(parseAmount("-1")).toEqual({ ok: false, problem: "format" });
    expect(parseAmount("1e5")).toEqual({ ok: false, problem: "format" });
    expect(parseAmount("1.123456789")).toEqual({ ok: false, problem: "decimals" });
    expect(parseAmount("0")).toEqual({ ok: false, problem: "zero" });
    expect(parseAmount("0", { allowZero: true })).toEqual({ ok: true, sats: 0n });
    expect(parseAmount("123456789012")).toEqual({ ok: false, problem: "format" });
  });
});

describe("toSats / formatSats", () => {
  it("round-trips the node's decimal strings, negative ones too", () => {
    for (const text of ["0.00000000", "12.50000000", "-0.10000000", "20999999.99999999"]) {
      expect(formatSats(toSats(text))).toBe(text);
    }
    expect(() => toSats("1.2.3")).toThrow(/not a TIME amount/);
  });
  it("sums without floating point error", () => {
    expect(sumAmounts(["0.1", "0.2"])).toBe("0.30000000");
    expect(sumAmounts(["10.00000001", "-0.00000002"])).toBe("9.99999999");
    expect(sumAmounts([])).toBe("0.00000000");
  });
});

describe("amountParts", () => {
  it("separates significant decimals from the trailing zeros that are dimmed", () => {
    expect(amountParts("1234.50000000")).toEqual({
      sign: "",
      whole: "1,234",
      fraction: ".5",
      zeros: "0000000",
    });
    expect(amountParts("12.00000000")).toEqual({ sign: "", whole: "12", fraction: "", zeros: ".00000000" });
    expect(amountParts("0.12345678")).toEqual({ sign: "", whole: "0", fraction: ".12345678", zeros: "" });
    expect(amountParts("-3.1")).toEqual({ sign: "-", whole: "3", fraction: ".1", zeros: "0000000" });
    expect(amountParts("3.1", { signed: true }).sign).toBe("+");
    expect(amountParts("0", { signed: true }).sign).toBe("");
  });
});
