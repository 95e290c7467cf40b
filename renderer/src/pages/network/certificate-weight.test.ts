import { describe, expect, it } from "vitest";
import { certificateWeight } from "./certificate-weight.js";

describe("certificateWeight", () => {
  const weights = new Map([
    ["aa", 1000],
    ["bb", 100],
    ["cc", 10],
  ]);
  it("sums the voters' weights against the voting set's total", () => {
    expect(certificateWeight(["aa", "bb"], weights, 1110)).toEqual({
      weight: 1100,
      total: 1110,
      fraction: 1100 / 1110,
      voters: 2,
      unknownVoters: 0,
    });
  });
  it("counts a repeated voter once and an unknown voter as unknown", () => {
    const w = certificateWeight(["aa", "aa", "zz"], weights, 2000);
    expect(w.weight).toBe(1000);
    expect(w.voters).toBe(2);
    expect(w.unknownVoters).toBe(1);
  });
  it("has no fraction without a total", () => {
    expect(certificateWeight(["aa"], weights, 0).fraction).toBeNull();
  });
});
