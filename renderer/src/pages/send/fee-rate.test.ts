import { describe, expect, it } from "vitest";
import { parseFeeRate } from "./fee-rate.js";

describe("parseFeeRate", () => {
  it("takes empty as the network minimum and whole numbers within the bounds", () => {
    expect(parseFeeRate("")).toEqual({ ok: true, rate: null });
    expect(parseFeeRate("  ")).toEqual({ ok: true, rate: null });
    expect(parseFeeRate("10")).toEqual({ ok: true, rate: 10 });
    expect(parseFeeRate(" 250 ")).toEqual({ ok: true, rate: 250 });
    expect(parseFeeRate("1000")).toEqual({ ok: true, rate: 1_000 });
  });

  it("says what is wrong with anything else", () => {
    expect(parseFeeRate("9")).toEqual({ ok: false, problem: "low" });
    expect(parseFeeRate("0")).toEqual({ ok: false, problem: "low" });
    expect(parseFeeRate("1001")).toEqual({ ok: false, problem: "high" });
    expect(parseFeeRate("99999999")).toEqual({ ok: false, problem: "format" });
    for (const text of ["12.5", "-20", "1e3", "twenty", "0x20"]) {
      expect(parseFeeRate(text)).toEqual({ ok: false, problem: "format" });
    }
  });
});
