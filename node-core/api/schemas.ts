// The zod schemas of param values shared by the methods: hashes and bytes as hex, heights, TIME amounts as
// decimal strings (numbers are accepted when they print as a plain decimal), and booleans that may also be
// given as 0/1 (bitcoin-cli passes verbosity flags either way). Parsing turns them into the node's types.
import { z } from "zod";
import { MAX_TX_BYTES } from "../params/index.js";
import { fromHex, parseTime } from "../types/index.js";

const HASH_RE = /^[0-9a-fA-F]{64}$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** A 32-byte hash (txid, block hash) as 64 hex characters. */
export const hash32 = z
  .string({ error: "expected a 32-byte hash as 64 hex characters" })
  .regex(HASH_RE, { error: "expected a 32-byte hash as 64 hex characters" })
  .transform((hex) => fromHex(hex));

/** Hex of an encoded object of at most `maxBytes` bytes. */
export function hexBytes(maxBytes: number) {
  return z
    .string({ error: "expected hex" })
    .max(maxBytes * 2, { error: `at most ${maxBytes} bytes` })
    .regex(HEX_RE, { error: "expected an even number of hex characters" })
    .transform((hex) => fromHex(hex));
}

/** An encoded transaction. */
export const txHex = hexBytes(MAX_TX_BYTES);

/** A block height or a count (a JSON number that is a non-negative safe integer). */
export const height = z
  .number({ error: "expected a non-negative integer" })
  .int({ error: "expected a non-negative integer" })
  .min(0, { error: "expected a non-negative integer" })
  .max(Number.MAX_SAFE_INTEGER, { error: "too large" });

export function boundedInt(min: number, max: number) {
  return z
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` });
}

/** A boolean, or 0/1. */
export const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1)], { error: "expected true or false" })
  .transform((v) => v === true || v === 1);

const AMOUNT_ERROR = 'expected a TIME amount as a decimal string with at most 8 decimals, e.g. "12.5"';

/** A TIME amount ("12.5" or 12.5) in sat. */
export const amount = z.union([z.string(), z.number()], { error: AMOUNT_ERROR }).transform((value, ctx) => {
  const text = typeof value === "number" ? String(value) : value;
  try {
    return parseTime(text);
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: error instanceof RangeError && /large/.test(error.message) ? "amount too large" : AMOUNT_ERROR,
    });
    return z.NEVER;
  }
});

/** A positive TIME amount in sat. */
export const positiveAmount = amount.refine((sat) => sat > 0n, { error: "the amount must be more than 0" });

/** Text of bounded length (addresses, peer ids, filters). */
export function text(maxLength: number) {
  return z
    .string({ error: "expected a string" })
    .min(1, { error: "must not be empty" })
    .max(maxLength, { error: `at most ${maxLength} characters` });
}

/** An address string; checked against the network by the handler (parseAddressParam). */
export const addressText = text(64);
