// toHex and fromHex against Node's Buffer codec, for inputs on either side of the small-array copy path,
// views at an offset into a larger buffer, and Buffers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "./bytes.js";

const reference = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("hex", () => {
  it("toHex is lowercase hex of exactly the viewed bytes, for any length and offset", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: 40 }),
        fc.nat({ max: 40 }),
        (bytes, before, after) => {
          const backing = new Uint8Array(before + bytes.length + after).fill(0xee);
          backing.set(bytes, before);
          const view = backing.subarray(before, before + bytes.length);
          expect(toHex(bytes)).toBe(reference(bytes));
          expect(toHex(view)).toBe(reference(bytes));
          expect(toHex(Buffer.from(bytes))).toBe(reference(bytes));
          expect(fromHex(toHex(view))).toEqual(bytes);
        },
      ),
    );
  });

  it("toHex does not touch its input", () => {
    const bytes = Uint8Array.of(0, 1, 0xab, 0xff);
    expect(toHex(bytes)).toBe("0001abff");
    expect([...bytes]).toEqual([0, 1, 0xab, 0xff]);
  });

  it("fromHex accepts either case and refuses odd lengths and non-hex", () => {
    expect(fromHex("00ABff")).toEqual(Uint8Array.of(0, 0xab, 0xff));
    expect(fromHex("")).toEqual(new Uint8Array(0));
    expect(() => fromHex("abc")).toThrow(TypeError);
    expect(() => fromHex("zz")).toThrow(TypeError);
    expect(fromHex("00").constructor).toBe(Uint8Array);
  });
});
