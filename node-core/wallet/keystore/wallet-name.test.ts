// Wallet names: what is accepted, what is refused and with which rule, that a refused name is echoed only
// when printable, and that names compare without case.
import { describe, expect, it } from "vitest";
import { checkWalletName, isValidWalletName, MAX_WALLET_NAME_LENGTH, walletNameKey } from "./wallet-name.js";

function ruleFor(name: string): string | null {
  try {
    checkWalletName(name);
    return null;
  } catch (err) {
    expect(err).toMatchObject({ code: "KEYSTORE_BAD_NAME" });
    return (err as { payload: { rule: string } }).payload.rule;
  }
}

describe("wallet names", () => {
  it("accepts letters, digits, inner spaces, hyphens and underscores up to the limit", () => {
    for (const name of [
      "a",
      "Main",
      "savings 2024",
      "cold_storage-1",
      "X".repeat(MAX_WALLET_NAME_LENGTH),
      "con1",
    ]) {
      expect(isValidWalletName(name)).toBe(true);
    }
  });

  it("refuses separators, dots, edges that are not a letter or digit, other characters and empty names", () => {
    const refused = [
      "",
      "a/b",
      "a\\b",
      "..",
      ".hidden",
      "wallet.json",
      " lead",
      "trail ",
      "-dash",
      "under_",
      "tab\there",
      "new\nline",
      "nul\u0000byte",
      "café",
      "emoji🙂",
      "semi;colon",
      "C:",
      "X".repeat(MAX_WALLET_NAME_LENGTH + 1),
    ];
    for (const name of refused) expect(ruleFor(name), JSON.stringify(name)).not.toBeNull();
    expect(ruleFor("")).toBe("must not be empty");
    expect(ruleFor("X".repeat(65))).toBe("must be at most 64 characters");
  });

  it("refuses the device names Windows reserves, in any case", () => {
    for (const name of ["CON", "prn", "Aux", "nul", "COM1", "lpt9"]) {
      expect(ruleFor(name)).toBe("is a name Windows reserves for a device");
    }
  });

  it("echoes a refused name only when it is short and printable", () => {
    try {
      checkWalletName("bad\u0007name");
    } catch (err) {
      expect((err as { payload: { name: string } }).payload.name).toBe("(unprintable or too long)");
    }
    try {
      checkWalletName("a/b");
    } catch (err) {
      expect((err as { payload: { name: string } }).payload.name).toBe("a/b");
    }
    expect(() => checkWalletName(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: "KEYSTORE_BAD_NAME" }),
    );
  });

  it("compares names without case", () => {
    expect(walletNameKey("Main Wallet")).toBe(walletNameKey("main WALLET"));
    expect(walletNameKey("a")).not.toBe(walletNameKey("b"));
  });
});
