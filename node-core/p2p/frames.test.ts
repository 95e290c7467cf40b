// FrameReader and lengthPrefixed: frames survive any chunking, a length over the cap is refused from the
// prefix alone (nothing of the body is buffered), and a padded, over-long or zero prefix is refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameReader, lengthPrefixed } from "./frames.js";

const FC_SEED = process.env.TIME_FC_SEED === undefined ? 20_261_202 : Number(process.env.TIME_FC_SEED);

function bytes(length: number, salt: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + salt) & 0xff);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Hex of each frame: compared as strings, a long byte array comparison stays cheap. */
function hexes(frames: readonly Uint8Array[] | string): string[] | string {
  return typeof frames === "string" ? frames : frames.map((f) => Buffer.from(f).toString("hex"));
}

/** Feeds `chunks` to a fresh reader and returns every frame, or the first error. */
function readAll(cap: number, chunks: readonly Uint8Array[]): Uint8Array[] | string {
  const reader = new FrameReader(cap);
  const frames: Uint8Array[] = [];
  for (const chunk of chunks) {
    const out = reader.push(chunk);
    if (typeof out === "string") return out;
    frames.push(...out);
  }
  expect(reader.bufferedBytes).toBe(0);
  return frames;
}

describe("lengthPrefixed", () => {
  it("writes the minimal LEB128 varint of the length before the frame", () => {
    expect([...lengthPrefixed(bytes(1, 7))]).toEqual([1, 7]);
    expect([...lengthPrefixed(bytes(127, 0)).subarray(0, 1)]).toEqual([127]);
    expect([...lengthPrefixed(bytes(128, 0)).subarray(0, 2)]).toEqual([0x80, 0x01]);
    expect([...lengthPrefixed(bytes(300, 0)).subarray(0, 2)]).toEqual([0xac, 0x02]);
    expect([...lengthPrefixed(bytes(16_384, 0)).subarray(0, 3)]).toEqual([0x80, 0x80, 0x01]);
    const framed = lengthPrefixed(bytes(300, 5));
    expect(framed.length).toBe(302);
    expect(framed.subarray(2)).toEqual(bytes(300, 5));
  });

  it("round-trips any frames through a reader under any chunking", () => {
    const arbFrame = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
      fc.uint8Array({ minLength: 120, maxLength: 400 }),
      fc.integer({ min: 16_380, max: 16_400 }).map((n) => bytes(n, n)),
    );
    fc.assert(
      fc.property(
        fc.array(arbFrame, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 30 }),
        (frames, cuts) => {
          const stream = concat(frames.map(lengthPrefixed));
          const chunks: Uint8Array[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const size = cuts[i % cuts.length] as number;
            chunks.push(stream.subarray(at, at + size));
            at += size;
          }
          expect(hexes(readAll(16_400, chunks))).toEqual(hexes(frames));
        },
      ),
      { seed: FC_SEED, numRuns: 200 },
    );
  });
});

describe("FrameReader", () => {
  const frames = [bytes(1, 1), bytes(130, 2), bytes(5, 3), bytes(300, 4)];
  const stream = concat(frames.map(lengthPrefixed));

  it("reads several frames from one chunk", () => {
    expect(hexes(readAll(300, [stream]))).toEqual(hexes(frames));
    const large = [bytes(20_000, 1), bytes(2, 2), bytes(70_000, 3)];
    expect(hexes(readAll(70_000, [concat(large.map(lengthPrefixed))]))).toEqual(hexes(large));
  });

  it("reads the same frames with the stream split at every byte boundary", () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const read = readAll(300, [stream.subarray(0, cut), stream.subarray(cut)]);
      expect(hexes(read), `cut at ${cut}`).toEqual(hexes(frames));
    }
  });

  it("reads the same frames fed one byte at a time, returning each when its last byte arrives", () => {
    const small = [bytes(3, 9), bytes(200, 8)];
    const wire = concat(small.map(lengthPrefixed));
    const reader = new FrameReader(1_000);
    const seen: { at: number; frame: Uint8Array }[] = [];
    for (let i = 0; i < wire.length; i++) {
      const out = reader.push(wire.subarray(i, i + 1));
      if (typeof out === "string") throw new Error(out);
      for (const frame of out) seen.push({ at: i, frame });
    }
    expect(seen).toEqual([
      { at: 3, frame: small[0] },
      { at: wire.length - 1, frame: small[1] },
    ]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it("holds an unfinished frame and reports its bytes", () => {
    const reader = new FrameReader(1_000);
    expect(reader.push(lengthPrefixed(bytes(100, 1)).subarray(0, 51))).toEqual([]);
    expect(reader.bufferedBytes).toBe(50);
    expect(reader.push(new Uint8Array(0))).toEqual([]);
  });

  it("accepts a frame of exactly the cap", () => {
    expect(readAll(300, [lengthPrefixed(bytes(300, 6))])).toEqual([bytes(300, 6)]);
  });

  it("refuses a length over the cap from the prefix alone, before any of the body arrives", () => {
    const reader = new FrameReader(300);
    const prefix = lengthPrefixed(bytes(301, 0)).subarray(0, 2);
    expect(reader.push(prefix.subarray(0, 1))).toEqual([]);
    expect(reader.push(prefix.subarray(1))).toBe("frame-over-cap");
    // A 4-byte prefix naming 256 MiB - 1 is refused as well, without waiting for a byte of it.
    expect(new FrameReader(1 << 20).push(Uint8Array.of(0xff, 0xff, 0xff, 0x7f))).toBe("frame-over-cap");
  });

  it("refuses a length over the cap that follows a good frame in the same chunk", () => {
    const wire = concat([lengthPrefixed(bytes(10, 1)), lengthPrefixed(bytes(400, 2)).subarray(0, 3)]);
    expect(new FrameReader(300).push(wire)).toBe("frame-over-cap");
  });

  it("refuses a non-canonical (zero-padded) prefix", () => {
    expect(new FrameReader(1_000).push(Uint8Array.of(0x85, 0x00, 1, 2, 3, 4, 5))).toBe("frame-bad-prefix");
    expect(new FrameReader(1 << 24).push(Uint8Array.of(0x80, 0x80, 0x00))).toBe("frame-bad-prefix");
  });

  it("refuses a 5-byte prefix, also when it arrives a byte at a time", () => {
    const prefix = Uint8Array.of(0x81, 0x80, 0x80, 0x80, 0x00);
    expect(new FrameReader(2 ** 30).push(prefix)).toBe("frame-bad-prefix");
    const reader = new FrameReader(2 ** 30);
    for (let i = 0; i < 4; i++) expect(reader.push(prefix.subarray(i, i + 1))).toEqual([]);
    expect(reader.push(prefix.subarray(4))).toBe("frame-bad-prefix");
  });

  it("refuses a zero length", () => {
    expect(new FrameReader(1_000).push(Uint8Array.of(0x00))).toBe("frame-bad-prefix");
    const wire = concat([lengthPrefixed(bytes(2, 1)), Uint8Array.of(0x00)]);
    expect(new FrameReader(1_000).push(wire)).toBe("frame-bad-prefix");
  });
});
