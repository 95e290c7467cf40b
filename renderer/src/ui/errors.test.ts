import { describe, expect, it } from "vitest";
import { readableError, scrub } from "./errors.js";

describe("readableError", () => {
  it("maps known codes to a sentence and keeps the code and message for Details", () => {
    const r = readableError({
      code: "API_WALLET_PASSPHRASE_INCORRECT",
      message: "wrong password",
      data: { reason: "KEYSTORE_WRONG_PASSWORD" },
    });
    expect(r.sentence).toMatch(/password is not right/);
    expect(r.code).toBe("API_WALLET_PASSPHRASE_INCORRECT");
    expect(r.detail).toBe("wrong password (KEYSTORE_WRONG_PASSWORD)");
    expect(readableError({ code: "API_TRANSPORT_ERROR", message: "x" }).sentence).toMatch(/did not answer/);
  });
  it("prefers the sentence of the node's reason when the catalog has one", () => {
    const r = readableError({
      code: "API_INVALID_PARAMETER",
      message: "line 1: not JSON",
      data: { reason: "WALLET_BAD_LABELS" },
    });
    expect(r.sentence).toMatch(/not a valid BIP-329 label file/);
    expect(
      readableError({ code: "API_INVALID_PARAMETER", message: "x", data: { reason: "OTHER" } }).sentence,
    ).toMatch(/did not accept/);
  });
  it("falls back to a generic sentence for unknown codes and plain errors", () => {
    expect(readableError({ code: "API_ALREADY_IN_CHAIN", message: "in chain" }).sentence).toMatch(
      /Something went wrong/,
    );
    expect(readableError(new Error("boom")).code).toBe("UI_ERROR");
  });
  it("never shows a secret the message might carry", () => {
    expect(scrub("bad passphrase: hunter2 here")).toBe("bad passphrase: [hidden] here");
    expect(
      readableError({ code: "API_MISC_ERROR", message: "mnemonic=abandon abandon" }).detail,
    ).not.toContain("abandon abandon");
  });
});
