import { describe, expect, it } from "vitest";
import { isMethodName, parseCommand } from "./command-line.js";

const values = (line: string) => {
  const parsed = parseCommand(line);
  if (!parsed.ok) throw new Error(parsed.problem);
  return { method: parsed.method, args: parsed.args.map((t) => t.value) };
};

describe("parseCommand", () => {
  it("splits a method and JSON or bare-word arguments", () => {
    expect(values("getblock abcd 2")).toEqual({ method: "getblock", args: ["abcd", 2] });
    expect(values("  setban 1.2.3.4 add 0 true ")).toEqual({
      method: "setban",
      args: ["1.2.3.4", "add", 0, true],
    });
    expect(values("help")).toEqual({ method: "help", args: [] });
    expect(values("x null")).toEqual({ method: "x", args: [null] });
  });
  it("keeps quoted text with spaces as one string, JSON escapes included", () => {
    expect(values('restorewallet w "abandon ability able" pw')).toEqual({
      method: "restorewallet",
      args: ["w", "abandon ability able", "pw"],
    });
    expect(values('x "a \\"quoted\\" word"').args).toEqual(['a "quoted" word']);
    expect(values("x 'literal \\n text'").args).toEqual(["literal \\n text"]);
  });
  it("reads arrays and objects, with brackets inside strings", () => {
    expect(values('x [1, "a]b", {"k": [2]}] {"wallet_name": "my wallet"}').args).toEqual([
      [1, "a]b", { k: [2] }],
      { wallet_name: "my wallet" },
    ]);
  });
  it("keeps numbers that would lose their form as strings", () => {
    expect(values("x 0123 1.50 12345678901234567890 1.5 -4").args).toEqual([
      "0123",
      "1.50",
      "12345678901234567890",
      1.5,
      -4,
    ]);
    // A hex txid that happens to start with digits is not a number.
    expect(values("x 00ab").args).toEqual(["00ab"]);
  });
  it("reports unclosed quotes and brackets and bad JSON with their position", () => {
    expect(parseCommand('x "open')).toEqual({ ok: false, problem: "unclosed-quote", at: 2 });
    expect(parseCommand("x [1, 2")).toEqual({ ok: false, problem: "unclosed-bracket", at: 2 });
    expect(parseCommand("x {nope}")).toEqual({ ok: false, problem: "bad-json", at: 2 });
    expect(parseCommand("   ")).toEqual({ ok: false, problem: "empty", at: 0 });
  });
  it("keeps the raw text of each argument", () => {
    const parsed = parseCommand('m "a b" [1]');
    expect(parsed.ok && parsed.args.map((t) => t.raw)).toEqual(['"a b"', "[1]"]);
  });
});

describe("isMethodName", () => {
  it("accepts method-like words only", () => {
    expect(isMethodName("getblockchaininfo")).toBe(true);
    expect(isMethodName("__proto__")).toBe(false);
    expect(isMethodName("get-block")).toBe(false);
    expect(isMethodName("1abc")).toBe(false);
  });
});
