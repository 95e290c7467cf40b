// Growable little-endian byte writer: the building block of every encoder. It validates each value as it
// writes it (range, fixed size, cap, printable ASCII), so an encoder can never emit bytes its decoder
// would reject. Growth is by doubling; the only other allocation is the final copy in toBytes().
import { MAX_AMOUNT } from "../types/index.js";
import { CodecError, type CodecErrorCode, type CodecErrorDetails } from "./errors.js";

const U64_MAX = (1n << 64n) - 1n;

export class Writer {
  /** Name of the top-level object being encoded, carried into every error. */
  object: string;
  private buf: Uint8Array;
  private dv: DataView;
  private pos = 0;

  constructor(initialCapacity = 256, object = "value") {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.dv = new DataView(this.buf.buffer);
    this.object = object;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  get capacity(): number {
    return this.buf.length;
  }

  reset(object = this.object): void {
    this.pos = 0;
    this.object = object;
  }

  fail(code: CodecErrorCode, field: string, message: string, extra: CodecErrorDetails = {}): never {
    throw new CodecError(code, `${this.object}: ${field}: ${message}`, {
      object: this.object,
      field,
      offset: this.pos,
      ...extra,
    });
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  u8(value: number, field: string): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xff)
      this.fail("CODEC_INVALID_VALUE", field, "not a u8");
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  u16(value: number, field: string): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff)
      this.fail("CODEC_INVALID_VALUE", field, "not a u16");
    this.ensure(2);
    this.dv.setUint16(this.pos, value, true);
    this.pos += 2;
  }

  u32(value: number, field: string): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      this.fail("CODEC_INVALID_VALUE", field, "not a u32");
    }
    this.ensure(4);
    this.dv.setUint32(this.pos, value, true);
    this.pos += 4;
  }

  u64(value: bigint, field: string): void {
    if (typeof value !== "bigint" || value < 0n || value > U64_MAX) {
      this.fail("CODEC_INVALID_VALUE", field, "not a u64 bigint");
    }
    this.ensure(8);
    this.dv.setBigUint64(this.pos, value, true);
    this.pos += 8;
  }

  /** A u64 amount in sat that must not exceed MAX_AMOUNT. */
  amount(value: bigint, field: string): void {
    if (typeof value !== "bigint" || value < 0n || value > MAX_AMOUNT) {
      this.fail("CODEC_INVALID_VALUE", field, "amount outside 0..MAX_AMOUNT");
    }
    this.ensure(8);
    this.dv.setBigUint64(this.pos, value, true);
    this.pos += 8;
  }

  bool(value: boolean, field: string): void {
    if (typeof value !== "boolean") this.fail("CODEC_INVALID_VALUE", field, "not a boolean");
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
  }

  /** Presence flag of an optional value (the value itself follows when present). */
  presence(present: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = present ? 1 : 0;
  }

  /** A fixed-size byte field, written raw with no length prefix. */
  fixed(bytes: Uint8Array, size: number, field: string): void {
    if (!(bytes instanceof Uint8Array) || bytes.length !== size) {
      this.fail("CODEC_INVALID_VALUE", field, `expected exactly ${size} bytes`, {
        limit: size,
        actual: bytes instanceof Uint8Array ? bytes.length : -1,
      });
    }
    this.ensure(size);
    this.buf.set(bytes, this.pos);
    this.pos += size;
  }

  /** Raw bytes with no length prefix and no validation (pre-built tags and sub-encodings). */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** The u32 count prefix of a list, checked against its hard cap. */
  count(n: number, cap: number, field: string): void {
    if (!Number.isInteger(n) || n < 0) this.fail("CODEC_INVALID_VALUE", field, "bad list length");
    if (n > cap)
      this.fail("CODEC_OVER_CAP", field, `${n} entries exceed the cap of ${cap}`, { limit: cap, actual: n });
    this.u32(n, field);
  }

  /** A length-prefixed string of printable ASCII (0x20-0x7e) of at most `cap` bytes. */
  ascii(text: string, cap: number, field: string): void {
    if (typeof text !== "string") this.fail("CODEC_INVALID_VALUE", field, "not a string");
    const n = text.length;
    if (n > cap)
      this.fail("CODEC_OVER_CAP", field, `${n} bytes exceed the cap of ${cap}`, { limit: cap, actual: n });
    this.ensure(4 + n);
    this.dv.setUint32(this.pos, n, true);
    const start = this.pos + 4;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) this.fail("CODEC_INVALID_VALUE", field, "not printable ASCII", { actual: i });
      this.buf[start + i] = c;
    }
    this.pos = start + n;
  }

  /** A view of the bytes written so far; valid only until the next write or reset. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
