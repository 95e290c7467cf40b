import { describe, expect, it } from "vitest";
import { DEFAULT_AUTO_LOCK_MINUTES, parseSettings } from "./settings.js";

describe("parseSettings", () => {
  it("defaults when nothing or garbage is stored", () => {
    expect(parseSettings(null).autoLockMinutes).toBe(DEFAULT_AUTO_LOCK_MINUTES);
    expect(parseSettings("{not json").theme).toBe("system");
    expect(parseSettings("42").hideBalances).toBe(false);
  });
  it("keeps valid values and drops invalid ones one by one (and the old per-browser backup record)", () => {
    const s = parseSettings(
      JSON.stringify({
        theme: "dark",
        hideBalances: true,
        autoLockMinutes: null,
        backedUp: { a: true },
        currentWallet: "w1",
      }),
    );
    expect(s).toEqual({
      theme: "dark",
      hideBalances: true,
      autoLockMinutes: null,
      currentWallet: "w1",
    });
    const bad = parseSettings(JSON.stringify({ theme: "pink", autoLockMinutes: -3, currentWallet: 7 }));
    expect(bad.theme).toBe("system");
    expect(bad.autoLockMinutes).toBe(DEFAULT_AUTO_LOCK_MINUTES);
    expect(bad.currentWallet).toBeNull();
  });
});
