// checkSpecialPayload on its own over a MapStateView: the change each payload makes, and each refusal with
// its code, message and details (special.test.ts covers the same rules end to end through blocks).
import { describe, expect, it } from "vitest";
import { TX_VERSION } from "../params/consensus.js";
import { deriveTestKeys, type TestKey } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { OutPoint, SpecialPayload, Transaction } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import { checkSpecialPayload, isValidNetworkAddress } from "./special.js";
import { refusal } from "./test-support.js";
import { MapStateView, outpointKey } from "./view.js";

const [owner, stranger] = deriveTestKeys("kernel/special-payload", 2) as [TestKey, TestKey];
const ctx = { chainId: 1, height: 42n };
const outpoint = (fill: number, index = 0): OutPoint => ({ txid: new Uint8Array(32).fill(fill), index });
const COLLATERAL = outpoint(9, 1);
const OPERATOR = new Uint8Array(32).fill(0x33);
const PAYOUT = new Uint8Array(20).fill(0x44);
const NEW_PAYOUT = new Uint8Array(20).fill(0x55);
const SIG = new Uint8Array(64);
const AMOUNT = 1_000_000n;

function txWith(special: SpecialPayload | null, spends: OutPoint[] = [outpoint(1)]): Transaction {
  return {
    version: TX_VERSION,
    inputs: spends.map((prevout) => ({ prevout, publicKey: owner.publicKey, signature: SIG })),
    outputs: [],
    lockTime: 0n,
    special,
  };
}

function registration(extra: Partial<SpecialPayload> = {}): SpecialPayload {
  return {
    kind: "masternodeRegistration",
    collateral: COLLATERAL,
    collateralPublicKey: owner.publicKey,
    operatorPublicKey: OPERATOR,
    payoutAddress: PAYOUT,
    networkAddress: "10.0.0.1:24200",
    collateralSignature: SIG,
    operatorSignature: SIG,
    ...extra,
  } as SpecialPayload;
}

const record: MasternodeRecord = {
  collateral: COLLATERAL,
  collateralAmount: AMOUNT,
  collateralPublicKey: owner.publicKey,
  operatorPublicKey: OPERATOR,
  payoutAddress: PAYOUT,
  networkAddress: "10.0.0.1:24200",
  registeredHeight: 5n,
};

function viewWith(opts: { coin?: boolean; registered?: boolean } = {}): MapStateView {
  const view = new MapStateView();
  if (opts.coin ?? true) {
    view.setUtxo(COLLATERAL, { amount: AMOUNT, address: owner.address, height: 1n, isReward: false });
  }
  if (opts.registered) view.setMasternode(record);
  return view;
}

function check(tx: Transaction, view: MapStateView) {
  return checkSpecialPayload(tx, view, ctx, (op) => view.getUtxo(op));
}

const at = { outpoint: outpointKey(COLLATERAL) };

describe("checkSpecialPayload", () => {
  it("no payload, no change", () => {
    expect(check(txWith(null), viewWith())).toBeNull();
  });

  it("a registration records the collateral amount, the keys, the payout, the address and the height", () => {
    expect(check(txWith(registration()), viewWith())).toEqual({
      change: {
        collateral: COLLATERAL,
        before: null,
        after: { ...record, registeredHeight: 42n },
      },
    });
  });

  it("refuses a registration spending its collateral, naming it", () => {
    expect(refusal(() => check(txWith(registration(), [outpoint(1), COLLATERAL]), viewWith()))).toEqual({
      message: "MN_COLLATERAL_SPENT_BY_REGISTRATION: a registration cannot spend its own collateral",
      details: at,
    });
  });

  it("refuses a missing collateral, a collateral owned by another key, a registered one", () => {
    expect(refusal(() => check(txWith(registration()), viewWith({ coin: false })))).toEqual({
      message: "MN_COLLATERAL_MISSING: the collateral outpoint is not an unspent output",
      details: at,
    });
    expect(
      refusal(() => check(txWith(registration({ collateralPublicKey: stranger.publicKey })), viewWith())),
    ).toEqual({
      message: "MN_COLLATERAL_KEY_MISMATCH: the collateral key does not own the collateral",
      details: at,
    });
    expect(refusal(() => check(txWith(registration()), viewWith({ registered: true })))).toEqual({
      message: "MN_ALREADY_REGISTERED: this collateral already backs a masternode",
      details: at,
    });
  });

  it("refuses an operator key already in use and a bad network address", () => {
    const view = viewWith();
    view.setMasternode({ ...record, collateral: outpoint(7) });
    view.setUtxo(COLLATERAL, { amount: AMOUNT, address: owner.address, height: 1n, isReward: false });
    expect(refusal(() => check(txWith(registration()), view))).toEqual({
      message: "MN_OPERATOR_IN_USE: this operator key already runs another masternode",
      details: { actual: toHex(OPERATOR) },
    });
    expect(refusal(() => check(txWith(registration({ networkAddress: "nowhere" })), viewWith()))).toEqual({
      message: "MN_BAD_NETWORK_ADDRESS: network address must be host:port",
      details: { actual: "nowhere" },
    });
  });

  it("a deregistration removes the record, a payout change rewrites only the payout", () => {
    const view = viewWith({ registered: true });
    const deregistration: SpecialPayload = {
      kind: "masternodeDeregistration",
      collateral: COLLATERAL,
      collateralPublicKey: owner.publicKey,
      collateralSignature: SIG,
    };
    expect(check(txWith(deregistration), view)).toEqual({
      change: { collateral: COLLATERAL, before: record, after: null },
    });
    const payout: SpecialPayload = {
      kind: "payoutChange",
      collateral: COLLATERAL,
      payoutAddress: NEW_PAYOUT,
      collateralPublicKey: owner.publicKey,
      collateralSignature: SIG,
    };
    expect(check(txWith(payout), view)).toEqual({
      change: { collateral: COLLATERAL, before: record, after: { ...record, payoutAddress: NEW_PAYOUT } },
    });
  });

  it("refuses an unregistered collateral, a foreign key and an unchanged payout", () => {
    const payout = (extra: Partial<SpecialPayload> = {}): SpecialPayload =>
      ({
        kind: "payoutChange",
        collateral: COLLATERAL,
        payoutAddress: NEW_PAYOUT,
        collateralPublicKey: owner.publicKey,
        collateralSignature: SIG,
        ...extra,
      }) as SpecialPayload;
    expect(refusal(() => check(txWith(payout()), viewWith()))).toEqual({
      message: "MN_NOT_REGISTERED: no masternode is registered with this collateral",
      details: at,
    });
    const view = viewWith({ registered: true });
    expect(refusal(() => check(txWith(payout({ collateralPublicKey: stranger.publicKey })), view))).toEqual({
      message: "MN_COLLATERAL_KEY_MISMATCH: the collateral key does not own this masternode",
      details: at,
    });
    expect(refusal(() => check(txWith(payout({ payoutAddress: PAYOUT })), view))).toEqual({
      message: "MN_PAYOUT_UNCHANGED: the masternode already pays this address",
      details: at,
    });
  });
});

describe("isValidNetworkAddress", () => {
  it("accepts ports 1 and 65535 and refuses 0 and 65536", () => {
    expect(isValidNetworkAddress("10.0.0.1:1")).toBe(true);
    expect(isValidNetworkAddress("10.0.0.1:65535")).toBe(true);
    expect(isValidNetworkAddress("10.0.0.1:0")).toBe(false);
    expect(isValidNetworkAddress("10.0.0.1:65536")).toBe(false);
    expect(isValidNetworkAddress("[::1]:24200")).toBe(true);
    expect(isValidNetworkAddress("node-1.example.org:24200")).toBe(true);
  });

  it("anchors the port at the end, and refuses labels that start or end with a hyphen", () => {
    expect(isValidNetworkAddress("10.0.0.1:24200x")).toBe(false);
    expect(isValidNetworkAddress("10.0.0.1:123456")).toBe(false);
    expect(isValidNetworkAddress("-.1.2.3:80")).toBe(false);
    expect(isValidNetworkAddress("1.-.-.-:80")).toBe(false);
    expect(isValidNetworkAddress("node-.example:80")).toBe(false);
    // single-character labels after the first are fine
    expect(isValidNetworkAddress("node.a.b:80")).toBe(true);
  });
});
