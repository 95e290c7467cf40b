// BIP-39: the official Trezor English vectors (passphrase "TREZOR"), agreement with @scure/bip39 on random
// phrases, normalisation, and one distinct error per failure that never echoes a word of the phrase.
import { mnemonicToSeedSync, validateMnemonic as scureValidate } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../types/bytes.js";
import { MnemonicError } from "./errors.js";
import {
  checkMnemonic,
  entropyToMnemonic,
  generateMnemonic,
  mnemonicToEntropy,
  mnemonicToSeed,
  mnemonicToSeedAsync,
  normalizeMnemonic,
  parseMnemonic,
  validateMnemonic,
} from "./mnemonic.js";

// https://github.com/trezor/python-mnemonic/blob/master/vectors.json (english): [entropy, mnemonic, seed].
const TREZOR_VECTORS: readonly (readonly [string, string, string])[] = [
  [
    "00000000000000000000000000000000",
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
  ],
  [
    "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
    "legal winner thank year wave sausage worth useful legal winner thank yellow",
    "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607",
  ],
  [
    "ffffffffffffffffffffffffffffffff",
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
    "ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069",
  ],
  [
    "000000000000000000000000000000000000000000000000",
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon agent",
    "035895f2f481b1b0f01fcf8c289c794660b289981a78f8106447707fdd9666ca06da5a9a565181599b79f53b844d8a71dd9f439c52a3d7b3e8a79c906ac845fa",
  ],
  [
    "ffffffffffffffffffffffffffffffffffffffffffffffff",
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo when",
    "0cd6e5d827bb62eb8fc1e262254223817fd068a74b5b449cc2f667c3f1f985a76379b43348d952e2265b4cd129090758b3e3c2c49103b5051aac2eaeb890a528",
  ],
  [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
    "bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8",
  ],
  [
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote",
    "dd48c104698c30cfe2b6142103248622fb7bb0ff692eebb00089b32d22484e1613912f0a5b694407be899ffd31ed3992c456cdf60f5d4564b8ba3f05a69890ad",
  ],
  [
    "9e885d952ad362caeb4efe34a8e91bd2",
    "ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic",
    "274ddc525802f7c828d8ef7ddbcdc5304e87ac3535913611fbbfa986d0c9e5476c91689f9c8a54fd55bd38606aa6a8595ad213d4c9c9f9aca3fb217069a41028",
  ],
  [
    "6610b25967cdcca9d59875f5cb50b0ea75433311869e930b",
    "gravity machine north sort system female filter attitude volume fold club stay feature office ecology stable narrow fog",
    "628c3827a8823298ee685db84f55caa34b5cc195a778e52d45f59bcf75aba68e4d7590e101dc414bc1bbd5737666fbbef35d1f1903953b66624f910feef245ac",
  ],
  [
    "68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c",
    "hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy gospel tennis maple dilemma loan word shrug inflict delay length",
    "64c87cde7e12ecf6704ab95bb1408bef047c22db4cc7491c4271d170a1b213d20b385bc1588d9c7b38f1b39d415665b8a9030c9ec653d75e65f847d8fc1fc440",
  ],
  [
    "9f6a2878b2520799a44ef18bc7df394e7061a224d2c33cd015b157d746869863",
    "panda eyebrow bullet gorilla call smoke muffin taste mesh discover soft ostrich alcohol speed nation flash devote level hobby quick inner drive ghost inside",
    "72be8e052fc4919d2adf28d5306b5474b0069df35b02303de8c1729c9538dbb6fc2d731d5f832193cd9fb6aeecbc469594a70e3dd50811b5067f3b88b28c3e8d",
  ],
  [
    "23db8160a31d3e0dca3688ed941adbf3",
    "cat swing flag economy stadium alone churn speed unique patch report train",
    "deb5f45449e615feff5640f2e49f933ff51895de3b4381832b3139941c57b59205a42480c52175b6efcffaa58a2503887c1e8b363a707256bdd2b587b46541f5",
  ],
];

const ABANDON_12 = TREZOR_VECTORS[0]![1];

function errorOf(fn: () => unknown): MnemonicError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MnemonicError) return err;
    throw err;
  }
  throw new Error("expected a MnemonicError");
}

describe("BIP-39 Trezor vectors", () => {
  it("covers 12, 18 and 24 words", () => {
    const counts = new Set(TREZOR_VECTORS.map(([, m]) => m.split(" ").length));
    expect([...counts].sort()).toEqual([12, 18, 24]);
  });

  for (const [entropy, mnemonic, seed] of TREZOR_VECTORS) {
    it(`${mnemonic.split(" ").length} words: ${mnemonic.slice(0, 30)}…`, async () => {
      expect(entropyToMnemonic(fromHex(entropy))).toBe(mnemonic);
      expect(toHex(mnemonicToEntropy(mnemonic))).toBe(entropy);
      expect(validateMnemonic(mnemonic)).toBe(true);
      expect(toHex(mnemonicToSeed(mnemonic, "TREZOR"))).toBe(seed);
      expect(toHex(await mnemonicToSeedAsync(mnemonic, "TREZOR"))).toBe(seed);
    });
  }

  it("uses an empty passphrase by default", () => {
    expect(toHex(mnemonicToSeed(ABANDON_12))).toBe(toHex(mnemonicToSeedSync(ABANDON_12, "")));
    expect(toHex(mnemonicToSeed(ABANDON_12))).not.toBe(toHex(mnemonicToSeed(ABANDON_12, "TREZOR")));
  });
});

describe("validation agrees with @scure/bip39", () => {
  const phrase = fc
    .constantFrom(12, 15, 18, 21, 24)
    .chain((n) => fc.array(fc.integer({ min: 0, max: 2047 }), { minLength: n, maxLength: n }))
    .map((indices) => indices.map((i) => wordlist[i]).join(" "));

  it("accepts exactly the phrases scure accepts (random words: mostly bad checksums)", () => {
    fc.assert(
      fc.property(phrase, (m) => {
        expect(validateMnemonic(m)).toBe(scureValidate(m, wordlist));
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips random entropy of every length", () => {
    const entropy = fc
      .constantFrom(16, 20, 24, 28, 32)
      .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
    fc.assert(
      fc.property(entropy, (e) => {
        const m = entropyToMnemonic(e);
        expect(validateMnemonic(m)).toBe(true);
        expect(scureValidate(m, wordlist)).toBe(true);
        expect(toHex(mnemonicToEntropy(m))).toBe(toHex(e));
      }),
      { numRuns: 300 },
    );
  });
});

describe("normalisation", () => {
  it("collapses whitespace, trims and lower-cases to the canonical phrase and the same seed", () => {
    const messy = `\n  ${ABANDON_12.toUpperCase().split(" ").join(" \t ")}\r\n`;
    expect(normalizeMnemonic(messy)).toBe(ABANDON_12);
    expect(parseMnemonic(messy)).toBe(ABANDON_12);
    expect(toHex(mnemonicToSeed(messy, "TREZOR"))).toBe(TREZOR_VECTORS[0]![2]);
  });

  it("applies NFKD (full-width letters and ideographic spaces fold to ASCII)", () => {
    const fullWidth = ABANDON_12.replace(/[a-z]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) + 0xfee0),
    ).replace(/ /g, "\u3000");
    expect(fullWidth).not.toBe(ABANDON_12);
    expect(parseMnemonic(fullWidth)).toBe(ABANDON_12);
  });

  it("normalises the passphrase with NFKD (composed and decomposed é give one seed)", () => {
    const composed = mnemonicToSeed(ABANDON_12, "caf\u00e9");
    const decomposed = mnemonicToSeed(ABANDON_12, "cafe\u0301");
    expect(toHex(composed)).toBe(toHex(decomposed));
    expect(toHex(composed)).toBe(toHex(mnemonicToSeedSync(ABANDON_12, "caf\u00e9")));
  });
});

describe("errors", () => {
  it("MNEMONIC_BAD_LENGTH for word counts outside 12/15/18/21/24", () => {
    const words = ABANDON_12.split(" ");
    for (const n of [0, 1, 11, 13, 23, 25]) {
      const text = Array.from({ length: n }, (_, i) => words[i % 12]).join(" ");
      const err = errorOf(() => parseMnemonic(text));
      expect(err.code).toBe("MNEMONIC_BAD_LENGTH");
      expect(err.payload.wordCount).toBe(n);
      expect(err.message).toContain(String(n));
    }
  });

  it("MNEMONIC_BAD_WORD names the position, never the word", () => {
    const words = TREZOR_VECTORS[7]![1].split(" ");
    words[4] = "curtian";
    const err = errorOf(() => parseMnemonic(words.join(" ")));
    expect(err.code).toBe("MNEMONIC_BAD_WORD");
    expect(err.payload.position).toBe(5);
    expect(err.message).toContain("word 5");
    for (const w of words) expect(err.message).not.toContain(w);
  });

  it("MNEMONIC_BAD_CHECKSUM for valid words with a wrong checksum, never echoing a word", () => {
    const swapped =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about abandon";
    const err = errorOf(() => mnemonicToSeed(swapped));
    expect(err.code).toBe("MNEMONIC_BAD_CHECKSUM");
    expect(err.message).not.toMatch(/abandon|about/);
  });

  it("checkMnemonic reports without throwing", () => {
    expect(checkMnemonic(ABANDON_12)).toEqual({ valid: true, mnemonic: ABANDON_12 });
    const bad = checkMnemonic("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo");
    expect(bad.valid).toBe(false);
    if (!bad.valid) expect(bad.code).toBe("MNEMONIC_BAD_CHECKSUM");
  });

  it("refuses bad entropy lengths and strengths", () => {
    expect(errorOf(() => entropyToMnemonic(new Uint8Array(15))).code).toBe("MNEMONIC_BAD_LENGTH");
    expect(errorOf(() => entropyToMnemonic(new Uint8Array(18))).code).toBe("MNEMONIC_BAD_LENGTH");
    expect(errorOf(() => entropyToMnemonic(new Uint8Array(36))).code).toBe("MNEMONIC_BAD_LENGTH");
    expect(errorOf(() => generateMnemonic(100 as 128)).code).toBe("MNEMONIC_BAD_LENGTH");
  });
});

describe("generateMnemonic", () => {
  it("makes 24 valid words by default and 12 at 128 bits, different each time", () => {
    const a = generateMnemonic();
    const b = generateMnemonic();
    expect(a.split(" ")).toHaveLength(24);
    expect(validateMnemonic(a)).toBe(true);
    expect(a).not.toBe(b);
    const short = generateMnemonic(128);
    expect(short.split(" ")).toHaveLength(12);
    expect(scureValidate(short, wordlist)).toBe(true);
  });
});
