// Bounds-checked little-endian byte reader: the building block of every decoder. Every read checks the
// remaining length first, list counts are checked against their cap and against what the remaining input
// could possibly hold before anything is allocated, and byte fields are returned as copies so decoded
// objects never alias (or pin) the input buffer.
import { MAX_AMOUNT } from "../types/index.js";
import { CodecError, type CodecErrorCode, type CodecErrorDetails, inputError } from "./errors.js";

export class Reader {
  /** Name of the top-level object being decoded, carried into every error. */
  readonly object: string;
  private readonly buf: Uint8Array;
  private readonly dv: DataView;
  private pos = 0;

  constructor(bytes: Uint8Array, object = "value") {
    this.object = object;
    if (!(bytes instanceof Uint8Array)) {
      throw new CodecError("CODEC_INVALID_VALUE", `${object}: input is not a Uint8Array`, { object });
    }
    // A Node Buffer's slice() is a view, not a copy: read through a plain Uint8Array over the same memory.
    this.buf =
      bytes.constructor === Uint8Array
        ? bytes
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  fail(code: CodecErrorCode, field: string, message: string, extra: CodecErrorDetails = {}): never {
    throw inputError(code, `${this.object}: ${field}: ${message} at offset ${this.pos}`, {
      object: this.object,
      field,
      offset: this.pos,
      ...extra,
    });
  }

  private need(n: number, field: string): void {
    if (this.buf.length - this.pos < n) {
      this.fail("CODEC_TRUNCATED", field, `needs ${n} bytes, ${this.buf.length - this.pos} left`, {
        limit: n,
        actual: this.buf.length - this.pos,
      });
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++] as number;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.dv.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = this.dv.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  amount(field: string): bigint {
    this.need(8, field);
    const v = this.dv.getBigUint64(this.pos, true);
    if (v > MAX_AMOUNT) this.fail("CODEC_INVALID_VALUE", field, "amount exceeds MAX_AMOUNT");
    this.pos += 8;
    return v;
  }

  /** A boolean byte: exactly 0 or 1; anything else has two meanings and is rejected. */
  bool(field: string): boolean {
    this.need(1, field);
    const b = this.buf[this.pos] as number;
    if (b > 1) this.fail("CODEC_NON_CANONICAL", field, `boolean byte ${b}`, { tag: b });
    this.pos++;
    return b === 1;
  }

  /** Presence flag of an optional value: same canonical 0/1 rule as a boolean. */
  presence(field: string): boolean {
    return this.bool(field);
  }

  /** A fixed-size byte field, returned as a copy. */
  fixed(size: number, field: string): Uint8Array {
    this.need(size, field);
    const out = this.buf.slice(this.pos, this.pos + size);
    this.pos += size;
    return out;
  }

  /**
   * A u32 list count. Over `cap` is CODEC_OVER_CAP; more entries than the remaining input could hold at
   * `minItemBytes` each is CODEC_TRUNCATED. Both are checked before the caller allocates anything.
   */
  count(cap: number, minItemBytes: number, field: string): number {
    this.need(4, field);
    const n = this.dv.getUint32(this.pos, true);
    if (n > cap)
      this.fail("CODEC_OVER_CAP", field, `${n} entries exceed the cap of ${cap}`, { limit: cap, actual: n });
    this.pos += 4;
    if (n * minItemBytes > this.buf.length - this.pos) {
      this.pos -= 4;
      this.fail(
        "CODEC_TRUNCATED",
        field,
        `${n} entries cannot fit in ${this.buf.length - this.pos - 4} bytes`,
        {
          actual: n,
        },
      );
    }
    return n;
  }

  /** A length-prefixed string of printable ASCII (0x20-0x7e) of at most `cap` bytes. */
  ascii(cap: number, field: string): string {
    const n = this.count(cap, 1, field);
    let text = "";
    for (let i = 0; i < n; i++) {
      const c = this.buf[this.pos + i] as number;
      if (c < 0x20 || c > 0x7e) {
        this.pos += i;
        this.fail(
          "CODEC_INVALID_VALUE",
          field,
          `byte 0x${c.toString(16).padStart(2, "0")} is not printable ASCII`,
        );
      }
      text += String.fromCharCode(c);
    }
    this.pos += n;
    return text;
  }

  /** Requires that the whole input was consumed. */
  end(): void {
    if (this.pos !== this.buf.length) {
      this.fail("CODEC_TRAILING_BYTES", "end", `${this.buf.length - this.pos} trailing bytes`, {
        actual: this.buf.length - this.pos,
      });
    }
  }
}
