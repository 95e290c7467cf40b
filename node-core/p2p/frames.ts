// Length-prefixed frames on a stream: an unsigned LEB128 varint length (at most 4 bytes), then that many
// bytes of one protocol frame. The reader refuses a length over the channel's cap as soon as the prefix is
// read, before buffering the body, and a prefix that is not minimal (non-canonical) or too long.

/** The varint prefix of `length` followed by `frame`, in one buffer (one write per message). */
export function lengthPrefixed(frame: Uint8Array): Uint8Array {
  let n = frame.length;
  const prefix: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n > 0) byte |= 0x80;
    prefix.push(byte);
  } while (n > 0);
  const out = new Uint8Array(prefix.length + frame.length);
  out.set(prefix, 0);
  out.set(frame, prefix.length);
  return out;
}

export type FrameError = "frame-over-cap" | "frame-bad-prefix";

export class FrameReader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private expected: number | null = null;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes held for an unfinished frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * Takes a chunk and returns the frames it completes, or an error naming why the stream must be dropped
   * (the rest of the stream cannot be framed after a bad prefix).
   */
  push(chunk: Uint8Array): Uint8Array[] | FrameError {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.expected === null) {
        const prefix = this.readPrefix();
        if (prefix === null) return frames;
        if (typeof prefix === "string") return prefix;
        this.expected = prefix;
      }
      if (this.buffered < this.expected) return frames;
      frames.push(this.take(this.expected));
      this.expected = null;
    }
  }

  private readPrefix(): number | FrameError | null {
    let value = 0;
    let i = 0;
    for (const chunk of this.chunks) {
      for (const byte of chunk) {
        if (i === 4) return "frame-bad-prefix";
        value += (byte & 0x7f) * 2 ** (7 * i);
        i++;
        if ((byte & 0x80) === 0) {
          // A zero high byte after the first means the prefix was padded: not canonical.
          if (i > 1 && byte === 0) return "frame-bad-prefix";
          if (value > this.maxFrameBytes) return "frame-over-cap";
          if (value === 0) return "frame-bad-prefix";
          this.take(i);
          return value;
        }
      }
    }
    return null;
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0] as Uint8Array;
      const need = n - filled;
      if (head.length <= need) {
        out.set(head, filled);
        filled += head.length;
        this.chunks.shift();
      } else {
        out.set(head.subarray(0, need), filled);
        this.chunks[0] = head.subarray(need);
        filled += need;
      }
    }
    this.buffered -= n;
    return out;
  }
}
