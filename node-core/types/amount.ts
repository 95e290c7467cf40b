// Amounts: bigint satoshis in code, decimal strings across every API. 1 TIME = 100,000,000 sat.

export const SAT_PER_TIME = 100_000_000n;
/** Largest amount any single value may hold: 2^63-1 sat, so sums of bounded lists never leave u64 in practice. */
export const MAX_AMOUNT = (1n << 63n) - 1n;

const TIME_RE = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,8}))?$/;

/** Formats sat as a TIME decimal string without trailing zeros ("1.5", "100", "0.00000001"). */
export function formatTime(sat: bigint): string {
  const negative = sat < 0n;
  const abs = negative ? -sat : sat;
  const whole = abs / SAT_PER_TIME;
  const frac = (abs % SAT_PER_TIME).toString().padStart(8, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** Parses a non-negative TIME decimal string with at most 8 decimals into sat. */
export function parseTime(text: string): bigint {
  const m = TIME_RE.exec(text);
  if (!m) throw new RangeError("amount must be a non-negative decimal with at most 8 decimals");
  const whole = BigInt(m[1] as string);
  const frac = BigInt((m[2] ?? "").padEnd(8, "0"));
  const sat = whole * SAT_PER_TIME + frac;
  if (sat > MAX_AMOUNT) throw new RangeError("amount too large");
  return sat;
}
