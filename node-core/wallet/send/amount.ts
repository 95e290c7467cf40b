// Amounts as a user types them: a decimal TIME string ("12", "0.5", "1.23456789", ".5") becomes sat. TIME
// has 8 decimals (1 sat = 0.00000001 TIME); a payment must be more than zero and at least the dust limit,
// which no output of the network may fall below. Digits beyond the eighth decimal are refused unless they
// are zeros (they change nothing); separators, signs, exponents and spaces inside are refused.
import { DUST_LIMIT } from "../../params/index.js";
import { formatTime, MAX_AMOUNT, SAT_PER_TIME } from "../../types/index.js";
import { type AmountProblem, SendError } from "./errors.js";

const DECIMALS = 8;
const AMOUNT_RE = /^([0-9]*)(?:\.([0-9]*))?$/;

export interface ParseAmountOptions {
  /** Least amount accepted, in sat (DUST_LIMIT unless given; never below 1). */
  readonly minimum?: bigint;
}

/** Sat in a decimal TIME amount; throws SendError SEND_BAD_AMOUNT naming the problem. */
export function parseAmount(text: string, options: ParseAmountOptions = {}): bigint {
  const trimmed = typeof text === "string" ? text.trim() : "";
  if (trimmed.length === 0) fail("empty", "enter an amount of TIME");
  if (trimmed.startsWith("-")) fail("negative", "the amount cannot be negative");
  const m = AMOUNT_RE.exec(trimmed);
  const whole = m?.[1] ?? "";
  const fraction = m?.[2] ?? "";
  if (!m || (whole.length === 0 && fraction.length === 0)) {
    fail(
      "not-a-number",
      'the amount must be a number of TIME such as "12" or "0.5", without spaces, commas or signs',
    );
  }
  if (fraction.length > DECIMALS && /[^0]/.test(fraction.slice(DECIMALS))) {
    fail("too-many-decimals", `TIME has at most ${DECIMALS} decimals (1 sat = 0.00000001 TIME)`);
  }
  // Bounded before BigInt so a megabyte of digits cannot cost more than a length check.
  const wholeDigits = whole.replace(/^0+/, "");
  if (wholeDigits.length > String(MAX_AMOUNT / SAT_PER_TIME).length) tooLarge();
  const sat =
    BigInt(wholeDigits || "0") * SAT_PER_TIME + BigInt(fraction.slice(0, DECIMALS).padEnd(DECIMALS, "0"));
  if (sat > MAX_AMOUNT) tooLarge();
  if (sat === 0n) fail("zero", "the amount must be more than zero");
  const minimum = options.minimum !== undefined && options.minimum > 0n ? options.minimum : DUST_LIMIT;
  if (sat < minimum) {
    throw new SendError(
      "SEND_BAD_AMOUNT",
      `the amount must be at least ${formatTime(minimum)} TIME (the network refuses smaller outputs)`,
      { problem: "below-dust", minimumSat: minimum.toString() },
    );
  }
  return sat;
}

function tooLarge(): never {
  fail(
    "too-large",
    `the amount is larger than the most any amount can hold (${formatTime(MAX_AMOUNT)} TIME)`,
  );
}

function fail(problem: AmountProblem, message: string): never {
  throw new SendError("SEND_BAD_AMOUNT", message, { problem });
}
