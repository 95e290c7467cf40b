// Tests of ECVRF-EDWARDS25519-SHA512-TAI: all three RFC 9381 Appendix B.3 vectors with their intermediate
// values, the strict decoding rules (small-order and non-canonical keys and Gamma, s >= L, lengths), forged
// proofs that satisfy the verification equations but must still fail, bit flips, garbage input, and
// prove/verify properties on random keys.
import { createPrivateKey, createPublicKey, randomBytes } from "node:crypto";
import { ED25519_TORSION_SUBGROUP, ed25519 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromLe, hex, L, P, toLe, unhex } from "./curve-test-support.js";
import {
  VRF_OUTPUT_BYTES,
  VRF_PROOF_BYTES,
  VrfError,
  vrfInternals,
  vrfProofToHash,
  vrfProve,
  vrfPublicKey,
  vrfVerify,
} from "./vrf.js";

const withGamma = (pi: Uint8Array, gamma: Uint8Array) => {
  const out = pi.slice();
  out.set(gamma, 0);
  return out;
};
const withS = (pi: Uint8Array, s: bigint) => {
  const out = pi.slice();
  out.set(toLe(s), 48);
  return out;
};

// RFC 9381 Appendix B.3, Examples 16-18, typed from the RFC text (the same values appear in the test suites
// of independent implementations, e.g. the Rust crates built on curve25519-dalek).
const VECTORS = [
  {
    name: "Example 16 (empty alpha)",
    sk: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    pk: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    alpha: "",
    x: "307c83864f2833cb427a2ef1c00a013cfdff2768d980c0a3a520f006904de94f",
    ctr: 0,
    h: "91bbed02a99461df1ad4c6564a5f5d829d0b90cfc7903e7a5797bd658abf3318",
    k:
      "7100f3d9eadb6dc4743b029736ff283f5be494128df128df2817106f345b8594" +
      "b6d6da2d6fb0b4c0257eb337675d96eab49cf39e66cc2c9547c2bf8b2a6afae4",
    u: "aef27c725be964c6a9bf4c45ca8e35df258c1878b838f37d9975523f09034071",
    v: "5016572f71466c646c119443455d6cb9b952f07d060ec8286d678615d55f954f",
    pi:
      "8657106690b5526245a92b003bb079ccd1a92130477671f6fc01ad16f26f723f" +
      "26f8a57ccaed74ee1b190bed1f479d97" +
      "27d2d0f9b005a6e456a35d4fb0daab1268a1b0db10836d9826a528ca76567805",
    beta:
      "90cf1df3b703cce59e2a35b925d411164068269d7b2d29f3301c03dd757876ff" +
      "66b71dda49d2de59d03450451af026798e8f81cd2e333de5cdf4f3e140fdd8ae",
  },
  {
    name: "Example 17 (alpha = 0x72)",
    sk: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    pk: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    alpha: "72",
    x: "68bd9ed75882d52815a97585caf4790a7f6c6b3b7f821c5e259a24b02e502e51",
    ctr: 1,
    h: "5b659fc3d4e9263fd9a4ed1d022d75eaacc20df5e09f9ea937502396598dc551",
    k:
      "42589bbf0c485c3c91c1621bb4bfe04aed7be76ee48f9b00793b2342acb9c167" +
      "cab856f9f9d4febc311330c20b0a8afd3743d05433e8be8d32522ecdc16cc5ce",
    u: "1dcb0a4821a2c48bf53548228b7f170962988f6d12f5439f31987ef41f034ab3",
    v: "fd03c0bf498c752161bae4719105a074630a2aa5f200ff7b3995f7bfb1513423",
    pi:
      "f3141cd382dc42909d19ec5110469e4feae18300e94f304590abdced48aed593" +
      "3bf0864a62558b3ed7f2fea45c92a465" +
      "301b3bbf5e3e54ddf2d935be3b67926da3ef39226bbc355bdc9850112c8f4b02",
    beta:
      "eb4440665d3891d668e7e0fcaf587f1b4bd7fbfe99d0eb2211ccec90496310eb" +
      "5e33821bc613efb94db5e5b54c70a848a0bef4553a41befc57663b56373a5031",
  },
  {
    name: "Example 18 (alpha = 0xaf82)",
    sk: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    pk: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    alpha: "af82",
    x: "909a8b755ed902849023a55b15c23d11ba4d7f4ec5c2f51b1325a181991ea95c",
    ctr: 0,
    h: "bf4339376f5542811de615e3313d2b36f6f53c0acfebb482159711201192576a",
    k:
      "38b868c335ccda94a088428cbf3ec8bc7955bfaffe1f3bd2aa2c59fc31a0febc" +
      "59d0e1af3715773ce11b3bbdd7aba8e3505d4b9de6f7e4a96e67e0d6bb6d6c3a",
    u: "2bae73e15a64042fcebf062abe7e432b2eca6744f3e8265bc38e009cd577ecd5",
    v: "88cba1cb0d4f9b649d9a86026b69de076724a93a65c349c988954f0961c5d506",
    pi:
      "9bc0f79119cc5604bf02d23b4caede71393cedfbb191434dd016d30177ccbf80" +
      "96bb474e53895c362d8628ee9f9ea3c0" +
      "e52c7a5c691b6c18c9979866568add7a2d41b00b05081ed0f58ee5e31b3a970e",
    beta:
      "645427e5d00c62a23fb703732fa5d892940935942101e456ecca7bb217c61c45" +
      "2118fec1219202a0edcf038bb6373241578be7217ba85a2687f7a0310b2df19f",
  },
] as const;

// The 8 points of order dividing 8 (both x signs where x != 0), as libsodium's blocklist lists them.
const SMALL_ORDER_KEYS = [
  "0100000000000000000000000000000000000000000000000000000000000000", // identity
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // (0, -1), order 2
  "0000000000000000000000000000000000000000000000000000000000000000", // y = 0, order 4
  "0000000000000000000000000000000000000000000000000000000000000080", // y = 0, other x, order 4
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
];

/**
 * Encodings that a lenient (ZIP-215) decoder accepts but RFC 8032 rejects: y = p + d for small d (y >= p),
 * and x = 0 with the sign bit set ("negative zero").
 */
function nonCanonicalEncodings(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let d = 0n; d < 19n; d++) {
    for (const sign of [0, 0x80]) {
      const e = toLe(P + d);
      e[31] = (e[31] as number) | sign;
      out.push(e);
    }
  }
  for (const y of [1n, P - 1n]) {
    const e = toLe(y);
    e[31] = (e[31] as number) | 0x80;
    out.push(e);
  }
  return out.filter((e) => {
    try {
      ed25519.Point.fromBytes(e, true);
      return true;
    } catch {
      return false;
    }
  });
}

/** The RFC 9381 challenge, recomputed here from the spec text to show forged proofs pass the equations. */
function referenceChallenge(...points: Uint8Array[]): Uint8Array {
  const parts = [Uint8Array.of(0x03, 0x02), ...points, Uint8Array.of(0x00)];
  return sha512(Buffer.concat(parts)).slice(0, 16);
}

/** ed25519 public key of a seed through OpenSSL, an implementation independent of @noble/curves. */
function opensslPublicKey(seed: Uint8Array): Uint8Array {
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const key = createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
  return new Uint8Array(key.export({ format: "der", type: "spki" }).subarray(12));
}

const EXAMPLE = VECTORS[2];
const EXAMPLE_PK = unhex(EXAMPLE.pk);
const EXAMPLE_ALPHA = unhex(EXAMPLE.alpha);
const EXAMPLE_PI = unhex(EXAMPLE.pi);

describe("RFC 9381 Appendix B.3 vectors", () => {
  for (const v of VECTORS) {
    it(`${v.name}: public key, intermediates, pi and beta`, () => {
      const sk = unhex(v.sk);
      const alpha = unhex(v.alpha);
      expect(hex(vrfPublicKey(sk))).toBe(v.pk);
      const steps = vrfInternals.proveSteps(sk, alpha);
      expect(hex(steps.x)).toBe(v.x);
      expect(steps.ctr).toBe(v.ctr);
      expect(hex(steps.h)).toBe(v.h);
      expect(hex(steps.k)).toBe(v.k);
      expect(hex(steps.u)).toBe(v.u);
      expect(hex(steps.v)).toBe(v.v);
      expect(hex(steps.pi)).toBe(v.pi);
      expect(hex(vrfProve(sk, alpha))).toBe(v.pi);
    });

    it(`${v.name}: encode_to_curve, verify and proof_to_hash`, () => {
      const pk = unhex(v.pk);
      const alpha = unhex(v.alpha);
      const pi = unhex(v.pi);
      const encoded = vrfInternals.encodeToCurve(pk, alpha);
      expect(hex(encoded.h)).toBe(v.h);
      expect(encoded.ctr).toBe(v.ctr);
      // The verifier's U = s*B - c*Y and V = s*H - c*Gamma must land on the prover's U and V.
      const steps = vrfInternals.verifySteps(pk, pi, alpha);
      expect(steps).toBeDefined();
      expect(hex(steps!.h)).toBe(v.h);
      expect(hex(steps!.u)).toBe(v.u);
      expect(hex(steps!.v)).toBe(v.v);
      expect(hex(steps!.beta!)).toBe(v.beta);
      expect(hex(vrfVerify(pk, pi, alpha)!)).toBe(v.beta);
      expect(hex(vrfProofToHash(pi))).toBe(v.beta);
    });
  }
});

describe("keys and seeds", () => {
  it("the VRF public key is the ed25519 public key of the seed", () => {
    for (let i = 0; i < 20; i++) {
      const seed = new Uint8Array(randomBytes(32));
      expect(hex(vrfPublicKey(seed))).toBe(hex(opensslPublicKey(seed)));
    }
  });

  it("rejects seeds that are not 32 bytes, without echoing them", () => {
    for (const length of [0, 31, 33, 64]) {
      const seed = new Uint8Array(length).fill(0xab);
      for (const call of [() => vrfPublicKey(seed), () => vrfProve(seed, new Uint8Array(0))]) {
        let caught: unknown;
        try {
          call();
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(VrfError);
        const error = caught as VrfError;
        expect(error.code).toBe("VRF_BAD_SEED");
        expect(error.payload.length).toBe(length);
        expect(error.message).not.toContain("abab");
        expect(error.message).toBe("VRF seed must be 32 bytes");
      }
    }
    expect(() => vrfPublicKey("00".repeat(32) as unknown as Uint8Array)).toThrow(VrfError);
    expect(() => vrfProve(new Uint8Array(32), "af82" as unknown as Uint8Array)).toThrow(
      new TypeError("VRF alpha must be a Uint8Array"),
    );
  });
});

describe("verification rejects", () => {
  it("every single-bit flip of a valid proof", () => {
    for (const v of VECTORS) {
      const pk = unhex(v.pk);
      const alpha = unhex(v.alpha);
      const pi = unhex(v.pi);
      let rejected = 0;
      for (let bit = 0; bit < VRF_PROOF_BYTES * 8; bit++) {
        const flipped = pi.slice();
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        if (vrfVerify(pk, flipped, alpha) === null) rejected++;
      }
      expect(rejected).toBe(VRF_PROOF_BYTES * 8);
      expect(vrfVerify(pk, pi, alpha)).not.toBeNull();
    }
  });

  it("a proof checked against another alpha", () => {
    expect(vrfVerify(EXAMPLE_PK, EXAMPLE_PI, unhex("af83"))).toBeNull();
    expect(vrfVerify(EXAMPLE_PK, EXAMPLE_PI, unhex("af"))).toBeNull();
    expect(vrfVerify(EXAMPLE_PK, EXAMPLE_PI, unhex("af8200"))).toBeNull();
    expect(vrfVerify(EXAMPLE_PK, EXAMPLE_PI, new Uint8Array(0))).toBeNull();
  });

  it("a proof checked under another key", () => {
    for (const v of VECTORS) {
      for (const w of VECTORS) {
        const beta = vrfVerify(unhex(w.pk), unhex(v.pi), unhex(v.alpha));
        if (v === w) expect(beta).not.toBeNull();
        else expect(beta).toBeNull();
      }
    }
    const other = vrfPublicKey(new Uint8Array(randomBytes(32)));
    expect(vrfVerify(other, EXAMPLE_PI, EXAMPLE_ALPHA)).toBeNull();
  });

  it("small-order public keys, at key validation", () => {
    // The list above is exactly the torsion subgroup as @noble/curves enumerates it.
    expect([...SMALL_ORDER_KEYS].sort()).toEqual([...ED25519_TORSION_SUBGROUP].sort());
    for (const key of SMALL_ORDER_KEYS) {
      const pk = unhex(key);
      expect(vrfVerify(pk, EXAMPLE_PI, EXAMPLE_ALPHA)).toBeNull();
      // Rejected before U and V are computed, i.e. by validate_key and not by the challenge comparison.
      expect(vrfInternals.verifySteps(pk, EXAMPLE_PI, EXAMPLE_ALPHA)).toBeUndefined();
    }
    // A sound key with the same proof does get as far as the challenge comparison.
    const other = vrfPublicKey(new Uint8Array(32).fill(7));
    expect(vrfInternals.verifySteps(other, EXAMPLE_PI, EXAMPLE_ALPHA)?.beta).toBeNull();
  });

  it("forged proofs with a small-order key and Gamma, even though they satisfy the equations", () => {
    // With Y and Gamma in the torsion subgroup and c a multiple of 8, c*Y and c*Gamma vanish, so anyone can
    // pick k, publish Gamma, c = challenge(Y, H, Gamma, k*B, k*H) and s = k, and the verifier's U and V
    // equal k*B and k*H. Only the small-order checks stop this forgery (with a key-independent beta).
    const alpha = new TextEncoder().encode("forged");
    for (const [keyIndex, gammaIndex] of [
      [0, 0],
      [4, 6],
      [2, 1],
    ] as const) {
      const y = unhex(SMALL_ORDER_KEYS[keyIndex] as string);
      const gamma = unhex(SMALL_ORDER_KEYS[gammaIndex] as string);
      const hBytes = vrfInternals.encodeToCurve(y, alpha).h;
      const h = ed25519.Point.fromBytes(hBytes);
      let forged: Uint8Array | undefined;
      for (let k = 1n; forged === undefined; k++) {
        const c = referenceChallenge(
          y,
          hBytes,
          gamma,
          ed25519.Point.BASE.multiply(k).toBytes(),
          h.multiply(k).toBytes(),
        );
        if (fromLe(c) % 8n === 0n) forged = Buffer.concat([gamma, c, toLe(k)]);
      }
      // The forged proof passes the RFC equations as an unchecked verifier would compute them.
      const c = fromLe(forged.subarray(32, 48));
      const s = fromLe(forged.subarray(48, 80));
      const yPoint = ed25519.Point.fromBytes(y);
      const gammaPoint = ed25519.Point.fromBytes(gamma);
      const u = ed25519.Point.BASE.multiplyUnsafe(s).subtract(yPoint.multiplyUnsafe(c % L));
      const v = h.multiplyUnsafe(s).subtract(gammaPoint.multiplyUnsafe(c % L));
      expect(hex(referenceChallenge(y, hBytes, gamma, u.toBytes(), v.toBytes()))).toBe(
        hex(forged.subarray(32, 48)),
      );
      expect(vrfVerify(y, forged, alpha)).toBeNull();
      expect(() => vrfProofToHash(forged)).toThrow(VrfError);
    }
  });

  it("a small-order Gamma under a sound key", () => {
    for (const gamma of SMALL_ORDER_KEYS) {
      const pi = withGamma(EXAMPLE_PI, unhex(gamma));
      expect(vrfVerify(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeNull();
      expect(vrfInternals.verifySteps(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeUndefined();
      expect(() => vrfProofToHash(pi)).toThrow(expect.objectContaining({ code: "VRF_BAD_PROOF" }));
    }
  });

  it("proof_to_hash names the reason of a malformed proof in its message and payload", () => {
    const gamma = SMALL_ORDER_KEYS[0] as string;
    expect(() => vrfProofToHash(withGamma(EXAMPLE_PI, unhex(gamma)))).toThrow(
      expect.objectContaining({
        code: "VRF_BAD_PROOF",
        message: "malformed VRF proof (gamma-small-order)",
        payload: { length: 80, reason: "gamma-small-order" },
      }),
    );
    expect(() => vrfProofToHash("not a proof" as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: "VRF_BAD_PROOF", message: "VRF proof must be a byte array" }),
    );
  });

  it("verification steps refuse a key, proof or alpha that is not a Uint8Array, before any arithmetic", () => {
    expect(vrfInternals.verifySteps(EXAMPLE_PK, EXAMPLE_PI, EXAMPLE_ALPHA)?.beta).not.toBeNull();
    const arrayOf = (bytes: Uint8Array) => Array.from(bytes) as unknown as Uint8Array;
    for (const [pk, pi, alpha] of [
      [arrayOf(EXAMPLE_PK), EXAMPLE_PI, EXAMPLE_ALPHA],
      [EXAMPLE_PK, arrayOf(EXAMPLE_PI), EXAMPLE_ALPHA],
      [EXAMPLE_PK, EXAMPLE_PI, arrayOf(EXAMPLE_ALPHA)],
      [EXAMPLE_PK, EXAMPLE_PI, "alpha" as unknown as Uint8Array],
    ] as const) {
      expect(vrfInternals.verifySteps(pk, pi, alpha)).toBeUndefined();
      expect(vrfVerify(pk, pi, alpha)).toBeNull();
    }
  });

  it("an alpha that breaks while being read gives null, not an exception or undefined", () => {
    const broken = new Uint8Array(3);
    Object.defineProperty(broken, "length", {
      get() {
        throw new Error("broken array");
      },
    });
    expect(vrfVerify(EXAMPLE_PK, EXAMPLE_PI, broken)).toBeNull();
  });

  it("s >= L, including s + L, which names the same scalar", () => {
    const s = fromLe(EXAMPLE_PI.subarray(48));
    expect(s).toBeLessThan(L);
    // Sanity: re-encoding the same s keeps the proof valid, so the rejections below are about s alone.
    expect(vrfVerify(EXAMPLE_PK, withS(EXAMPLE_PI, s), EXAMPLE_ALPHA)).not.toBeNull();
    for (const bad of [s + L, L, L + 1n, 2n ** 256n - 1n, s + 2n ** 255n]) {
      const pi = withS(EXAMPLE_PI, bad);
      expect(vrfVerify(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeNull();
      expect(vrfInternals.verifySteps(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeUndefined();
      expect(() => vrfProofToHash(pi)).toThrow(
        expect.objectContaining({ code: "VRF_BAD_PROOF", payload: { length: 80, reason: "s-not-reduced" } }),
      );
    }
  });

  it("wrong lengths of proof and key", () => {
    for (const length of [0, 1, 32, 79, 81, 160]) {
      const pi = new Uint8Array(length);
      pi.set(EXAMPLE_PI.subarray(0, Math.min(length, 80)));
      expect(vrfVerify(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeNull();
      expect(() => vrfProofToHash(pi)).toThrow(
        expect.objectContaining({ code: "VRF_BAD_PROOF", payload: { length, reason: "length" } }),
      );
    }
    // A valid proof with one extra trailing byte is still rejected (no prefix parsing).
    const padded = new Uint8Array(81);
    padded.set(EXAMPLE_PI);
    expect(vrfVerify(EXAMPLE_PK, padded, EXAMPLE_ALPHA)).toBeNull();
    for (const length of [0, 31, 33, 64]) {
      const pk = new Uint8Array(length);
      pk.set(EXAMPLE_PK.subarray(0, Math.min(length, 32)));
      expect(vrfVerify(pk, EXAMPLE_PI, EXAMPLE_ALPHA)).toBeNull();
    }
  });

  it("non-canonical Gamma and public-key encodings", () => {
    const encodings = nonCanonicalEncodings();
    // y = p and p + 1 (the small-order points 0 and 1) and both negative zeros at least.
    expect(encodings.length).toBeGreaterThanOrEqual(4);
    const other = vrfPublicKey(new Uint8Array(32).fill(9));
    for (const e of encodings) {
      const pi = withGamma(EXAMPLE_PI, e);
      expect(vrfVerify(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeNull();
      expect(vrfInternals.verifySteps(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeUndefined();
      expect(() => vrfProofToHash(pi)).toThrow(
        expect.objectContaining({ code: "VRF_BAD_PROOF", payload: { length: 80, reason: "gamma-encoding" } }),
      );
      expect(vrfVerify(e, EXAMPLE_PI, EXAMPLE_ALPHA)).toBeNull();
      expect(
        vrfInternals.verifySteps(e, vrfProve(new Uint8Array(32).fill(9), EXAMPLE_ALPHA), EXAMPLE_ALPHA),
      ).toBe(undefined);
    }
    expect(
      vrfVerify(other, vrfProve(new Uint8Array(32).fill(9), EXAMPLE_ALPHA), EXAMPLE_ALPHA),
    ).not.toBeNull();
  });

  it("Gamma that is not a curve point", () => {
    // y = 2 has no x on edwards25519 (so the encoding fails at the square root, not at canonicity).
    const notOnCurve = toLe(2n);
    expect(() => ed25519.Point.fromBytes(notOnCurve, true)).toThrow();
    const pi = withGamma(EXAMPLE_PI, notOnCurve);
    expect(vrfVerify(EXAMPLE_PK, pi, EXAMPLE_ALPHA)).toBeNull();
    expect(() => vrfProofToHash(pi)).toThrow(
      expect.objectContaining({ payload: { length: 80, reason: "gamma-encoding" } }),
    );
  });
});

describe("never throws", () => {
  it("on 10,000 random inputs, including wrong types", () => {
    const weird: unknown[] = [
      undefined,
      null,
      0,
      "",
      "00".repeat(80),
      [],
      {},
      new Uint16Array(40),
      Buffer.alloc(80),
    ];
    const pick = (): unknown => {
      const r = Math.random();
      if (r < 0.05) return weird[Math.floor(Math.random() * weird.length)];
      const length = r < 0.5 ? 80 : r < 0.9 ? 32 : Math.floor(Math.random() * 100);
      return new Uint8Array(randomBytes(length));
    };
    for (let i = 0; i < 10_000; i++) {
      const pk = i % 3 === 0 ? EXAMPLE_PK : pick();
      const pi = i % 3 === 1 ? EXAMPLE_PI : pick();
      const alpha = i % 5 === 0 ? EXAMPLE_ALPHA : pick();
      // Never the valid (key, proof, alpha) triple: the key and the proof are never both the example's.
      expect(vrfVerify(pk as Uint8Array, pi as Uint8Array, alpha as Uint8Array)).toBeNull();
      try {
        const beta = vrfProofToHash(pi as Uint8Array);
        expect(beta.length).toBe(VRF_OUTPUT_BYTES);
      } catch (error) {
        expect(error).toBeInstanceOf(VrfError);
      }
    }
  });
});

describe("properties", () => {
  it("prove/verify round trip, beta = proof_to_hash, determinism", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 96 }),
        (seed, alpha) => {
          const pk = vrfPublicKey(seed);
          const pi = vrfProve(seed, alpha);
          expect(pi.length).toBe(VRF_PROOF_BYTES);
          const beta = vrfVerify(pk, pi, alpha);
          expect(beta).not.toBeNull();
          expect(beta!.length).toBe(VRF_OUTPUT_BYTES);
          expect(hex(beta!)).toBe(hex(vrfProofToHash(pi)));
          expect(hex(vrfProve(seed, alpha))).toBe(hex(pi));
          // A different input gives a different proof that does not verify for the first input.
          const other = Uint8Array.from([...alpha, 0]);
          const otherPi = vrfProve(seed, other);
          expect(hex(otherPi)).not.toBe(hex(pi));
          expect(vrfVerify(pk, otherPi, alpha)).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });
});
