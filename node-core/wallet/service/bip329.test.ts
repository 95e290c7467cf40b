// BIP-329 label files: what export writes, what import takes and skips, and each broken line refused
// with its number.
import { describe, expect, it } from "vitest";
import { encodeAddress } from "../../keys/index.js";
import { DEVNET, MAINNET } from "../../params/index.js";
import { exportLabels, parseLabelImport } from "./bip329.js";

const TXID = "ab".repeat(32);
const address = (network = DEVNET, fill = 7) => encodeAddress(new Uint8Array(20).fill(fill), network);

function codeAndLine(run: () => unknown): [string, number] | null {
  try {
    run();
    return null;
  } catch (error) {
    const e = error as { code: string; payload: { line: number } };
    return [e.code, e.payload.line];
  }
}

describe("BIP-329 labels", () => {
  it("round-trips tx and address labels and the address book", () => {
    const own = address(DEVNET, 1);
    const friend = address(DEVNET, 2);
    const text = exportLabels(
      new Map([
        [TXID, "rent"],
        [own, "savings"],
      ]),
      [{ address: friend, label: "Friend" }],
    );
    expect(
      text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { type: "tx", ref: TXID, label: "rent" },
      { type: "addr", ref: own, label: "savings" },
      { type: "addr", ref: friend, label: "Friend" },
    ]);
    expect(parseLabelImport(text, DEVNET)).toEqual({
      records: [
        { type: "tx", ref: TXID, label: "rent" },
        { type: "addr", ref: own, label: "savings" },
        { type: "addr", ref: friend, label: "Friend" },
      ],
      skipped: 0,
    });
  });

  it("skips the types this wallet has nowhere to keep, and records without a label", () => {
    const text = [
      JSON.stringify({ type: "xpub", ref: "xpub661My", label: "cold" }),
      JSON.stringify({ type: "output", ref: `${TXID}:0`, label: "coin", spendable: false }),
      JSON.stringify({ type: "tx", ref: TXID }),
      "",
      JSON.stringify({ type: "tx", ref: TXID, label: "kept", origin: "wpkh([d34db33f/84'/0'/0'])" }),
    ].join("\r\n");
    expect(parseLabelImport(text, DEVNET)).toEqual({
      records: [{ type: "tx", ref: TXID, label: "kept" }],
      skipped: 3,
    });
  });

  it("refuses a broken file, naming the line", () => {
    const good = JSON.stringify({ type: "tx", ref: TXID, label: "x" });
    const cases: [string, number][] = [
      [`${good}\n{not json`, 2],
      [`${good}\n[1]`, 2],
      [JSON.stringify({ ref: TXID, label: "x" }), 1],
      [JSON.stringify({ type: "weird", ref: TXID, label: "x" }), 1],
      [JSON.stringify({ type: "tx", ref: "zz", label: "x" }), 1],
      [JSON.stringify({ type: "tx", ref: TXID, label: 5 }), 1],
      [JSON.stringify({ type: "tx", ref: TXID, label: "x".repeat(1025) }), 1],
      [`${good}\n\n${JSON.stringify({ type: "addr", ref: address(MAINNET), label: "other network" })}`, 3],
      [JSON.stringify({ type: "addr", ref: "TIME1nope", label: "x" }), 1],
    ];
    for (const [text, line] of cases) {
      expect(
        codeAndLine(() => parseLabelImport(text, DEVNET)),
        text.slice(0, 60),
      ).toEqual(["WALLET_BAD_LABELS", line]);
    }
  });
});
