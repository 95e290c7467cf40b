// Conflict keys: inputs first, then the named collateral, then the operator key a registration claims.
import { describe, expect, it } from "vitest";
import { TX_VERSION } from "../params/consensus.js";
import { toHex } from "../types/bytes.js";
import type { OutPoint, SpecialPayload, Transaction } from "../types/chain.js";
import { operatorConflictKey, transactionConflictKeys } from "./conflict-keys.js";
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

  it("a deregistration claims its collateral but no operator; a plain spend only its inputs", () => {
    const deregistration: SpecialPayload = {
      kind: "masternodeDeregistration",
      collateral: outpoint(3),
      collateralPublicKey: new Uint8Array(32),
      collateralSignature: new Uint8Array(64),
    };
    expect(transactionConflictKeys(txWith([outpoint(1)], deregistration))).toEqual([
      outpointKey(outpoint(1)),
      outpointKey(outpoint(3)),
    ]);
    expect(transactionConflictKeys(txWith([outpoint(1)], null))).toEqual([outpointKey(outpoint(1))]);
  });
});

describe("KernelError", () => {
  it("is named KernelError and prefixes its message with the code", () => {
    const err = new KernelError("TX_NO_INPUTS", "none");
    expect(err.name).toBe("KernelError");
    expect(err.message).toBe("TX_NO_INPUTS: none");
  });
});
