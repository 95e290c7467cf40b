import { describe, expect, it } from "vitest";
import { minimumFee, transactionSize, typicalFee } from "./estimate.js";

describe("minimumFee", () => {
  it("is the floor for small transactions and 10 sat per byte beyond", () => {
    expect(transactionSize(1, 2)).toBe(19 + 132 + 56);
    expect(minimumFee(50)).toBe(1_000n);
    expect(minimumFee(207)).toBe(2_070n);
  });

  it("gives a typical one-input payment with change as the fee shown before the plan", () => {
    expect(typicalFee()).toBe("0.00002070");
  });
});
