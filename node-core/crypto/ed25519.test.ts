// Tests of the one ed25519 rule: RFC 8032 vectors, the encoding edge cases that make OpenSSL alone unfit for
// consensus (small-order and non-canonical A and R, S >= L), and a cross-check against @noble/ed25519 (an
// independent implementation, used in its strict RFC 8032 mode) on random keys and mutated signatures.
import { ED25519_TORSION_SUBGROUP } from "@noble/curves/ed25519.js";
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromLe, hex, L, P, toLe, unhex } from "./curve-test-support.js";
import {
  forgetPrivateKeys,
  hasSmallOrder,
  hasStrictEncoding,
  isCanonicalEncoding,
  isCanonicalPoint,
  publicKeyFromSeed,
  randomSeed,
  sign,
  verify,
} from "./ed25519.js";
import { CryptoError } from "./errors.js";

ed.hashes.sha512 = sha512;

const withSign = (e: Uint8Array, sign: 0 | 1) => {
  const out = e.slice();
  out[31] = ((out[31] as number) & 0x7f) | (sign << 7);
  return out;
};
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
/** Deterministic pseudo-random bytes, so failures reproduce. */
const prng = (label: string, i: number, n = 32) => sha512(Buffer.from(`${label}/${i}`)).slice(0, n);

const nobleStrictVerify = (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => {
  try {
    return ed.verify(sig, msg, pk, { zip215: false });
  } catch {
    return false;
  }
};
const nobleDecodes = (e: Uint8Array) => {
  try {
    ed.Point.fromBytes(e, false);
    return true;
  } catch {
    return false;
  }
};

// RFC 8032 section 7.1, typed in as data.
const RFC8032 = [
  {
    name: "TEST 1",
    seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature:
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    name: "TEST 2",
    seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature:
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
  {
    name: "TEST 3",
    seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    message: "af82",
    signature:
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
  },
  {
    name: "TEST 1024",
    seed: "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
    publicKey: "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
    message:
      "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed185ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f27088d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128bab27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb751fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34dff7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e488acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5fb93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380db2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
    signature:
      "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03",
  },
  {
    name: "TEST SHA(abc)",
    seed: "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
    publicKey: "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
    message:
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    signature:
      "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
  },
];

type Vector = (typeof RFC8032)[number];
const [TEST1, TEST2, TEST3] = RFC8032 as [Vector, Vector, Vector, ...Vector[]];

/**
 * The 8 points of order dividing 8, derived without trusting any list: for a random curve point Q, the
 * torsion part is Q - [8^-1 mod L]([8]Q). Random points hit all 8 torsion parts quickly.
 */
function deriveTorsionPoints(): string[] {
  const inv8 = (() => {
    // 8^-1 mod L by Fermat.
    let result = 1n;
    let base = 8n;
    let e = L - 2n;
    while (e > 0n) {
      if (e & 1n) result = (result * base) % L;
      base = (base * base) % L;
      e >>= 1n;
    }
    return result;
  })();
  const found = new Set<string>();
  for (let i = 0; found.size < 8 && i < 1000; i++) {
    const candidate = prng("torsion", i);
    if (!nobleDecodes(candidate)) continue;
    const q = ed.Point.fromBytes(candidate, false);
    const primePart = q.clearCofactor().multiplyUnsafe(inv8);
    found.add(q.subtract(primePart).toHex());
  }
  return [...found].sort();
}

const TORSION = deriveTorsionPoints();

/** Every 32-byte string that decodes (leniently) to a small-order point: canonical, negative zero, y + p. */
function allSmallOrderEncodings(): Uint8Array[] {
  const out = new Map<string, Uint8Array>();
  for (const t of TORSION) {
    const e = unhex(t);
    for (const s of [0, 1] as const) out.set(hex(withSign(e, s)), withSign(e, s));
    const y = fromLe(withSign(e, 0));
    // Only y < 19 has a second, unreduced encoding y + p below 2^255.
    if (y + P < 2n ** 255n) {
      for (const s of [0, 1] as const) out.set(hex(withSign(toLe(y + P), s)), withSign(toLe(y + P), s));
    }
  }
  return [...out.values()];
}

/** All encodings whose 255-bit y is p .. 2^255 - 1, with both sign bits. */
function unreducedEncodings(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let y = P; y < 2n ** 255n; y++) for (const s of [0, 1] as const) out.push(withSign(toLe(y), s));
  return out;
}

describe("RFC 8032 section 7.1 vectors", () => {
  for (const v of RFC8032) {
    it(v.name, () => {
      const seed = unhex(v.seed);
      const message = unhex(v.message);
      // The oracle agrees with the typed-in data, so a typo in the vectors cannot hide.
      expect(hex(ed.getPublicKey(seed))).toBe(v.publicKey);
      expect(hex(ed.sign(message, seed))).toBe(v.signature);

      expect(hex(publicKeyFromSeed(seed))).toBe(v.publicKey);
      expect(hex(sign(seed, message))).toBe(v.signature);
      expect(hasStrictEncoding(unhex(v.publicKey), unhex(v.signature))).toBe(true);
      expect(verify(unhex(v.publicKey), message, unhex(v.signature))).toBe(true);
      expect(verify(unhex(v.publicKey), concat(message, new Uint8Array([0])), unhex(v.signature))).toBe(
        false,
      );
    });
  }

  it("vectors verify only under their own key", () => {
    for (const a of RFC8032) {
      for (const b of RFC8032) {
        expect(verify(unhex(b.publicKey), unhex(a.message), unhex(a.signature))).toBe(a === b);
      }
    }
  });
});

describe("small-order points", () => {
  it("derives exactly the 8 torsion points, matching @noble/curves' list", () => {
    expect(TORSION).toHaveLength(8);
    expect(TORSION).toEqual([...ED25519_TORSION_SUBGROUP].sort());
    for (const t of TORSION) {
      expect(ed.Point.fromHex(t).multiplyUnsafe(8n).is0()).toBe(true);
      expect(ed.Point.fromHex(t).isSmallOrder()).toBe(true);
    }
  });

  it("hasSmallOrder is true for every encoding of every small-order point (14 encodings)", () => {
    const encodings = allSmallOrderEncodings();
    // 8 canonical + 2 negative zeros (x = 0 for y = 1, p - 1) + y = p and y = p + 1 with both signs.
    expect(encodings).toHaveLength(14);
    for (const e of encodings) expect(hasSmallOrder(e), hex(e)).toBe(true);
  });

  it("hasSmallOrder is false for prime-order and mixed-order points and for wrong lengths", () => {
    for (let i = 0; i < 50; i++) {
      const pk = ed.getPublicKey(prng("prime-order", i));
      expect(hasSmallOrder(pk)).toBe(false);
      // Mixed order (prime part plus torsion) is not small order.
      const mixed = ed.Point.fromBytes(pk)
        .add(ed.Point.fromHex(TORSION[i % 8] as string))
        .toBytes();
      expect(hasSmallOrder(mixed)).toBe(false);
    }
    expect(hasSmallOrder(new Uint8Array(31))).toBe(false);
    expect(hasSmallOrder(new Uint8Array(33))).toBe(false);
  });

  it("rejects every small-order encoding as the public key A", () => {
    const { signature } = TEST2;
    for (const e of allSmallOrderEncodings()) {
      expect(hasStrictEncoding(e, unhex(signature)), hex(e)).toBe(false);
      expect(verify(e, unhex("72"), unhex(signature)), hex(e)).toBe(false);
      expect(verify(e, new Uint8Array(0), concat(e, new Uint8Array(32))), hex(e)).toBe(false);
    }
  });

  it("rejects every small-order encoding as R", () => {
    const v = TEST1;
    const s = unhex(v.signature).subarray(32);
    for (const e of allSmallOrderEncodings()) {
      expect(hasStrictEncoding(unhex(v.publicKey), concat(e, s)), hex(e)).toBe(false);
      expect(verify(unhex(v.publicKey), new Uint8Array(0), concat(e, s)), hex(e)).toBe(false);
    }
  });

  it("rejects the forgery A = identity, R = identity, S = 0 that satisfies the equation for any message", () => {
    const identity = toLe(1n);
    const forged = concat(identity, new Uint8Array(32));
    for (const message of [new Uint8Array(0), unhex("00"), unhex("deadbeef")]) {
      // ZIP-215 (lenient) accepts it: the group equation really holds, so only the encoding rule stops it.
      expect(ed.verify(forged, message, identity, { zip215: true })).toBe(true);
      expect(hasStrictEncoding(identity, forged)).toBe(false);
      expect(verify(identity, message, forged)).toBe(false);
    }
  });

  // The universal forgery on the identity key: with A = identity, k·A vanishes, so R = s·B and S = s satisfy
  // S·B = R + k·A for EVERY message and every s. R here has prime order (a proper point), so only the
  // small-order check on A stops it; a verify without that check would accept all of these.
  it("rejects the universal forgery A = identity, R = s·B, S = s for any message and any s", () => {
    const identity = toLe(1n);
    const scalars = [1n, 2n, 7n, 2n ** 128n + 12345n, L - 1n, fromLe(sha512(unhex("5eed"))) % L];
    const messages = [new Uint8Array(0), unhex("00"), unhex("deadbeef"), new Uint8Array(1000).fill(0xa5)];
    for (const scalar of scalars) {
      const r = ed.Point.BASE.multiply(scalar).toBytes();
      expect(hasSmallOrder(r)).toBe(false);
      const forged = concat(r, toLe(scalar));
      for (const message of messages) {
        // The group equation holds (lenient ZIP-215 accepts), so the forgery is real, not a malformed input.
        expect(ed.verify(forged, message, identity, { zip215: true })).toBe(true);
        expect(verify(identity, message, forged)).toBe(false);
      }
    }
  });

  it("rejects a signature with R = identity under a real key (S = k·a satisfies the equation)", () => {
    const seed = prng("r-identity", 0);
    const { scalar, pointBytes } = ed.utils.getExtendedPublicKey(seed);
    const identity = toLe(1n);
    const message = unhex("0102030405");
    const k = fromLe(sha512(concat(identity, pointBytes, message))) % L;
    const forged = concat(identity, toLe((k * scalar) % L));
    expect(ed.verify(forged, message, pointBytes, { zip215: true })).toBe(true);
    expect(hasStrictEncoding(pointBytes, forged)).toBe(false);
    expect(verify(pointBytes, message, forged)).toBe(false);
  });
});

describe("canonical encodings", () => {
  it("rejects y = p .. 2^255 - 1 (both signs) as encodings, as A and as R", () => {
    const v = TEST1;
    const sig = unhex(v.signature);
    const unreduced = unreducedEncodings();
    expect(unreduced).toHaveLength(38);
    for (const e of unreduced) {
      expect(isCanonicalEncoding(e), hex(e)).toBe(false);
      expect(isCanonicalPoint(e), hex(e)).toBe(false);
      expect(hasStrictEncoding(e, sig), hex(e)).toBe(false);
      expect(hasStrictEncoding(unhex(v.publicKey), concat(e, sig.subarray(32))), hex(e)).toBe(false);
      expect(verify(e, new Uint8Array(0), sig), hex(e)).toBe(false);
      expect(verify(unhex(v.publicKey), new Uint8Array(0), concat(e, sig.subarray(32))), hex(e)).toBe(false);
    }
  });

  it("rejects the two negative-zero encodings (x = 0 with the sign bit set)", () => {
    for (const y of [1n, P - 1n]) {
      const e = withSign(toLe(y), 1);
      expect(isCanonicalEncoding(e)).toBe(false);
      expect(isCanonicalPoint(e)).toBe(false);
      expect(isCanonicalPoint(withSign(e, 0))).toBe(true);
      const validSig = unhex(TEST1.signature);
      expect(hasStrictEncoding(e, validSig)).toBe(false);
      expect(hasStrictEncoding(unhex(TEST1.publicKey), concat(e, validSig.subarray(32)))).toBe(false);
      expect(verify(e, new Uint8Array(0), concat(e, new Uint8Array(32)))).toBe(false);
    }
  });

  it("isCanonicalPoint matches the oracle on the canonical y values just below p", () => {
    for (let y = P - 25n; y < P; y++) {
      for (const s of [0, 1] as const) {
        const e = withSign(toLe(y), s);
        expect(isCanonicalPoint(e), hex(e)).toBe(nobleDecodes(e));
      }
    }
  });

  it("isCanonicalPoint agrees with strict RFC 8032 decoding on random and edge encodings", () => {
    const edges = [...allSmallOrderEncodings(), ...unreducedEncodings(), new Uint8Array(32).fill(0xff)];
    for (const e of edges) expect(isCanonicalPoint(e), hex(e)).toBe(nobleDecodes(e));
    let decodable = 0;
    for (let i = 0; i < 1500; i++) {
      const e = prng("decode", i);
      const expected = nobleDecodes(e);
      if (expected) decodable++;
      expect(isCanonicalPoint(e), hex(e)).toBe(expected);
    }
    // About half of all y values are on the curve; both outcomes are exercised.
    expect(decodable).toBeGreaterThan(600);
    expect(decodable).toBeLessThan(900);
  });

  it("verify rejects undecodable public keys without throwing", () => {
    let tried = 0;
    const sig = unhex(TEST1.signature);
    for (let i = 0; tried < 20; i++) {
      const e = prng("undecodable", i);
      e[31] = (e[31] as number) & 0x7f;
      if (isCanonicalPoint(e) || !isCanonicalEncoding(e)) continue;
      tried++;
      expect(verify(e, new Uint8Array(0), sig)).toBe(false);
    }
  });
});

describe("encoding checks byte by byte", () => {
  const bytes = (low: number, middle: number, high: number, patch: Record<number, number> = {}) => {
    const e = new Uint8Array(32).fill(middle);
    e[0] = low;
    e[31] = high;
    for (const [i, b] of Object.entries(patch)) e[Number(i)] = b;
    return e;
  };

  it("y < p is decided by every byte: the top one, the middle ones down to byte 1, then the low one", () => {
    // bytes 1..30 are 0xff and the low byte is >= 0xed, but the top byte is not 0x7f: y is far below p
    expect(isCanonicalEncoding(bytes(0xee, 0xff, 0x00))).toBe(true);
    // top byte 0x7f and the low byte >= 0xed, but byte 1 is not 0xff: y < p
    expect(isCanonicalEncoding(bytes(0xee, 0xff, 0x7f, { 1: 0x00 }))).toBe(true);
    expect(isCanonicalEncoding(bytes(0xee, 0xff, 0x7f, { 30: 0xfe }))).toBe(true);
    expect(isCanonicalEncoding(bytes(0xee, 0xff, 0x7f))).toBe(false);
  });

  it("negative zero is exactly y = 1 or y = p - 1 with the sign bit: other bytes or another top byte are not", () => {
    expect(isCanonicalEncoding(bytes(0x01, 0x00, 0x80))).toBe(false);
    expect(isCanonicalEncoding(bytes(0x01, 0x00, 0x80, { 5: 0x05 }))).toBe(true);
    expect(isCanonicalEncoding(bytes(0x01, 0x00, 0x81))).toBe(true);
    expect(isCanonicalEncoding(bytes(0xec, 0xff, 0xff))).toBe(false);
    expect(isCanonicalEncoding(bytes(0xec, 0xff, 0xff, { 2: 0xfe }))).toBe(true);
    expect(isCanonicalEncoding(bytes(0xec, 0xff, 0xfe))).toBe(true);
  });

  it("hasSmallOrder compares the top byte too", () => {
    expect(hasSmallOrder(bytes(0x00, 0x00, 0x00))).toBe(true);
    expect(hasSmallOrder(bytes(0x00, 0x00, 0x05))).toBe(false);
    expect(hasSmallOrder(bytes(0x01, 0x00, 0x05))).toBe(false);
  });

  it("hasStrictEncoding refuses S = L exactly", () => {
    const sig = unhex(TEST1.signature);
    const pk = unhex(TEST1.publicKey);
    expect(hasStrictEncoding(pk, concat(sig.subarray(0, 32), toLe(L)))).toBe(false);
    expect(hasStrictEncoding(pk, sig)).toBe(true);
  });
});

describe("scalar S", () => {
  it("rejects S >= L: S + L of a valid signature, S = L, S = 2^256 - 1", () => {
    for (const v of RFC8032) {
      const sig = unhex(v.signature);
      const s = fromLe(sig.subarray(32));
      expect(s < L).toBe(true);
      const pk = unhex(v.publicKey);
      const msg = unhex(v.message);
      const malleated = concat(sig.subarray(0, 32), toLe(s + L));
      // The unreduced S passes the group equation; only the range check rejects it.
      expect(nobleStrictVerify(pk, msg, malleated)).toBe(false);
      expect(hasStrictEncoding(pk, malleated)).toBe(false);
      expect(hasStrictEncoding(pk, concat(sig.subarray(0, 32), toLe(L - 1n)))).toBe(true);
      expect(verify(pk, msg, malleated)).toBe(false);
      expect(verify(pk, msg, concat(sig.subarray(0, 32), toLe(L)))).toBe(false);
      expect(verify(pk, msg, concat(sig.subarray(0, 32), toLe(2n ** 256n - 1n)))).toBe(false);
      expect(verify(pk, msg, concat(sig.subarray(0, 32), toLe(L - 1n)))).toBe(false);
    }
  });
});

describe("input shapes", () => {
  const v = TEST3;
  const pk = unhex(v.publicKey);
  const msg = unhex(v.message);
  const sig = unhex(v.signature);

  it("rejects wrong lengths", () => {
    for (const n of [0, 31, 33, 64]) {
      const badPk = new Uint8Array(n);
      badPk.set(pk.subarray(0, Math.min(n, 32)));
      expect(hasStrictEncoding(badPk, sig)).toBe(false);
      expect(verify(badPk, msg, sig)).toBe(false);
    }
    for (const n of [0, 32, 63, 65, 128]) {
      const badSig = new Uint8Array(n);
      badSig.set(sig.subarray(0, Math.min(n, 64)));
      expect(hasStrictEncoding(pk, badSig)).toBe(false);
      expect(verify(pk, msg, badSig)).toBe(false);
    }
  });

  it("returns false instead of throwing on values that are not byte arrays", () => {
    const junk = [null, undefined, "00", 7, [1, 2, 3], {}, new Uint16Array(16)] as unknown as Uint8Array[];
    for (const j of junk) {
      expect(verify(j, msg, sig)).toBe(false);
      expect(verify(pk, j, sig)).toBe(false);
      expect(verify(pk, msg, j)).toBe(false);
    }
    expect(verify(pk, msg, sig)).toBe(true);
  });

  it("accepts views into larger buffers (Buffer and subarray)", () => {
    const big = concat(new Uint8Array(7), pk, sig, msg, new Uint8Array(5));
    expect(verify(big.subarray(7, 39), big.subarray(103, 103 + msg.length), big.subarray(39, 103))).toBe(
      true,
    );
    expect(verify(Buffer.from(pk), Buffer.from(msg), Buffer.from(sig))).toBe(true);
  });

  it("rejects every single-bit flip of public key, signature and message", () => {
    const seed = prng("bitflip", 0);
    const message = prng("bitflip-msg", 0, 40);
    const publicKey = publicKeyFromSeed(seed);
    const signature = sign(seed, message);
    expect(verify(publicKey, message, signature)).toBe(true);
    const flips = (bytes: Uint8Array, check: (mutated: Uint8Array) => boolean) => {
      for (let bit = 0; bit < bytes.length * 8; bit++) {
        const mutated = bytes.slice();
        mutated[bit >> 3] = (mutated[bit >> 3] as number) ^ (1 << (bit & 7));
        expect(check(mutated), `bit ${bit}`).toBe(false);
      }
    };
    flips(publicKey, (m) => verify(m, message, signature));
    flips(signature, (m) => verify(publicKey, message, m));
    flips(message, (m) => verify(publicKey, m, signature));
  });
});

describe("signing", () => {
  it("rejects seeds of the wrong length with a typed error that holds no key material", () => {
    for (const n of [0, 31, 33, 64]) {
      const seed = new Uint8Array(n).fill(0xab);
      for (const call of [() => sign(seed, new Uint8Array(1)), () => publicKeyFromSeed(seed)]) {
        try {
          call();
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(CryptoError);
          const e = error as CryptoError;
          expect(e.code).toBe("ED25519_BAD_SEED_LENGTH");
          expect(e.payload.length).toBe(n);
          expect(e.message).not.toContain("abab");
        }
      }
    }
  });

  it("names the length in the error, and -1 for a seed that is not a byte array", () => {
    const thrown = (seed: unknown) => {
      try {
        sign(seed as Uint8Array, new Uint8Array(1));
      } catch (error) {
        return error as CryptoError;
      }
      throw new Error("no error");
    };
    const short = thrown(new Uint8Array(31));
    expect(short.message).toBe("an ed25519 seed is 32 bytes, got 31");
    const junk = thrown("not a seed");
    expect(junk).toBeInstanceOf(CryptoError);
    expect(junk.payload.length).toBe(-1);
    expect(junk.message).toBe("an ed25519 seed is 32 bytes, got -1");
  });

  it("signs the same after the private key cache is dropped", () => {
    const seed = prng("forget", 0);
    const message = unhex("01");
    const before = sign(seed, message);
    forgetPrivateKeys();
    expect(hex(sign(seed, message))).toBe(hex(before));
    expect(hex(publicKeyFromSeed(seed))).toBe(hex(ed.getPublicKey(seed)));
  });

  it("randomSeed gives distinct 32-byte seeds that sign and verify", () => {
    const a = randomSeed();
    const b = randomSeed();
    expect(a).toHaveLength(32);
    expect(hex(a)).not.toBe(hex(b));
    const message = unhex("cafe");
    expect(verify(publicKeyFromSeed(a), message, sign(a, message))).toBe(true);
    expect(verify(publicKeyFromSeed(b), message, sign(a, message))).toBe(false);
  });

  it("returns plain Uint8Arrays and does not keep aliases to the caller's seed", () => {
    const seed = prng("alias", 0);
    const pk = publicKeyFromSeed(seed);
    const sig = sign(seed, new Uint8Array(0));
    expect(Object.getPrototypeOf(sig)).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf(pk)).toBe(Uint8Array.prototype);
    const copy = seed.slice();
    seed.fill(0);
    // The cache is keyed by the seed's value: a zeroed seed is a different key.
    expect(hex(publicKeyFromSeed(seed))).toBe(hex(ed.getPublicKey(new Uint8Array(32))));
    expect(hex(publicKeyFromSeed(copy))).toBe(hex(pk));
  });
});

describe("cross-check against @noble/ed25519 (strict mode)", () => {
  it("signatures are byte-identical and verify agrees on valid and mutated signatures", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(63),
        fc.integer({ min: 1, max: 255 }),
        (seed, message, position, mask) => {
          const pk = publicKeyFromSeed(seed);
          expect(hex(pk)).toBe(hex(ed.getPublicKey(seed)));
          const sig = sign(seed, message);
          expect(hex(sig)).toBe(hex(ed.sign(message, seed)));
          expect(verify(pk, message, sig)).toBe(true);
          expect(nobleStrictVerify(pk, message, sig)).toBe(true);

          const mutated = sig.slice();
          mutated[position] = (mutated[position] as number) ^ mask;
          expect(verify(pk, message, mutated)).toBe(nobleStrictVerify(pk, message, mutated));
          expect(verify(pk, message, mutated)).toBe(false);

          const otherMessage = concat(message, new Uint8Array([mask]));
          expect(verify(pk, otherMessage, sig)).toBe(nobleStrictVerify(pk, otherMessage, sig));
        },
      ),
      // 300 distinct seeds also push the private-key cache (256 entries) through eviction.
      { numRuns: 300 },
    );
  });

  it("verify agrees with the oracle on arbitrary public keys and signatures", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.uint8Array({ maxLength: 50 }),
        (pk, sig, message) => {
          expect(verify(pk, message, sig)).toBe(nobleStrictVerify(pk, message, sig));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe.runIf(process.env.TIME_FULL_TESTS === "1")("public key cache (full run)", () => {
  it("stays correct after more distinct keys than the cache holds", () => {
    const message = unhex("abcdef");
    const first = prng("cache", 0);
    const firstSig = sign(first, message);
    const firstPk = publicKeyFromSeed(first);
    expect(verify(firstPk, message, firstSig)).toBe(true);
    for (let i = 1; i <= 10_050; i++) {
      const seed = prng("cache", i);
      expect(verify(publicKeyFromSeed(seed), message, sign(seed, message))).toBe(true);
    }
    expect(verify(firstPk, message, firstSig)).toBe(true);
    expect(verify(firstPk, message, sign(prng("cache", 1), message))).toBe(false);
  });
});
