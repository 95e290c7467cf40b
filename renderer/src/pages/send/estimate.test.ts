import { describe, expect, it } from "vitest";
import { type Coin, estimatePayment, minimumFee, transactionSize } from "./estimate.js";

const T = 100_000_000n;
const coin = (sats: bigint, n = 0): Coin => ({
  txid: `${n}`.padStart(64, "0"),
  vout: 0,
  address: `TIME3addr${n}`,
  sats,
});

describe("minimumFee", () => {
  it("is the floor for small transactions and 10 sat per byte beyond", () => {
    expect(transactionSize(1, 2)).toBe(19 + 132 + 56);
    expect(minimumFee(50)).toBe(1_000n);
    expect(minimumFee(207)).toBe(2_070n);
  });
});

describe("estimatePayment", () => {
  it("spends the largest coins first and returns change", () => {
    const r = estimatePayment([coin(1n * T, 1), coin(5n * T, 2), coin(2n * T, 3)], 3n * T, false);
    if (!r.ok) throw new Error("expected ok");
    expect(r.estimate.inputs.map((c) => c.sats)).toEqual([5n * T]);
    expect(r.estimate.feeSats).toBe(minimumFee(transactionSize(1, 2)));
    expect(r.estimate.recipientSats + r.estimate.changeSats + r.estimate.feeSats).toBe(5n * T);
  });
  it("adds coins until the fee is covered and gives dust change to the fee", () => {
    const r = estimatePayment([coin(1n * T, 1), coin(3_500n, 2)], 1n * T - 500n, false);
    if (!r.ok) throw new Error("expected ok");
    expect(r.estimate.inputs.length).toBe(2);
    expect(r.estimate.changeSats).toBe(0n);
    expect(r.estimate.recipientSats + r.estimate.feeSats).toBe(1n * T + 3_500n);
    expect(r.estimate.feeSats).toBe(4_000n);
  });
  it("subtracts the fee from the amount for Max", () => {
    const r = estimatePayment([coin(2n * T, 1), coin(1n * T, 2)], 3n * T, true);
    if (!r.ok) throw new Error("expected ok");
    expect(r.estimate.changeSats).toBe(0n);
    expect(r.estimate.recipientSats).toBe(3n * T - minimumFee(transactionSize(2, 1)));
  });
  it("says how much is missing", () => {
    const r = estimatePayment([coin(1n * T)], 2n * T, false);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.shortBySats).toBe(1n * T + minimumFee(transactionSize(1, 1)));
    expect(estimatePayment([], 1n, false).ok).toBe(false);
  });
});
