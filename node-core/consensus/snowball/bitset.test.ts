import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bitsetLength, packBits, readBit, unpackBits } from "./bitset.js";

describe("reply bitsets", () => {
  it("bit i lives at byte i >> 3, bit i & 7", () => {
    const values = new Array<boolean>(19).fill(false);
    values[0] = true;
    values[9] = true;
    values[18] = true;
    const bits = packBits(values);
    expect([...bits]).toEqual([0b0000_0001, 0b0000_0010, 0b0000_0100]);
    expect(bitsetLength(0)).toBe(0);
    expect(bitsetLength(1)).toBe(1);
    expect(bitsetLength(8)).toBe(1);
    expect(bitsetLength(9)).toBe(2);
    expect(bitsetLength(512)).toBe(64);
  });

  it("pack then unpack is the identity, and packing leaves unused high bits zero", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 600 }), (values) => {
        const bits = packBits(values);
        expect(bits.length).toBe(bitsetLength(values.length));
        expect(unpackBits(bits, values.length)).toEqual(values);
        const used = values.length % 8;
        if (used !== 0) expect(bits[bits.length - 1]! >> used).toBe(0);
      }),
    );
  });

  it("reading past the end is NO and unused high bits are ignored by count", () => {
    const bits = Uint8Array.of(0xff);
    expect(unpackBits(bits, 3)).toEqual([true, true, true]);
    expect(readBit(bits, 8)).toBe(false);
    expect(readBit(new Uint8Array(0), 0)).toBe(false);
  });
});
