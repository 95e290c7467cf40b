import { describe, expect, it } from "vitest";
import { commonPrefix, completions, parseHelp, toNamedParams } from "./method-index.js";

// The shape of the node's `help` (node-core/api/methods/control.ts): usage line, indented summary.
const HELP = [
  "getblock BLOCKHASH ( verbosity )",
  "    a block: 0 = hex of its encoding, 1 = JSON with txids",
  "getblockchaininfo",
  "    the network, the tip and the genesis of this node's chain",
  "walletpassphrase PASSPHRASE TIMEOUT ( wallet_name )",
  "    unlocks the wallet",
].join("\n");

describe("parseHelp", () => {
  it("reads each method's params in order, with the optional ones, and its summary", () => {
    const methods = parseHelp(HELP);
    expect([...methods.keys()]).toEqual(["getblock", "getblockchaininfo", "walletpassphrase"]);
    const getblock = methods.get("getblock");
    expect(getblock?.params).toEqual(["blockhash", "verbosity"]);
    expect([...(getblock?.optional ?? [])]).toEqual(["verbosity"]);
    expect(getblock?.summary).toMatch(/^a block/);
    expect(methods.get("walletpassphrase")?.params).toEqual(["passphrase", "timeout", "wallet_name"]);
  });
  it("skips lines that are not usage lines", () => {
    expect(parseHelp("Some Banner text\n\n???").size).toBe(0);
  });
});

describe("completions and commonPrefix", () => {
  const names = ["getblock", "getblockchaininfo", "getblockhash", "help"];
  it("lists the methods with a prefix and the part Tab can complete", () => {
    expect(completions(names, "getb")).toEqual(["getblock", "getblockchaininfo", "getblockhash"]);
    expect(commonPrefix(completions(names, "getb"))).toBe("getblock");
    expect(commonPrefix(["help"])).toBe("help");
    expect(commonPrefix([])).toBe("");
  });
});

describe("toNamedParams", () => {
  const usage = parseHelp(HELP).get("getblock")!;
  it("names positional arguments by the method's order, skipping nulls", () => {
    expect(toNamedParams(usage, ["ab", 2])).toEqual({ ok: true, params: { blockhash: "ab", verbosity: 2 } });
    expect(toNamedParams(usage, ["ab", null])).toEqual({ ok: true, params: { blockhash: "ab" } });
  });
  it("takes a single object as named params", () => {
    expect(toNamedParams(usage, [{ blockhash: "ab" }])).toEqual({ ok: true, params: { blockhash: "ab" } });
  });
  it("refuses more arguments than the method takes", () => {
    expect(toNamedParams(usage, [1, 2, 3])).toEqual({ ok: false, problem: "too-many", max: 2 });
  });
  it("never turns a __proto__ key into a prototype", () => {
    const result = toNamedParams(usage, [JSON.parse('{"__proto__": {"polluted": true}}')]);
    expect(result.ok && Object.keys(result.params)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
