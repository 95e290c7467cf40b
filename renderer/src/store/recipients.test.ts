import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { knownRecipients, rememberRecipient } from "./recipients.js";

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe("recipients", () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    (globalThis as { localStorage?: unknown }).localStorage = storage;
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });
  it("keeps each wallet's recipients, newest first, without duplicates", () => {
    rememberRecipient("a", "TIME0one");
    rememberRecipient("a", "TIME0two");
    rememberRecipient("a", "TIME0one");
    rememberRecipient("b", "TIME0three");
    expect(knownRecipients("a")).toEqual(["TIME0one", "TIME0two"]);
    expect(knownRecipients("b")).toEqual(["TIME0three"]);
    expect(knownRecipients("c")).toEqual([]);
  });
  it("survives damaged storage and works without storage", () => {
    storage.setItem("timecoin.recipients.v1", "{broken");
    expect(knownRecipients("a")).toEqual([]);
    delete (globalThis as { localStorage?: unknown }).localStorage;
    rememberRecipient("a", "TIME0x");
    expect(knownRecipients("a")).toEqual([]);
  });
});
