import { describe, expect, it } from "vitest";
import { idleExpired, MAX_UNLOCK_SECONDS, unlockSeconds } from "./idle.js";

describe("auto-lock timing", () => {
  it("turns minutes into the node's unlock timeout, never beyond its maximum", () => {
    expect(unlockSeconds(5)).toBe(300);
    expect(unlockSeconds(null)).toBe(MAX_UNLOCK_SECONDS);
    expect(unlockSeconds(100_000)).toBe(MAX_UNLOCK_SECONDS);
  });
  it("expires after the idle minutes, never for 'never'", () => {
    expect(idleExpired(0, 299_999, 5)).toBe(false);
    expect(idleExpired(0, 300_000, 5)).toBe(true);
    expect(idleExpired(0, 10 ** 12, null)).toBe(false);
  });
});
