import { describe, expect, it } from "vitest";
import { syncView } from "./sync.js";

describe("syncView", () => {
  it("is synced within two blocks of the best peer", () => {
    expect(syncView(100, 100)).toEqual({ syncing: false, percent: 100, blocksLeft: 0 });
    expect(syncView(98, 100).syncing).toBe(false);
    expect(syncView(0, 0).syncing).toBe(false);
  });
  it("reports the fraction while behind, never 100 % until caught up", () => {
    expect(syncView(812, 1000)).toEqual({ syncing: true, percent: 81, blocksLeft: 188 });
    expect(syncView(996, 1000).percent).toBe(99);
    expect(syncView(0, 50).percent).toBe(0);
  });
});
