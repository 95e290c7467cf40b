import { describe, expect, it } from "vitest";
import {
  addToHistory,
  HISTORY_KEY,
  HISTORY_LIMIT,
  type HistoryWalk,
  type KeyValueStorage,
  loadHistory,
  saveHistory,
  stepHistory,
} from "./history.js";

/** A real in-memory Storage (the browser's sessionStorage has the same two methods we use). */
function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe("history storage", () => {
  it("round-trips and survives garbage in storage", () => {
    const storage = memoryStorage();
    saveHistory(storage, ["help", "getblockcount"]);
    expect(loadHistory(storage)).toEqual(["help", "getblockcount"]);
    storage.map.set(HISTORY_KEY, "{not json");
    expect(loadHistory(storage)).toEqual([]);
    storage.map.set(HISTORY_KEY, JSON.stringify(["ok", 5, null]));
    expect(loadHistory(storage)).toEqual(["ok"]);
  });
  it("keeps going when storage refuses to write", () => {
    const full: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => saveHistory(full, ["a"])).not.toThrow();
  });
});

describe("addToHistory", () => {
  it("skips blanks and consecutive duplicates and bounds the length", () => {
    expect(addToHistory(["a"], "a")).toEqual(["a"]);
    expect(addToHistory(["a"], "  ")).toEqual(["a"]);
    let h: string[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) h = addToHistory(h, `c${i}`);
    expect(h.length).toBe(HISTORY_LIMIT);
    expect(h[h.length - 1]).toBe(`c${HISTORY_LIMIT + 4}`);
  });
});

describe("stepHistory", () => {
  const history = ["one", "two", "three"];
  it("walks up to the oldest and down back to the draft", () => {
    let walk: HistoryWalk = { index: null, draft: "" };
    let text = "typing";
    const step = (d: "up" | "down") => {
      const r = stepHistory(history, walk, d, text);
      walk = r.walk;
      text = r.text;
      return text;
    };
    expect(step("up")).toBe("three");
    expect(step("up")).toBe("two");
    expect(step("up")).toBe("one");
    expect(step("up")).toBe("one");
    expect(step("down")).toBe("two");
    expect(step("down")).toBe("three");
    expect(step("down")).toBe("typing");
    expect(step("down")).toBe("typing");
  });
  it("does nothing without history", () => {
    expect(stepHistory([], { index: null, draft: "" }, "up", "x").text).toBe("x");
  });
});
