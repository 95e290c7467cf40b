// Known-answer tests of the protocol hashes, plus @noble/hashes' BLAKE3 as an independent oracle on random
// inputs (hash-wasm keeps one shared hasher, so multi-part and interleaved use is checked too).
import { blake3 as nobleBlake3 } from "@noble/hashes/blake3.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blake3, blake3Parts, doubleSha256, sha256 } from "./hash.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ascii = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
/** The input of the official BLAKE3 test vectors: byte i is i mod 251. */
const pattern251 = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

describe("blake3", () => {
  it("matches the known answers for '' and 'abc'", () => {
    expect(hex(blake3(new Uint8Array(0)))).toBe(
      "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    );
    expect(hex(blake3(ascii("abc")))).toBe(
      "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
    );
  });

  it("matches the official test vectors (BLAKE3 test_vectors.json, 256-bit output)", () => {
    const vectors: [number, string][] = [
      [0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"],
      [1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"],
      [1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"],
      [1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"],
      [1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"],
      [2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"],
      [2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030"],
      [3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2"],
    ];
    for (const [length, expected] of vectors)
      expect(hex(blake3(pattern251(length))), `len ${length}`).toBe(expected);
  });

  it("agrees with @noble/hashes on random inputs, including multi-chunk ones", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (data) => {
        expect(hex(blake3(data))).toBe(hex(nobleBlake3(data)));
      }),
      { numRuns: 300 },
    );
  });

  it("blake3Parts equals blake3 of the concatenation, and interleaving calls does not mix state", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (parts) => {
        const whole = Buffer.concat(parts);
        const viaParts = blake3Parts(...parts);
        blake3(ascii("something else in between"));
        expect(hex(viaParts)).toBe(hex(blake3(whole)));
      }),
      { numRuns: 200 },
    );
  });

  it("returns a fresh 32-byte array each call", () => {
    const a = blake3(ascii("a"));
    const b = blake3(ascii("b"));
    expect(a).toHaveLength(32);
    expect(hex(a)).not.toBe(hex(b));
    expect(hex(a)).toBe(hex(blake3(ascii("a"))));
  });
});

describe("sha256", () => {
  it("matches FIPS 180-2 known answers", () => {
    expect(hex(sha256(ascii("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(hex(sha256(new Uint8Array(0)))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(hex(sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("doubleSha256 is SHA-256 applied twice", () => {
    expect(hex(doubleSha256(ascii("abc")))).toBe(
      "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358",
    );
    expect(hex(doubleSha256(ascii("hello")))).toBe(hex(sha256(sha256(ascii("hello")))));
  });
});
