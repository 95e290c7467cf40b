import { describe, expect, it } from "vitest";
import {
  findCollateralCoin,
  INITIAL,
  networkAddressProblem,
  parseWizard,
  stepProblem,
  type WizardAction,
  type WizardState,
  wizardReducer,
} from "./wizard-state.js";

const TX = "c".repeat(64);
const OTHER = "d".repeat(64);
const run = (actions: readonly WizardAction[], from: WizardState = INITIAL) =>
  actions.reduce(wizardReducer, from);

describe("wizardReducer", () => {
  it("walks tier → collateral → operator → address → review and refuses to skip a step", () => {
    let s = run([{ type: "next" }]);
    expect(s.step).toBe("tier");
    s = run([{ type: "chooseTier", tier: "bronze" }, { type: "next" }]);
    expect(s.step).toBe("collateral");
    expect(run([{ type: "next" }], s).step).toBe("collateral");
    s = run([{ type: "collateralSent", txid: TX }, { type: "next" }], s);
    expect(s.step).toBe("collateral");
    s = run([{ type: "collateralReady", outpoint: { txid: TX, vout: 1 } }, { type: "next" }], s);
    expect(s.step).toBe("operator");
    expect(s.collateralTxid).toBeNull();
    s = run([{ type: "next" }, { type: "setLabel", label: "mn1" }, { type: "next" }], s);
    expect(s.step).toBe("address");
    s = run([{ type: "setNetworkAddress", networkAddress: "no-port" }, { type: "next" }], s);
    expect(s.step).toBe("address");
    s = run(
      [
        { type: "setNetworkAddress", networkAddress: "203.0.113.5:24200" },
        { type: "next" },
        { type: "next" },
      ],
      s,
    );
    expect(s.step).toBe("review");
    s = run([{ type: "registered", txid: OTHER, operator: "ab" }, { type: "back" }], s);
    expect(s.step).toBe("registered");
    expect(run([{ type: "reset" }], s)).toEqual(INITIAL);
  });
  it("forgets the collateral coin when the tier changes, and goes back a step", () => {
    const s = run([
      { type: "chooseTier", tier: "bronze" },
      { type: "next" },
      { type: "collateralReady", outpoint: { txid: TX, vout: 0 } },
      { type: "back" },
      { type: "chooseTier", tier: "silver" },
    ]);
    expect(s.step).toBe("tier");
    expect(s.collateral).toBeNull();
  });
});

describe("wizardReducer: the collateral reply that comes after its coin", () => {
  // A self-payment can be final, and its coin listed (listunspent, refreshed on the status event), before
  // sendtoaddress's reply reaches the page: the step shows the coin, Continue moves on, then the reply
  // lands. It must not take the coin back (the review would have nothing to register).
  const movedOn = run([
    { type: "chooseTier", tier: "bronze" },
    { type: "next" },
    { type: "collateralReady", outpoint: { txid: TX, vout: 0 } },
    { type: "next" },
    { type: "collateralSent", txid: TX },
  ]);
  it("keeps the coin already found for that payment", () => {
    expect(movedOn.step).toBe("operator");
    expect(movedOn.collateral).toEqual({ txid: TX, vout: 0 });
    expect(movedOn.collateralTxid).toBeNull();
    const review = run(
      [
        { type: "setLabel", label: "mn1" },
        { type: "next" },
        { type: "setNetworkAddress", networkAddress: "203.0.113.5:24200" },
        { type: "next" },
      ],
      movedOn,
    );
    expect(review.step).toBe("review");
    expect(review.collateral).toEqual({ txid: TX, vout: 0 });
  });
  it("goes back to the collateral step when a new payment replaces the coin past it", () => {
    // masternodesetup answers "collateral-sent" at review when the chosen coin is gone meanwhile.
    const review: WizardState = { ...movedOn, step: "review", label: "mn1", networkAddress: "x.org:1" };
    const s = run([{ type: "collateralSent", txid: OTHER }], review);
    expect(s.step).toBe("collateral");
    expect(s.collateral).toBeNull();
    expect(s.collateralTxid).toBe(OTHER);
    expect(s.label).toBe("mn1");
  });
});

describe("stepProblem", () => {
  it("checks the label against the wallet's masternodes", () => {
    const s: WizardState = { ...INITIAL, step: "operator", label: " mn1 " };
    expect(stepProblem(s, new Set(["mn1"]))).toBe("labelTaken");
    expect(stepProblem({ ...s, label: "x".repeat(65) })).toBe("labelLong");
  });
});

describe("networkAddressProblem", () => {
  it("accepts host:port with a hostname, IPv4 or bracketed IPv6", () => {
    expect(networkAddressProblem("203.0.113.5:24200")).toBeNull();
    expect(networkAddressProblem("mn.example.org:9")).toBeNull();
    expect(networkAddressProblem("[2001:db8::1]:24200")).toBeNull();
  });
  it("names what is wrong", () => {
    expect(networkAddressProblem("  ")).toBe("addressEmpty");
    expect(networkAddressProblem("example.org")).toBe("addressFormat");
    expect(networkAddressProblem("bad host:1")).toBe("addressFormat");
    expect(networkAddressProblem("example.org:0")).toBe("addressPort");
    expect(networkAddressProblem("example.org:70000")).toBe("addressPort");
    expect(networkAddressProblem(":24200")).toBe("addressFormat");
  });
});

describe("findCollateralCoin", () => {
  const coins = [
    { txid: OTHER, vout: 0, amount: "1000.00000000", category: "locked" },
    { txid: OTHER, vout: 1, amount: "1000", category: "spendable" },
    { txid: TX, vout: 0, amount: "199.99", category: "spendable" },
    { txid: TX, vout: 1, amount: "1000.00000000", category: "spendable" },
    { txid: TX, vout: 2, amount: "not a number", category: "spendable" },
  ];
  it("prefers the self-payment's coin of exactly the tier's collateral, never a locked one", () => {
    expect(findCollateralCoin(coins, "1000", TX)).toEqual({ txid: TX, vout: 1 });
    expect(findCollateralCoin(coins, "1000", null)).toEqual({ txid: OTHER, vout: 1 });
    expect(findCollateralCoin(coins, "10000", null)).toBeNull();
    // A damaged or zero collateral never matches a coin.
    expect(findCollateralCoin(coins, "a lot", null)).toBeNull();
    expect(
      findCollateralCoin([{ txid: TX, vout: 0, amount: "0", category: "spendable" }], "0", null),
    ).toBeNull();
  });
  it("waits for the self-payment's own coin rather than taking another", () => {
    expect(findCollateralCoin(coins.slice(0, 2), "1000", TX)).toBeNull();
  });
});

describe("parseWizard", () => {
  it("round-trips a saved wizard", () => {
    const s: WizardState = {
      ...INITIAL,
      step: "address",
      tier: "gold",
      collateral: { txid: TX, vout: 3 },
      label: "mn1",
      networkAddress: "x:1",
    };
    expect(parseWizard(JSON.stringify(s))).toEqual(s);
  });
  it("starts over on damage and never lands on a step its data does not support", () => {
    expect(parseWizard("{oops")).toEqual(INITIAL);
    expect(parseWizard('"text"')).toEqual(INITIAL);
    const noCoin = parseWizard(
      JSON.stringify({ step: "review", tier: "bronze", label: "a", collateral: { txid: "zz", vout: 0 } }),
    );
    expect(noCoin.step).toBe("collateral");
    expect(noCoin.collateral).toBeNull();
    expect(parseWizard(JSON.stringify({ step: "registered", tier: "bronze" })).step).toBe("collateral");
  });
});
