// WalletSecrets as the keystore's payload: encode/decode round trip (also for generated values), the JSON
// shape with secret fields as hex, each rule of the checks on save (BAD_SECRETS naming the field), decoding
// refusing documents that are not wallet secrets (MALFORMED secrets), and copies and wipes that are
// independent of each other.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkSecrets,
  copySecrets,
  decodeSecrets,
  encodeSecrets,
  SECRETS_LIMITS,
  type WalletSecrets,
  wipeSecrets,
} from "./secrets.js";
import { sampleSecrets } from "./test-support.js";

const decodeText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function badField(secrets: WalletSecrets): string | null {
  try {
    checkSecrets(secrets);
    return null;
  } catch (err) {
    expect(err).toMatchObject({ code: "KEYSTORE_BAD_SECRETS" });
    return (err as { payload: { field: string } }).payload.field;
  }
}

function malformedField(json: string): string | null {
  try {
    decodeSecrets(new TextEncoder().encode(json), "/w.json");
    return null;
  } catch (err) {
    expect(err).toMatchObject({ code: "KEYSTORE_MALFORMED", payload: { reason: "secrets" } });
    return (err as { payload: { field: string } }).payload.field;
  }
}

describe("WalletSecrets", () => {
  it("round-trips through the payload encoding", () => {
    const secrets = sampleSecrets();
    expect(decodeSecrets(encodeSecrets(secrets), "/w.json")).toEqual(secrets);
    const { mnemonicPassphrase: _p, ...withoutPassphrase } = secrets;
    expect(decodeSecrets(encodeSecrets(withoutPassphrase), "/w.json")).toEqual(withoutPassphrase);
  });

  it("round-trips generated secrets", () => {
    const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
    const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<never>;
    const arb = fc.record({
      mnemonic: bytes(1, 200),
      accountCount: fc.integer({ min: 1, max: 2 ** 31 }),
      labels: fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 30 }))),
      addressBook: fc.array(
        fc.record({ address: fc.string({ minLength: 1, maxLength: 40 }), label: fc.string() }),
      ),
      masternodeOperatorKeySeeds: fc.array(fc.record({ label: fc.string(), seed: bytes(32, 32) }), {
        maxLength: 3,
      }),
      birthdayHeight: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      extra: fc.dictionary(fc.string(), json),
    });
    fc.assert(
      fc.property(arb, (raw) => {
        const secrets: WalletSecrets = { ...raw, labels: new Map(raw.labels) };
        const decoded = decodeSecrets(encodeSecrets(secrets), "/w.json");
        // JSON has no -0; the rest comes back as it went in.
        expect(JSON.stringify(decoded.extra)).toBe(JSON.stringify(secrets.extra));
        expect({ ...decoded, extra: null }).toEqual({ ...secrets, extra: null });
      }),
      { numRuns: 200 },
    );
  });

  it("encodes secret fields as hex and the height as a decimal string", () => {
    const doc = JSON.parse(decodeText(encodeSecrets(sampleSecrets())));
    expect(Object.keys(doc)).toEqual([
      "mnemonic",
      "mnemonicPassphrase",
      "accountCount",
      "labels",
      "addressBook",
      "masternodeOperatorKeySeeds",
      "birthdayHeight",
      "extra",
    ]);
    expect(doc.mnemonic).toMatch(/^[0-9a-f]+$/);
    expect(doc.masternodeOperatorKeySeeds).toEqual([{ label: "gold-1", seed: "07".repeat(32) }]);
    expect(doc.birthdayHeight).toBe("12345");
    expect(doc.labels[0]).toEqual(["TIME0k8ZJx9example", "savings"]);
  });

  it("names the field that breaks a rule on save", () => {
    const cases: [Partial<WalletSecrets>, string][] = [
      [{ mnemonic: new Uint8Array(0) }, "mnemonic"],
      [{ mnemonic: "words" as unknown as Uint8Array }, "mnemonic"],
      [{ mnemonicPassphrase: new Uint8Array(SECRETS_LIMITS.passphraseBytes + 1) }, "mnemonicPassphrase"],
      [{ accountCount: 1.5 }, "accountCount"],
      [{ accountCount: 2 ** 31 + 1 }, "accountCount"],
      [{ labels: { a: "b" } as unknown as Map<string, string> }, "labels"],
      [{ labels: new Map([["", "x"]]) }, "labels key"],
      [{ addressBook: [{ address: "", label: "x" }] }, "addressBook[0].address"],
      [{ addressBook: [{ address: "T", label: "x", note: 5 as unknown as string }] }, "addressBook[0].note"],
      [
        { masternodeOperatorKeySeeds: [{ label: "m", seed: new Uint8Array(31) }] },
        "masternodeOperatorKeySeeds[0].seed",
      ],
      [{ birthdayHeight: -1n }, "birthdayHeight"],
      [{ birthdayHeight: 5 as unknown as bigint }, "birthdayHeight"],
      [{ extra: { when: new Date() } as never }, "extra.when"],
      [{ extra: { n: Number.NaN } }, "extra.n"],
      [{ extra: [] as never }, "extra"],
    ];
    for (const [override, field] of cases) expect(badField(sampleSecrets(override))).toBe(field);
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 40; i++) {
      const next: Record<string, unknown> = {};
      deep.d = next;
      deep = next;
    }
    expect(badField(sampleSecrets({ extra: root as never }))?.startsWith("extra.d")).toBe(true);
    expect(badField(sampleSecrets())).toBeNull();
  });

  it("refuses a too large payload", () => {
    const big = sampleSecrets({ extra: { blob: "x".repeat(SECRETS_LIMITS.payloadBytes) } });
    expect(() => encodeSecrets(big)).toThrow(
      expect.objectContaining({
        code: "KEYSTORE_BAD_SECRETS",
        payload: expect.objectContaining({ field: "secrets" }),
      }),
    );
  });

  it("refuses decoded documents that are not wallet secrets", () => {
    const good = JSON.parse(decodeText(encodeSecrets(sampleSecrets())));
    const variant = (patch: Record<string, unknown>) => JSON.stringify({ ...good, ...patch });
    expect(malformedField("not json")).toBe("payload");
    expect(malformedField("[1]")).toBe("payload");
    expect(malformedField(variant({ extraField: 1 }))).toBe("extraField");
    expect(malformedField(variant({ mnemonic: "ZZ" }))).toBe("mnemonic");
    expect(
      malformedField(
        variant({
          labels: [
            ["a", "b"],
            ["a", "c"],
          ],
        }),
      ),
    ).toBe("labels");
    expect(malformedField(variant({ labels: [["a"]] }))).toBe("labels");
    expect(malformedField(variant({ birthdayHeight: 12 }))).toBe("birthdayHeight");
    expect(malformedField(variant({ birthdayHeight: "012" }))).toBe("birthdayHeight");
    expect(malformedField(variant({ accountCount: "2" }))).toBe("accountCount");
    expect(malformedField(variant({ addressBook: [{ address: "T", label: "", x: 1 }] }))).toBe(
      "addressBook[0].x",
    );
    expect(malformedField(variant({ masternodeOperatorKeySeeds: [{ label: "m", seed: "00" }] }))).toBe(
      "masternodeOperatorKeySeeds[0].seed",
    );
    expect(malformedField(variant({}))).toBeNull();
  });

  it("copies into new arrays and wipes only the copy it is given", () => {
    const original = sampleSecrets();
    const copy = copySecrets(original);
    expect(copy).toEqual(original);
    wipeSecrets(copy);
    expect(copy.mnemonic.every((b) => b === 0)).toBe(true);
    expect(copy.mnemonicPassphrase?.every((b) => b === 0)).toBe(true);
    expect(copy.masternodeOperatorKeySeeds[0]?.seed.every((b) => b === 0)).toBe(true);
    expect(original).toEqual(sampleSecrets());
  });
});
