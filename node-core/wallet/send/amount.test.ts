// Amount parsing: decimal TIME strings to sat with every refusal named.
import { describe, expect, it } from "vitest";
import { parseAmount } from "./amount.js";
import { type AmountProblem, SendError } from "./errors.js";

function problemOf(text: string, minimum?: bigint): SendError<"SEND_BAD_AMOUNT"> {
  try {
    parseAmount(text, { minimum });
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).code).toBe("SEND_BAD_AMOUNT");
    return err as SendError<"SEND_BAD_AMOUNT">;
  }
  throw new Error(`"${text}" was accepted`);
}

describe("parseAmount", () => {
  it("parses decimal TIME into sat", () => {
    expect(parseAmount("12")).toBe(1_200_000_000n);
    expect(parseAmount("0.5")).toBe(50_000_000n);
    expect(parseAmount(".5")).toBe(50_000_000n);
    expect(parseAmount("5.")).toBe(500_000_000n);
    expect(parseAmount(" 1.23456789 ")).toBe(123_456_789n);
    expect(parseAmount("007.1")).toBe(710_000_000n);
    expect(parseAmount("0.00001")).toBe(1_000n);
    // Zeros past the eighth decimal change nothing.
    expect(parseAmount("1.0000000000")).toBe(100_000_000n);
    expect(parseAmount("92233720368.54775807")).toBe((1n << 63n) - 1n);
  });

  const cases: [string, string, AmountProblem, RegExp][] = [
    ["empty", "  ", "empty", /enter an amount/],
    ["letters", "abc", "not-a-number", /must be a number/],
    ["a lone dot", ".", "not-a-number", /must be a number/],
    ["comma", "1,5", "not-a-number", /commas/],
    ["exponent", "1e5", "not-a-number", /must be a number/],
    ["inner space", "1 000", "not-a-number", /spaces/],
    ["plus sign", "+1", "not-a-number", /signs/],
    ["two dots", "1.2.3", "not-a-number", /must be a number/],
    ["negative", "-1", "negative", /cannot be negative/],
    ["nine decimals", "0.000000001", "too-many-decimals", /at most 8 decimals/],
    ["zero", "0.00000000", "zero", /more than zero/],
    ["below dust", "0.00000999", "below-dust", /at least 0.00001 TIME/],
    ["over the largest amount", "92233720368.54775808", "too-large", /larger than/],
    ["a megabyte of digits", "9".repeat(1_000_000), "too-large", /larger than/],
  ];
  for (const [name, text, problem, message] of cases) {
    it(`refuses: ${name}`, () => {
      const error = problemOf(text);
      expect(error.payload.problem).toBe(problem);
      expect(error.message).toMatch(message);
    });
  }

  it("reports the minimum with a below-dust refusal and honours a higher minimum", () => {
    expect(problemOf("0.00000001").payload).toEqual({ problem: "below-dust", minimumSat: "1000" });
    expect(problemOf("0.5", 100_000_000n).payload).toEqual({
      problem: "below-dust",
      minimumSat: "100000000",
    });
    expect(parseAmount("1", { minimum: 100_000_000n })).toBe(100_000_000n);
  });
});
