// SLIP-0010 ed25519: the specification's test vectors 1 and 2 at every chain level, path parsing, and a
// cross-check of random derivations against an independent implementation (@noble/hashes HMAC-SHA512 and
// @noble/ed25519 public keys).
import * as ed from "@noble/ed25519";
import { hmac } from "@noble/hashes/hmac.js";
import { sha512 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes, fromHex, toHex, utf8 } from "../types/bytes.js";
import { KeyPathError } from "./errors.js";
import {
  deriveExtendedKey,
  deriveHardenedChild,
  derivePath,
  formatPath,
  masterKeyFromSeed,
  parsePath,
  walletPath,
} from "./slip10.js";

interface ChainVector {
  readonly path: string;
  readonly chainCode: string;
  readonly privateKey: string;
  /** As printed in SLIP-0010, with the 00 prefix byte. */
  readonly publicKey: string;
}

// https://github.com/satoshilabs/slips/blob/master/slip-0010.md, "Test vector 1/2 for ed25519".
const VECTOR_1 = {
  seed: "000102030405060708090a0b0c0d0e0f",
  chains: [
    {
      path: "m",
      chainCode: "90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb",
      privateKey: "2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7",
      publicKey: "00a4b2856bfec510abab89753fac1ac0e1112364e7d250545963f135f2a33188ed",
    },
    {
      path: "m/0'",
      chainCode: "8b59aa11380b624e81507a27fedda59fea6d0b779a778918a2fd3590e16e9c69",
      privateKey: "68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3",
      publicKey: "008c8a13df77a28f3445213a0f432fde644acaa215fc72dcdf300d5efaa85d350c",
    },
    {
      path: "m/0'/1'",
      chainCode: "a320425f77d1b5c2505a6b1b27382b37368ee640e3557c315416801243552f14",
      privateKey: "b1d0bad404bf35da785a64ca1ac54b2617211d2777696fbffaf208f746ae84f2",
      publicKey: "001932a5270f335bed617d5b935c80aedb1a35bd9fc1e31acafd5372c30f5c1187",
    },
    {
      path: "m/0'/1'/2'",
      chainCode: "2e69929e00b5ab250f49c3fb1c12f252de4fed2c1db88387094a0f8c4c9ccd6c",
      privateKey: "92a5b23c0b8a99e37d07df3fb9966917f5d06e02ddbd909c7e184371463e9fc9",
      publicKey: "00ae98736566d30ed0e9d2f4486a64bc95740d89c7db33f52121f8ea8f76ff0fc1",
    },
    {
      path: "m/0'/1'/2'/2'",
      chainCode: "8f6d87f93d750e0efccda017d662a1b31a266e4a6f5993b15f5c1f07f74dd5cc",
      privateKey: "30d1dc7e5fc04c31219ab25a27ae00b50f6fd66622f6e9c913253d6511d1e662",
      publicKey: "008abae2d66361c879b900d204ad2cc4984fa2aa344dd7ddc46007329ac76c429c",
    },
    {
      path: "m/0'/1'/2'/2'/1000000000'",
      chainCode: "68789923a0cac2cd5a29172a475fe9e0fb14cd6adb5ad98a3fa70333e7afa230",
      privateKey: "8f94d394a8e8fd6b1bc2f3f49f5c47e385281d5c17e65324b0f62483e37e8793",
      publicKey: "003c24da049451555d51a7014a37337aa4e12d41e485abccfa46b47dfb2af54b7a",
    },
  ] satisfies ChainVector[],
};

const VECTOR_2 = {
  seed: "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542",
  chains: [
    {
      path: "m",
      chainCode: "ef70a74db9c3a5af931b5fe73ed8e1a53464133654fd55e7a66f8570b8e33c3b",
      privateKey: "171cb88b1b3c1db25add599712e36245d75bc65a1a5c9e18d76f9f2b1eab4012",
      publicKey: "008fe9693f8fa62a4305a140b9764c5ee01e455963744fe18204b4fb948249308a",
    },
    {
      path: "m/0'",
      chainCode: "0b78a3226f915c082bf118f83618a618ab6dec793752624cbeb622acb562862d",
      privateKey: "1559eb2bbec5790b0c65d8693e4d0875b1747f4970ae8b650486ed7470845635",
      publicKey: "0086fab68dcb57aa196c77c5f264f215a112c22a912c10d123b0d03c3c28ef1037",
    },
    {
      path: "m/0'/2147483647'",
      chainCode: "138f0b2551bcafeca6ff2aa88ba8ed0ed8de070841f0c4ef0165df8181eaad7f",
      privateKey: "ea4f5bfe8694d8bb74b7b59404632fd5968b774ed545e810de9c32a4fb4192f4",
      publicKey: "005ba3b9ac6e90e83effcd25ac4e58a1365a9e35a3d3ae5eb07b9e4d90bcf7506d",
    },
    {
      path: "m/0'/2147483647'/1'",
      chainCode: "73bd9fff1cfbde33a1b846c27085f711c0fe2d66fd32e139d3ebc28e5a4a6b90",
      privateKey: "3757c7577170179c7868353ada796c839135b3d30554bbb74a4b1e4a5a58505c",
      publicKey: "002e66aa57069c86cc18249aecf5cb5a9cebbfd6fadeab056254763874a9352b45",
    },
    {
      path: "m/0'/2147483647'/1'/2147483646'",
      chainCode: "0902fe8a29f9140480a00ef244bd183e8a13288e4412d8389d140aac1794825a",
      privateKey: "5837736c89570de861ebc173b1086da4f505d4adb387c6a1b1342d5e4ac9ec72",
      publicKey: "00e33c0f7d81d843c572275f287498e8d408654fdf0d1e065b84e2e6f157aab09b",
    },
    {
      path: "m/0'/2147483647'/1'/2147483646'/2'",
      chainCode: "5d70af781f3a37b829f0d060924d5e960bdc02e85423494afc0b1a41bbe196d4",
      privateKey: "551d333177df541ad876a60ea71f00447931c0a9da16f227c11ea080d7391b8d",
      publicKey: "0047150c75db263559a70d5778bf36abbab30fb061ad69f69ece61a72b0cfa4fc0",
    },
  ] satisfies ChainVector[],
};

function errorOf(fn: () => unknown): KeyPathError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KeyPathError) return err;
    throw err;
  }
  throw new Error("expected a KeyPathError");
}

describe("SLIP-0010 ed25519 vectors", () => {
  for (const [name, vector] of [
    ["vector 1", VECTOR_1],
    ["vector 2", VECTOR_2],
  ] as const) {
    for (const chain of vector.chains) {
      it(`${name} ${chain.path}`, async () => {
        const seed = fromHex(vector.seed);
        const key = derivePath(seed, chain.path);
        expect(toHex(key.chainCode)).toBe(chain.chainCode);
        expect(toHex(key.privateKey)).toBe(chain.privateKey);
        expect(chain.publicKey.startsWith("00")).toBe(true);
        expect(key.publicKey).toHaveLength(32);
        expect(toHex(key.publicKey)).toBe(chain.publicKey.slice(2));
        expect(toHex(await ed.getPublicKeyAsync(key.privateKey))).toBe(chain.publicKey.slice(2));
      });
    }
  }

  it("deriving level by level matches deriving the whole path", () => {
    const seed = fromHex(VECTOR_2.seed);
    let key = masterKeyFromSeed(seed);
    for (const index of [0, 2147483647, 1, 2147483646, 2]) key = deriveHardenedChild(key, index);
    expect(toHex(key.privateKey)).toBe(VECTOR_2.chains[5]!.privateKey);
    expect(toHex(key.chainCode)).toBe(VECTOR_2.chains[5]!.chainCode);
  });

  it("does not alter the parent key", () => {
    const master = masterKeyFromSeed(fromHex(VECTOR_1.seed));
    const before = toHex(master.privateKey) + toHex(master.chainCode);
    deriveHardenedChild(master, 7);
    expect(toHex(master.privateKey) + toHex(master.chainCode)).toBe(before);
  });
});

// Independent SLIP-0010 ed25519 written straight from the specification with other libraries.
function referenceDerive(
  seed: Uint8Array,
  indices: readonly number[],
): { key: Uint8Array; chain: Uint8Array } {
  let digest = hmac(sha512, utf8.encode("ed25519 seed"), seed);
  for (const index of indices) {
    const ser = new Uint8Array(4);
    new DataView(ser.buffer).setUint32(0, index + 0x80000000, false);
    digest = hmac(sha512, digest.slice(32), concatBytes(new Uint8Array([0]), digest.slice(0, 32), ser));
  }
  return { key: digest.slice(0, 32), chain: digest.slice(32) };
}

describe("cross-check against @noble/hashes and @noble/ed25519", () => {
  it("derives the same keys and public keys for random seeds and paths", async () => {
    const seedArb = fc.uint8Array({ minLength: 16, maxLength: 64 });
    const pathArb = fc.array(fc.integer({ min: 0, max: 0x7fffffff }), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(seedArb, pathArb, async (seed, path) => {
        const ours = derivePath(seed, formatPath(path));
        const ref = referenceDerive(seed, path);
        expect(toHex(ours.privateKey)).toBe(toHex(ref.key));
        expect(toHex(ours.chainCode)).toBe(toHex(ref.chain));
        expect(toHex(ours.publicKey)).toBe(toHex(await ed.getPublicKeyAsync(ref.key)));
      }),
      { numRuns: 200 },
    );
  });

  it("takes indices or text for the same path", () => {
    const seed = fromHex(VECTOR_1.seed);
    expect(toHex(deriveExtendedKey(seed, [44, 0, 3]).privateKey)).toBe(
      toHex(deriveExtendedKey(seed, "m/44'/0'/3'").privateKey),
    );
  });
});

describe("paths", () => {
  it("builds wallet paths", () => {
    expect(walletPath(0, 0, 5)).toBe("m/44'/0'/0'/0'/5'");
    expect(walletPath(2, 1, 2147483647)).toBe("m/44'/0'/2'/1'/2147483647'");
    expect(parsePath(walletPath(3, 1, 9))).toEqual([44, 0, 3, 1, 9]);
  });

  it("parses hardened paths written with ' or h", () => {
    expect(parsePath("m")).toEqual([]);
    expect(parsePath("m/44'/0'/0'/0'/5'")).toEqual([44, 0, 0, 0, 5]);
    expect(parsePath("m/44h/0H/2147483647'")).toEqual([44, 0, 2147483647]);
    expect(formatPath(parsePath("m/44h/0H/7'"))).toBe("m/44'/0'/7'");
  });

  it("round-trips any index list", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0x7fffffff }), { maxLength: 10 }), (indices) => {
        expect(parsePath(formatPath(indices))).toEqual(indices);
      }),
    );
  });

  it("KEYPATH_NOT_HARDENED for a non-hardened level", () => {
    const err = errorOf(() => parsePath("m/44'/0'/0'/0/5'"));
    expect(err.code).toBe("KEYPATH_NOT_HARDENED");
    expect(err.payload.index).toBe(4);
    expect(errorOf(() => derivePath(new Uint8Array(16), "m/0")).code).toBe("KEYPATH_NOT_HARDENED");
  });

  it("KEYPATH_BAD_SYNTAX for malformed paths", () => {
    for (const bad of [
      "",
      "M/0'",
      "/0'",
      "m/",
      "m//0'",
      "m/0''",
      "m/-1'",
      "m/01'",
      "m/0x1'",
      "m/ 1'",
      "m/1'/",
      "0'",
    ]) {
      expect(errorOf(() => parsePath(bad)).code, bad).toBe("KEYPATH_BAD_SYNTAX");
    }
    expect(errorOf(() => parsePath(`m${"/0'".repeat(256)}`)).code).toBe("KEYPATH_BAD_SYNTAX");
    expect(parsePath(`m${"/0'".repeat(255)}`)).toHaveLength(255);
  });

  it("KEYPATH_INDEX_RANGE for indices at or above 2^31", () => {
    for (const bad of ["m/2147483648'", "m/4294967295'", "m/99999999999999999999'"]) {
      expect(errorOf(() => parsePath(bad)).code, bad).toBe("KEYPATH_INDEX_RANGE");
    }
    for (const bad of [-1, 2 ** 31, 1.5, Number.NaN]) {
      expect(errorOf(() => walletPath(0, 0, bad)).code).toBe("KEYPATH_INDEX_RANGE");
      expect(errorOf(() => deriveHardenedChild(masterKeyFromSeed(new Uint8Array(16)), bad)).code).toBe(
        "KEYPATH_INDEX_RANGE",
      );
    }
  });

  it("KEYPATH_BAD_SEED for seeds outside 16..64 bytes", () => {
    expect(errorOf(() => masterKeyFromSeed(new Uint8Array(15))).code).toBe("KEYPATH_BAD_SEED");
    expect(errorOf(() => masterKeyFromSeed(new Uint8Array(65))).code).toBe("KEYPATH_BAD_SEED");
  });
});
