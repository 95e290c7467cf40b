import { describe, expect, it } from "vitest";
import { checkMnemonic, isKnownWord, pickConfirmPositions, splitWords, suggestions } from "./mnemonic.js";

const abandon = (n: number) => Array.from({ length: n }, () => "abandon");

describe("checkMnemonic", () => {
  it("accepts the BIP-39 test vectors", async () => {
    expect(await checkMnemonic([...abandon(11), "about"])).toEqual({ ok: true });
    expect(await checkMnemonic([...abandon(23), "art"])).toEqual({ ok: true });
    expect(
      await checkMnemonic(
        splitWords("legal winner thank year wave sausage worth useful legal winner thank yellow"),
      ),
    ).toEqual({ ok: true });
  });
  it("says what is wrong otherwise", async () => {
    expect(await checkMnemonic(abandon(12))).toEqual({ ok: false, problem: "checksum" });
    expect(await checkMnemonic([...abandon(11), "abotu"])).toEqual({
      ok: false,
      problem: "unknown",
      position: 12,
      word: "abotu",
    });
    expect(await checkMnemonic(abandon(13))).toEqual({ ok: false, problem: "count", count: 13 });
    expect(await checkMnemonic([])).toEqual({ ok: false, problem: "empty" });
  });
});

describe("words", () => {
  it("splits pasted text and suggests list words by prefix", () => {
    expect(splitWords("  Abandon, ABILITY\nable ")).toEqual(["abandon", "ability", "able"]);
    expect(suggestions("zo")).toEqual(["zone", "zoo"]);
    expect(suggestions("zoo")).toEqual([]);
    expect(suggestions("")).toEqual([]);
    expect(suggestions("ab").length).toBe(6);
    expect(isKnownWord("zoo")).toBe(true);
    expect(isKnownWord("zooo")).toBe(false);
  });
  it("picks distinct sorted positions to confirm", () => {
    const seq = [5, 5, 1, 9];
    let i = 0;
    expect(pickConfirmPositions(12, 3, () => seq[i++] ?? 0)).toEqual([1, 5, 9]);
    const real = pickConfirmPositions(24);
    expect(new Set(real).size).toBe(3);
    expect(real.every((p) => p >= 0 && p < 24)).toBe(true);
  });
});
