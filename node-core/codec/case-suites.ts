// Test support: the round-trip, whole-input rejection and fuzz routines run over a table of CodecCases, so
// the codec's own suites and every layer that adds decoders on top of it (network/protocol) are held to
// one implementation of the same rules. Imports vitest: only *.test.ts files may import this module.
//
// Fuzz: for every decoder, at least 100,000 inputs (random byte strings plus mutations of valid encodings)
// must either decode to a value that re-encodes to the identical bytes, or fail with a CodecError; anything
// else (TypeError, RangeError, a hang, a crash) is a bug. The run is seeded: set TIME_FUZZ_SEED to replay a
// failure, TIME_FUZZ_ITERATIONS (or TIME_FULL_TESTS=1 for 1,000,000) to go longer.
import { randomInt } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_BLOCK_HEARTBEATS,
  MAX_BLOCK_TRANSACTIONS,
  MAX_CERTIFICATE_SIGNATURES,
  MAX_NETWORK_ADDRESS_BYTES,
  MAX_TX_INPUTS,
} from "../params/index.js";
import { bytesEqual, MAX_AMOUNT, toHex } from "../types/index.js";
import { MAX_UNDO_CREATED, MAX_UNDO_SPENT } from "./caps.js";
import type { CodecCase } from "./cases.js";
import { CodecError, type CodecErrorCode } from "./errors.js";

const SEED = process.env.TIME_FUZZ_SEED ? Number(process.env.TIME_FUZZ_SEED) >>> 0 : randomInt(0, 2 ** 32);
export const FUZZ_ITERATIONS = process.env.TIME_FUZZ_ITERATIONS
  ? Number(process.env.TIME_FUZZ_ITERATIONS)
  : process.env.TIME_FULL_TESTS === "1"
    ? 1_000_000
    : 100_000;

export function codeOf(fn: () => unknown): CodecErrorCode | "no error" {
  try {
    fn();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return "no error";
}

/** Every Uint8Array reachable from a decoded value. */
function byteFields(value: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (value instanceof Uint8Array) out.push(value);
  else if (Array.isArray(value)) for (const v of value) byteFields(v, out);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value)) byteFields(v, out);
  return out;
}

/** Every valid object survives encode → decode unchanged, and every valid encoding decode → encode. */
export function roundTripSuite(cases: readonly CodecCase[]): void {
  describe("round trip", () => {
    for (const c of cases) {
      it(`${c.name}: decode(encode(x)) equals x and encode(decode(bytes)) equals bytes`, () => {
        fc.assert(
          fc.property(c.arb, (value) => {
            const bytes = c.encode(value);
            const decoded = c.decode(bytes);
            expect(decoded).toEqual(value);
            expect(c.encode(decoded)).toEqual(bytes);
          }),
          { numRuns: 150 },
        );
      });

      it(`${c.name}: decoded byte fields are copies, not views of the input`, () => {
        fc.assert(
          fc.property(c.arb, (value) => {
            const bytes = c.encode(value);
            // A Node Buffer input must work too, and its slice() semantics must not leak views.
            const input = Buffer.from(bytes);
            const decoded = c.decode(input);
            const again = c.decode(bytes);
            for (const field of byteFields(decoded)) {
              expect(field.constructor).toBe(Uint8Array);
              expect(field.buffer).not.toBe(input.buffer);
              expect(field.byteLength).toBe(field.buffer.byteLength);
            }
            input.fill(0xa5);
            bytes.fill(0xa5);
            expect(decoded).toEqual(value);
            expect(again).toEqual(value);
          }),
          { numRuns: 30 },
        );
      });
    }
  });
}

/**
 * Whole-input rules: a byte after a valid encoding is refused (CODEC_TRAILING_BYTES, or CODEC_OVER_CAP
 * where the longer input crosses the case's up-front size cap, which is checked first), and every proper
 * prefix of a valid encoding is CODEC_TRUNCATED.
 */
export function wholeInputSuite(cases: readonly CodecCase[]): void {
  describe("CODEC_TRAILING_BYTES", () => {
    for (const c of cases) {
      it(`${c.name}: one extra byte after a valid encoding`, () => {
        for (const value of fc.sample(c.arb, { seed: 1, numRuns: 20 })) {
          const bytes = c.encode(value);
          const expected =
            c.maxBytes !== undefined && bytes.length + 1 > c.maxBytes
              ? "CODEC_OVER_CAP"
              : "CODEC_TRAILING_BYTES";
          for (const extra of [0x00, 0x01, 0xff]) {
            const longer = new Uint8Array(bytes.length + 1);
            longer.set(bytes);
            longer[bytes.length] = extra;
            expect(codeOf(() => c.decode(longer))).toBe(expected);
          }
        }
      });
    }
  });

  describe("CODEC_TRUNCATED", () => {
    for (const c of cases) {
      it(`${c.name}: every proper prefix of a valid encoding`, () => {
        for (const value of fc.sample(c.arb, { seed: 2, numRuns: 8 })) {
          const bytes = c.encode(value);
          for (let n = 0; n < bytes.length; n++) {
            const code = codeOf(() => c.decode(bytes.subarray(0, n)));
            if (code !== "CODEC_TRUNCATED")
              throw new Error(`${c.name}: prefix ${n}/${bytes.length} gave ${code}`);
          }
        }
      });
    }
  });
}

/** sfc32: small, fast, good enough to drive a fuzzer, and trivially reproducible from one seed. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

const U32_VALUES = [
  0,
  1,
  2,
  3,
  0x7f,
  0x80,
  0xff,
  0x100,
  0xffff,
  0x7fffffff,
  0x80000000,
  0xffffffff,
  MAX_TX_INPUTS,
  MAX_TX_INPUTS + 1,
  MAX_BLOCK_TRANSACTIONS + 1,
  MAX_BLOCK_HEARTBEATS + 1,
  MAX_CERTIFICATE_SIGNATURES + 1,
  MAX_NETWORK_ADDRESS_BYTES,
  MAX_NETWORK_ADDRESS_BYTES + 1,
  MAX_UNDO_SPENT + 1,
  MAX_UNDO_CREATED + 1,
];
const U64_VALUES = [0n, 1n, MAX_AMOUNT, MAX_AMOUNT + 1n, (1n << 64n) - 1n];
const BYTE_VALUES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xfe, 0xff];

class Mutator {
  constructor(
    private readonly rng: () => number,
    private readonly samples: readonly Uint8Array[],
    private readonly u32Values: readonly number[],
  ) {}

  private below(n: number): number {
    return n <= 0 ? 0 : this.rng() % n;
  }

  private pick<T>(list: readonly T[]): T {
    return list[this.below(list.length)] as T;
  }

  randomBytes(): Uint8Array {
    const out = new Uint8Array(this.below(301));
    for (let i = 0; i < out.length; i++) out[i] = this.rng() & 0xff;
    return out;
  }

  /** One mutation of `input`, returning a fresh array (samples are never modified). */
  mutate(input: Uint8Array): Uint8Array {
    const len = input.length;
    switch (this.below(10)) {
      case 0: {
        const out = input.slice();
        const flips = 1 + this.below(4);
        for (let i = 0; i < flips && len > 0; i++) {
          const at = this.below(len);
          out[at] = (out[at] as number) ^ (1 << this.below(8));
        }
        return out;
      }
      case 1: {
        const out = input.slice();
        if (len > 0) out[this.below(len)] = this.pick(BYTE_VALUES);
        return out;
      }
      case 2: {
        const at = this.below(len + 1);
        const out = new Uint8Array(len + 1);
        out.set(input.subarray(0, at));
        out[at] = this.rng() & 0xff;
        out.set(input.subarray(at), at + 1);
        return out;
      }
      case 3: {
        if (len === 0) return input.slice();
        const at = this.below(len);
        const out = new Uint8Array(len - 1);
        out.set(input.subarray(0, at));
        out.set(input.subarray(at + 1), at);
        return out;
      }
      case 4:
        return input.slice(0, this.below(len));
      case 5: {
        const other = this.pick(this.samples);
        const a = this.below(len + 1);
        const b = this.below(other.length + 1);
        const out = new Uint8Array(a + other.length - b);
        out.set(input.subarray(0, a));
        out.set(other.subarray(b), a);
        return out;
      }
      case 6:
      case 7: {
        // Length-field overwrite: counts sit at unpredictable offsets, so try them everywhere.
        const out = input.slice();
        if (len >= 4)
          new DataView(out.buffer).setUint32(this.below(len - 3), this.pick(this.u32Values), true);
        return out;
      }
      case 8: {
        const out = input.slice();
        if (len >= 8) new DataView(out.buffer).setBigUint64(this.below(len - 7), this.pick(U64_VALUES), true);
        return out;
      }
      default: {
        const extra = 1 + this.below(8);
        const out = new Uint8Array(len + extra);
        out.set(input);
        for (let i = len; i < out.length; i++) out[i] = this.rng() & 0xff;
        return out;
      }
    }
  }

  next(): Uint8Array {
    if (this.below(4) === 0) return this.randomBytes();
    let out = this.pick(this.samples);
    const rounds = 1 + this.below(3);
    for (let i = 0; i < rounds; i++) out = this.mutate(out);
    return out;
  }
}

const KNOWN_CODES = new Set<CodecErrorCode>([
  "CODEC_TRUNCATED",
  "CODEC_TRAILING_BYTES",
  "CODEC_OVER_CAP",
  "CODEC_UNKNOWN_TAG",
  "CODEC_NON_CANONICAL",
  "CODEC_INVALID_VALUE",
]);

/**
 * FUZZ_ITERATIONS inputs per case. `extraU32Values` adds the list caps of the layer under test (cap and
 * cap + 1) to the values the length-field mutation writes.
 */
export function fuzzSuite(cases: readonly CodecCase[], extraU32Values: readonly number[] = []): void {
  const u32Values = [...U32_VALUES, ...extraU32Values];
  describe(`fuzz: ${FUZZ_ITERATIONS} inputs per decoder`, () => {
    cases.forEach((c, caseIndex) => {
      it(`${c.name} never throws anything but CodecError and accepts only canonical bytes`, () => {
        const seed = (SEED + caseIndex * 0x9e3779b9) >>> 0;
        const samples = fc.sample(c.arb, { seed, numRuns: 64 }).map((v) => c.encode(v));
        const mutator = new Mutator(sfc32(seed), samples, u32Values);
        const where = (i: number, input: Uint8Array): string =>
          `${c.name} iteration ${i} (TIME_FUZZ_SEED=${SEED}) input ${toHex(input).slice(0, 2000)}`;
        let accepted = 0;
        for (let i = 0; i < FUZZ_ITERATIONS; i++) {
          const input = mutator.next();
          let value: unknown;
          try {
            value = c.decode(input);
          } catch (error) {
            if (!(error instanceof CodecError) || !KNOWN_CODES.has(error.code)) {
              throw new Error(`decoder threw ${String(error)} at ${where(i, input)}`, { cause: error });
            }
            continue;
          }
          accepted++;
          let again: Uint8Array;
          try {
            again = c.encode(value);
          } catch (error) {
            throw new Error(`accepted input does not re-encode (${String(error)}) at ${where(i, input)}`, {
              cause: error,
            });
          }
          if (!bytesEqual(again, input))
            throw new Error(`accepted input re-encodes differently at ${where(i, input)}`);
        }
        // Both paths must have been exercised, or the fuzzer is not testing what it claims to.
        expect(accepted, `seed ${SEED}`).toBeGreaterThan(0);
        expect(FUZZ_ITERATIONS - accepted, `seed ${SEED}`).toBeGreaterThan(0);
      });
    });
  });
}
