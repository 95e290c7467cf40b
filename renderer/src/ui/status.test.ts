import { describe, expect, it } from "vitest";
import { chipView, isSettled, statusOfEvent, statusOfRow, type TxStatus } from "./status.js";

const base: TxStatus = {
  state: "pending",
  confidence: 0,
  beta: 20,
  reason: null,
  finalMs: null,
  blockHeight: null,
};

describe("chipView", () => {
  it("names every state with its state word first", () => {
    expect(chipView({ ...base, reason: "in the mempool, waiting to enter finality voting" }).label).toBe(
      "Pending: In the mempool, waiting to enter finality voting.",
    );
    const voting = chipView({ ...base, state: "voting", confidence: 12 });
    expect(voting.text).toBe("Voting 12/20");
    expect(voting.progress).toBeCloseTo(0.6);
    expect(chipView({ ...base, state: "final", finalMs: 640 }).label).toBe("Final in 640 ms");
    expect(chipView({ ...base, state: "final" }).label).toBe("Final");
    expect(chipView({ ...base, state: "final", blockHeight: 1234 }).label).toBe("In block 1,234");
    const rejected = chipView({ ...base, state: "rejected", reason: "lost to a conflicting transaction" });
    expect(rejected.text).toBe("Rejected");
    expect(rejected.label).toBe("Rejected: Lost to a conflicting transaction.");
    expect(chipView({ ...base, state: "rejected" }).label).toMatch(/^Rejected: /);
    expect(chipView({ ...base, state: "unknown" }).label).toBe("Pending");
  });
  it("keeps the ring within 0..1 whatever the node reports", () => {
    expect(chipView({ ...base, state: "voting", confidence: 30 }).progress).toBe(1);
    expect(chipView({ ...base, state: "voting", confidence: 3, beta: 0 }).progress).toBe(1);
  });
});

describe("status sources", () => {
  it("normalizes history rows and event payloads alike; unknown states read as unknown", () => {
    const row = statusOfRow({
      status: "voting",
      confidence: 3,
      beta: 20,
      reason: null,
      final_ms: null,
      blockheight: null,
    });
    expect(row.state).toBe("voting");
    const event = statusOfEvent({
      state: "final",
      confidence: 20,
      beta: 20,
      reason: null,
      finalMs: 12,
      blockHeight: 7,
    });
    expect(isSettled(event)).toBe(true);
    expect(
      statusOfEvent({
        status: "bogus",
        confidence: 0,
        beta: 20,
        reason: null,
        finalMs: null,
        blockHeight: null,
      }).state,
    ).toBe("unknown");
    expect(isSettled(row)).toBe(false);
  });
});
