import { describe, expect, it } from "vitest";
import {
  type CoinRow,
  coinKey,
  isSelectable,
  pruneSelection,
  selectedTotal,
  sendRoute,
  toggleCoin,
  totalOf,
} from "./coin-selection.js";

const A = "a".repeat(64);
const B = "b".repeat(64);
const coins: CoinRow[] = [
  { txid: A, vout: 0, amount: "0.10000000", category: "spendable" },
  { txid: A, vout: 1, amount: "0.20000000", category: "spendable" },
  { txid: B, vout: 0, amount: "1000.00000000", category: "locked" },
  { txid: B, vout: 3, amount: "5.00000000", category: "pending" },
];

describe("coin selection", () => {
  it("lets only final spendable coins be selected", () => {
    expect(coins.map(isSelectable)).toEqual([true, true, false, false]);
  });
  it("adds amounts exactly (0.1 + 0.2 is 0.3, not 0.30000000000000004)", () => {
    const selected = new Set([coinKey(coins[0]!), coinKey(coins[1]!)]);
    expect(selectedTotal(selected, coins)).toBe("0.30000000");
    expect(totalOf(coins)).toBe("1005.30000000");
  });
  it("toggles and prunes coins that vanished or became unselectable", () => {
    let selected = toggleCoin(new Set(), `${A}:0`);
    selected = toggleCoin(selected, `${B}:0`);
    selected = toggleCoin(selected, `${A}:0`);
    expect([...selected]).toEqual([`${B}:0`]);
    expect([...pruneSelection(new Set([`${A}:1`, `${B}:0`, "gone:9"]), coins)]).toEqual([`${A}:1`]);
  });
  it("routes to Send with the selection as txid:vout pairs in page order", () => {
    const selected = new Set([`${A}:1`, `${A}:0`]);
    expect(sendRoute(selected, coins)).toBe(`#/send?coins=${A}:0,${A}:1`);
  });
});

describe("sendRoute safety", () => {
  it("leaves out anything that is not an outpoint", () => {
    const odd: CoinRow[] = [{ txid: "x&to=evil", vout: 0, amount: "1", category: "spendable" }];
    expect(sendRoute(new Set(["x&to=evil:0"]), odd)).toBe("#/send?coins=");
  });
});
