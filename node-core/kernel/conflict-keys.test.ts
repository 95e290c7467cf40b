// Conflict keys: inputs first; a registration's collateral and operator key; the registration's own key for
// a deregistration or payout change; and which masternode transactions are rivals because of them.
import { describe, expect, it } from "vitest";
import { TX_VERSION } from "../params/consensus.js";
import { toHex } from "../types/bytes.js";
import type { OutPoint, SpecialPayload, Transaction } from "../types/chain.js";
import { masternodeConflictKey, operatorConflictKey, transactionConflictKeys } from "./conflict-keys.js";
import { KernelError } from "./errors.js";
import { outpointKey } from "./view.js";

const outpoint = (fill: number, index = 0): OutPoint => ({ txid: new Uint8Array(32).fill(fill), index });
const OPERATOR = new Uint8Array(32).fill(0xab);

function txWith(prevouts: OutPoint[], special: SpecialPayload | null): Transaction {
  return {
    version: TX_VERSION,
    inputs: prevouts.map((prevout) => ({
      prevout,
      publicKey: new Uint8Array(32),
      signature: new Uint8Array(64),
    })),
    outputs: [],
    lockTime: 0n,
    special,
  };
}

describe("transactionConflictKeys", () => {
  it("lists inputs once each, then the collateral and the operator of a registration", () => {
    const registration: SpecialPayload = {
      kind: "masternodeRegistration",
      collateral: outpoint(3),
      collateralPublicKey: new Uint8Array(32),
      operatorPublicKey: OPERATOR,
      payoutAddress: new Uint8Array(20),
      networkAddress: "10.0.0.1:24200",
      collateralSignature: new Uint8Array(64),
      operatorSignature: new Uint8Array(64),
    };
    const tx = txWith([outpoint(1), outpoint(2, 1), outpoint(1)], registration);
    expect(transactionConflictKeys(tx)).toEqual([
      outpointKey(outpoint(1)),
      outpointKey(outpoint(2, 1)),
      outpointKey(outpoint(3)),
      `operator:${toHex(OPERATOR)}`,
    ]);
    expect(operatorConflictKey(OPERATOR)).toBe(`operator:${toHex(OPERATOR)}`);
  });

  it("a deregistration or payout change takes the registration's key, not the collateral outpoint", () => {
    const deregistration: SpecialPayload = {
      kind: "masternodeDeregistration",
      collateral: outpoint(3),
      collateralPublicKey: new Uint8Array(32),
      collateralSignature: new Uint8Array(64),
    };
    const payoutChange: SpecialPayload = {
      kind: "payoutChange",
      collateral: outpoint(3),
      collateralPublicKey: new Uint8Array(32),
      payoutAddress: new Uint8Array(20).fill(7),
      collateralSignature: new Uint8Array(64),
    };
    expect(transactionConflictKeys(txWith([outpoint(1)], deregistration))).toEqual([
      outpointKey(outpoint(1)),
      `masternode:${outpointKey(outpoint(3))}`,
    ]);
    expect(transactionConflictKeys(txWith([outpoint(2)], payoutChange))).toEqual([
      outpointKey(outpoint(2)),
      masternodeConflictKey(outpoint(3)),
    ]);
    expect(transactionConflictKeys(txWith([outpoint(1)], null))).toEqual([outpointKey(outpoint(1))]);
  });
});

describe("which masternode transactions are rivals", () => {
  const collateral = outpoint(3);
  const registration = txWith([outpoint(1)], {
    kind: "masternodeRegistration",
    collateral,
    collateralPublicKey: new Uint8Array(32),
    operatorPublicKey: OPERATOR,
    payoutAddress: new Uint8Array(20),
    networkAddress: "10.0.0.1:24200",
    collateralSignature: new Uint8Array(64),
    operatorSignature: new Uint8Array(64),
  });
  const deregistration = (feeCoin: number) =>
    txWith([outpoint(feeCoin)], {
      kind: "masternodeDeregistration",
      collateral,
      collateralPublicKey: new Uint8Array(32),
      collateralSignature: new Uint8Array(64),
    });
  const payoutChange = txWith([outpoint(6)], {
    kind: "payoutChange",
    collateral,
    collateralPublicKey: new Uint8Array(32),
    payoutAddress: new Uint8Array(20).fill(7),
    collateralSignature: new Uint8Array(64),
  });
  const spendOfCollateral = txWith([collateral], null);
  const conflict = (a: Transaction, b: Transaction) => {
    const keys = new Set(transactionConflictKeys(a));
    return transactionConflictKeys(b).some((key) => keys.has(key));
  };

  it("a deregistration does not conflict with the registration it ends", () => {
    // It can only apply after the registration (MN_NOT_REGISTERED before), so both end up in the chain;
    // sharing a key made Snowball reject it as lost to the final registration.
    expect(conflict(deregistration(4), registration)).toBe(false);
    expect(conflict(payoutChange, registration)).toBe(false);
  });

  it("two operations on one masternode are rivals, and so are a registration and a spend of its coin", () => {
    expect(conflict(deregistration(4), deregistration(5))).toBe(true);
    expect(conflict(deregistration(4), payoutChange)).toBe(true);
    expect(conflict(registration, spendOfCollateral)).toBe(true);
    // A spend of the collateral is refused while registered and valid after the deregistration: a sequence.
    expect(conflict(deregistration(4), spendOfCollateral)).toBe(false);
  });
});

describe("KernelError", () => {
  it("is named KernelError and prefixes its message with the code", () => {
    const err = new KernelError("TX_NO_INPUTS", "none");
    expect(err.name).toBe("KernelError");
    expect(err.message).toBe("TX_NO_INPUTS: none");
  });
});
