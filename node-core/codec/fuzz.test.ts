// Fuzz test: for every decoder, at least 100,000 inputs (random byte strings plus mutations of valid
// encodings) must either decode to a value that re-encodes to the identical bytes, or fail with a
// CodecError; anything else (TypeError, RangeError, a hang, a crash) is a bug. The run is seeded: set
// TIME_FUZZ_SEED to replay a failure, TIME_FUZZ_ITERATIONS (or TIME_FULL_TESTS=1 for 1,000,000) to go longer.
import { randomInt } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_BLOCK_HEARTBEATS,
  MAX_BLOCK_TRANSACTIONS,
  MAX_CERTIFICATE_SIGNATURES,
  MAX_NETWORK_ADDRESS_BYTES,
  MAX_TX_INPUTS,
} from "../params/consensus.js";
import { MAX_AMOUNT } from "../types/amount.js";
import { bytesEqual, toHex } from "../types/bytes.js";
import { MAX_UNDO_CREATED, MAX_UNDO_SPENT } from "./caps.js";
import { CODEC_CASES } from "./cases.js";
import { CodecError, type CodecErrorCode } from "./errors.js";

const SEED = process.env.TIME_FUZZ_SEED ? Number(process.env.TIME_FUZZ_SEED) >>> 0 : randomInt(0, 2 ** 32);
const ITERATIONS = process.env.TIME_FUZZ_ITERATIONS
  ? Number(process.env.TIME_FUZZ_ITERATIONS)
  : process.env.TIME_FULL_TESTS === "1"
    ? 1_000_000
    : 100_000;

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
        if (len >= 4) new DataView(out.buffer).setUint32(this.below(len - 3), this.pick(U32_VALUES), true);
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

describe(`fuzz: ${ITERATIONS} inputs per decoder`, () => {
  CODEC_CASES.forEach((c, caseIndex) => {
    it(`${c.name} never throws anything but CodecError and accepts only canonical bytes`, () => {
      const seed = (SEED + caseIndex * 0x9e3779b9) >>> 0;
      const samples = fc.sample(c.arb, { seed, numRuns: 64 }).map((v) => c.encode(v));
      const mutator = new Mutator(sfc32(seed), samples);
      const where = (i: number, input: Uint8Array): string =>
        `${c.name} iteration ${i} (TIME_FUZZ_SEED=${SEED}) input ${toHex(input).slice(0, 2000)}`;
      let accepted = 0;
      const codes = new Map<string, number>();
      for (let i = 0; i < ITERATIONS; i++) {
        const input = mutator.next();
        let value: unknown;
        try {
          value = c.decode(input);
        } catch (error) {
          if (!(error instanceof CodecError) || !KNOWN_CODES.has(error.code)) {
            throw new Error(`decoder threw ${String(error)} at ${where(i, input)}`, { cause: error });
          }
          codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
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
      expect(ITERATIONS - accepted, `seed ${SEED}`).toBeGreaterThan(0);
    });
  });
});
