import { describe, expect, it } from "vitest";
import { isValidWalletName } from "./wallet-name.js";

describe("isValidWalletName", () => {
  it("accepts plain names and refuses paths and oddities", () => {
    for (const good of ["ui-wallet_main 1", "a", "A9"]) expect(isValidWalletName(good)).toBe(true);
    for (const bad of ["", "../x", "a/b", " lead", "trail ", "a.b", "x".repeat(65), "CON", "com1"]) {
      expect(isValidWalletName(bad)).toBe(false);
    }
  });
});
