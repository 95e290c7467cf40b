// The Snowball reply's preference bitmap: one bit per txid of the query (bit i in byte i >> 3 at position
// i & 7), exactly ceil(count / 8) bytes, padding bits zero. Zero padding makes the encoding canonical: a
// bitmap with a stray high bit would otherwise be a second encoding of the same answer.
import type { Reader, Writer } from "../../codec/index.js";
import { bitmapBytes } from "./caps.js";

/** The padding bits of the last byte of a `count`-bit bitmap (0 when count is a multiple of 8). */
function paddingMask(count: number): number {
  const used = count & 7;
  return used === 0 ? 0 : 0xff & ~((1 << used) - 1);
}

export function writeBitmap(w: Writer, bits: Uint8Array, count: number): void {
  const size = bitmapBytes(count);
  if (!(bits instanceof Uint8Array) || bits.length !== size) {
    w.fail("CODEC_INVALID_VALUE", "bits", `a bitmap of ${count} bits is exactly ${size} bytes`, {
      limit: size,
      actual: bits instanceof Uint8Array ? bits.length : -1,
    });
  }
  if (size > 0 && ((bits[size - 1] as number) & paddingMask(count)) !== 0) {
    w.fail("CODEC_NON_CANONICAL", "bits", "padding bits past the last txid are set");
  }
  w.raw(bits);
}

export function readBitmap(r: Reader, count: number): Uint8Array {
  const size = bitmapBytes(count);
  const bits = r.fixed(size, "bits");
  if (size > 0 && ((bits[size - 1] as number) & paddingMask(count)) !== 0) {
    r.fail("CODEC_NON_CANONICAL", "bits", "padding bits past the last txid are set");
  }
  return bits;
}
