// Candidacy codec: the hand-written layout pins field order and byte order, round trips cover the whole
// value space, and every malformed input (short, long, wrong field sizes, out-of-range values) is refused
// with the codec's typed error on both the decoding and the encoding side.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../types/bytes.js";
import { arbCandidacy } from "./arbitraries.js";
import { CANDIDACY_BYTES, type Candidacy, decodeCandidacy, encodeCandidacy } from "./candidacy.js";
import { CodecError } from "./errors.js";

const fill = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);

const sample: Candidacy = {
  height: 0x0102030405060708n,
  round: 0x0a0b0c0d,
  previousHash: fill(0x11, 32),
  operatorPublicKey: fill(0x22, 32),
  vrfProof: fill(0x33, 80),
};

const sampleHex =
  "0807060504030201" + // height u64 LE
  "0d0c0b0a" + // round u32 LE
  "11".repeat(32) +
  "22".repeat(32) +
  "33".repeat(80);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError);
    return (error as CodecError).code;
  }
  return undefined;
}

describe("candidacy codec", () => {
  it("encodes to the documented layout", () => {
    const bytes = encodeCandidacy(sample);
    expect(bytes.length).toBe(CANDIDACY_BYTES);
    expect(CANDIDACY_BYTES).toBe(156);
    expect(toHex(bytes)).toBe(sampleHex);
    expect(decodeCandidacy(fromHex(sampleHex))).toEqual(sample);
  });

  it("round-trips every valid candidacy", () => {
    fc.assert(
      fc.property(arbCandidacy, (c) => {
        const bytes = encodeCandidacy(c);
        expect(bytes.length).toBe(CANDIDACY_BYTES);
        expect(decodeCandidacy(bytes)).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects truncated and over-long input", () => {
    const bytes = encodeCandidacy(sample);
    for (const n of [0, 1, 12, 44, 76, CANDIDACY_BYTES - 1]) {
      expect(codeOf(() => decodeCandidacy(bytes.subarray(0, n)))).toBe("CODEC_TRUNCATED");
    }
    const longer = new Uint8Array(CANDIDACY_BYTES + 1);
    longer.set(bytes);
    expect(codeOf(() => decodeCandidacy(longer))).toBe("CODEC_TRAILING_BYTES");
  });

  it("refuses to encode fields of the wrong size or out of range", () => {
    expect(codeOf(() => encodeCandidacy({ ...sample, vrfProof: fill(0, 79) }))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeCandidacy({ ...sample, previousHash: fill(0, 33) }))).toBe(
      "CODEC_INVALID_VALUE",
    );
    expect(codeOf(() => encodeCandidacy({ ...sample, operatorPublicKey: fill(0, 31) }))).toBe(
      "CODEC_INVALID_VALUE",
    );
    expect(codeOf(() => encodeCandidacy({ ...sample, round: 2 ** 32 }))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeCandidacy({ ...sample, round: -1 }))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeCandidacy({ ...sample, height: -1n }))).toBe("CODEC_INVALID_VALUE");
    expect(codeOf(() => encodeCandidacy({ ...sample, height: 1n << 64n }))).toBe("CODEC_INVALID_VALUE");
  });

  it("decodes copies that do not alias the input", () => {
    const bytes = encodeCandidacy(sample);
    const decoded = decodeCandidacy(bytes);
    bytes.fill(0xff);
    expect(decoded).toEqual(sample);
  });
});
