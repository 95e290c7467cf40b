import { describe, expect, it } from "vitest";
import { MetricsCollector, percentile } from "./metrics.js";

describe("percentile", () => {
  it("is nearest-rank and null without samples", () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([5], 0.99)).toBe(5);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.99)).toBe(99);
  });
});

describe("MetricsCollector", () => {
  // a and b spend the same outpoint; c is independent.
  const workload = [
    { txid: "a", spends: ["o:0"] },
    { txid: "b", spends: ["o:0"] },
    { txid: "c", spends: ["p:0"] },
  ];

  it("counts agreement: final everywhere, rejected everywhere, rounds and ms per node", () => {
    const m = new MetricsCollector(3, workload);
    for (const n of [0, 1, 2]) {
      m.seen(n, "a", 100);
      m.seen(n, "c", 100 + n);
      m.snowballFinal(n, "a", 700, 20);
      m.snowballRejected(n, "b", 700);
      m.snowballFinal(n, "c", 900, 22 + n);
    }
    const s = m.summarize([0, 1, 2], [0, 1, 2]);
    expect(s).toMatchObject({
      finalized: 2,
      rejected: 1,
      undecided: 0,
      honestDisagreements: 0,
      conflictingFinal: 0,
    });
    expect(s.finalityRoundsP50).toBe(20);
    expect(s.finalityRoundsP99).toBe(24);
    expect(s.finalityMsP50).toBe(600);
    expect(s.finalityMsP99).toBe(800);
  });

  it("counts (node pair, tx) disagreements and conflicting final pairs", () => {
    const m = new MetricsCollector(3, workload);
    m.snowballFinal(0, "a", 10, 20); // node 0: a final
    m.snowballFinal(1, "b", 10, 20); // node 1: b final (conflicts with a)
    m.snowballRejected(2, "a", 10); // node 2: a rejected
    const s = m.summarize([0, 1, 2], [0, 1, 2]);
    // tx a: final at {0}; rejected or lost at {1 (b final), 2} -> 2 pairs.
    // tx b: final at {1}; lost at {0} -> 1 pair.
    expect(s.honestDisagreements).toBe(3);
    expect(s.conflictingFinal).toBe(1);
    expect(s.finalized).toBe(0);
    expect(s.undecided).toBe(2);
  });

  it("a block makes its transactions final and their conflicts rejected at that node", () => {
    const m = new MetricsCollector(2, workload);
    m.inBlock(0, "a", 50);
    m.inBlock(0, "c", 50);
    expect(m.decidedCount(0)).toBe(3);
    expect(m.finalNotInBlock(0)).toBe(0);
    expect(m.inBlockCount(0)).toBe(2);
    expect(m.decisions(0)).toEqual({ final: ["a", "c"], rejected: ["b"] });
    m.snowballFinal(1, "c", 60, 20);
    expect(m.finalNotInBlock(1)).toBe(1);
    // Only Snowball decisions have finality rounds.
    expect(m.summarize([0, 1], [0, 1]).finalityRoundsP50).toBe(20);
  });

  it("ignores transactions that are not part of the workload", () => {
    const m = new MetricsCollector(1, workload);
    m.snowballFinal(0, "zzz", 1, 1);
    expect(m.summarize([0], [0]).finalityRoundsP50).toBeNull();
  });
});
