import { describe, expect, it } from "vitest";
import { MetricsCollector, percentile, percentileWithMissing } from "./metrics.js";

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

describe("percentileWithMissing", () => {
  it("ranks missing samples last and is null when the rank falls on one", () => {
    expect(percentileWithMissing([], 0, 0.5)).toBeNull();
    expect(percentileWithMissing([3, 1, 2], 0, 0.99)).toBe(3);
    expect(percentileWithMissing([3, 1, 2], 1, 0.5)).toBe(2);
    expect(percentileWithMissing([3, 1, 2], 1, 0.99)).toBeNull();
    expect(percentileWithMissing([], 4, 0.5)).toBeNull();
  });
});

describe("MetricsCollector", () => {
  // a and b spend the same outpoint; c is independent.
  const workload = [
    { txid: "a", spends: ["o:0"], atMs: 100 },
    { txid: "b", spends: ["o:0"], atMs: 100 },
    { txid: "c", spends: ["p:0"], atMs: 100 },
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

  it("counts a pair a node only learned through a block, from the client's submission, as block-decided", () => {
    // Node 0 finalizes a and c by Snowball; node 1 never sees them before a block carries them at 2,100.
    const m = new MetricsCollector(2, workload);
    m.seen(0, "a", 150);
    m.snowballFinal(0, "a", 600, 20);
    m.snowballFinal(0, "c", 600, 20);
    m.snowballRejected(0, "b", 600);
    m.inBlock(1, "a", 2_100);
    m.inBlock(1, "c", 2_100);
    const s = m.summarize([0, 1], [0, 1]);
    expect(s).toMatchObject({ pairs: 6, decidedBySnowball: 3, decidedByBlock: 3, undecidedPairs: 0 });
    expect(s.blockShare).toBe(0.5);
    // Node 1's pairs (a, c final; b lost to a's block) are 2,000 ms each: they are in the percentiles.
    expect(s.finalityMsP50).toBe(500);
    expect(s.finalityMsP99).toBe(2_000);
    // Snowball-only finality leaves node 1 out (the flattering figure, reported beside it).
    expect(s.snowballFinalityMsP99).toBe(500);
  });

  it("counts never-decided pairs and lets them pull a percentile to null instead of dropping them", () => {
    const m = new MetricsCollector(2, workload);
    m.snowballFinal(0, "a", 300, 20);
    m.snowballRejected(0, "b", 300);
    m.snowballFinal(0, "c", 300, 20);
    m.snowballFinal(1, "c", 400, 20);
    const s = m.summarize([0, 1], [0, 1]);
    expect(s).toMatchObject({ pairs: 6, decidedBySnowball: 4, decidedByBlock: 0, undecidedPairs: 2 });
    expect(s.finalityMsP50).toBe(200);
    expect(s.finalityMsP99).toBeNull();
  });

  it("detects honest nodes disagreeing about an outpoint's final spender (frozen at one node)", () => {
    // T spends X and Y, its rival U spends Y, W spends X later. Node 0 releases X when T loses Y (W final);
    // node 1 keeps X decided for the rejected T, so W is rejected there: X is frozen at node 1.
    const multi = [
      { txid: "T", spends: ["X", "Y"], atMs: 0 },
      { txid: "U", spends: ["Y"], atMs: 0 },
      { txid: "W", spends: ["X"], atMs: 500 },
    ];
    const m = new MetricsCollector(2, multi);
    for (const n of [0, 1]) {
      m.snowballRejected(n, "T", 400);
      m.snowballFinal(n, "U", 400, 20);
    }
    m.snowballFinal(0, "W", 900, 20);
    m.snowballRejected(1, "W", 900);
    const s = m.summarize([0, 1], [0, 1]);
    expect(s.outpointDisagreements).toBe(1);
    expect(s.honestDisagreements).toBe(1);
    // Agreement on every outpoint (both nodes freeze X) is no disagreement.
    const agree = new MetricsCollector(2, multi);
    for (const n of [0, 1]) {
      agree.snowballRejected(n, "T", 400);
      agree.snowballFinal(n, "U", 400, 20);
      agree.snowballRejected(n, "W", 900);
    }
    expect(agree.summarize([0, 1], [0, 1]).outpointDisagreements).toBe(0);
    // ...but W was rejected with nothing final against it at either node: X is frozen, not spent.
    expect(agree.summarize([0, 1], [0, 1]).rejectedWithoutWinner).toBe(2);
    expect(s.rejectedWithoutWinner).toBe(1);
  });

  it("chains of overlapping conflicts: A{X,Y} B{Y,Z} C{Z}; C is lost only where B is final", () => {
    const chain = [
      { txid: "A", spends: ["X", "Y"], atMs: 0 },
      { txid: "B", spends: ["Y", "Z"], atMs: 0 },
      { txid: "C", spends: ["Z"], atMs: 0 },
    ];
    const m = new MetricsCollector(2, chain);
    m.snowballFinal(0, "A", 300, 20);
    m.snowballFinal(0, "C", 300, 20);
    m.snowballFinal(1, "B", 300, 20);
    const s = m.summarize([0, 1], [0, 1]);
    // A vs B conflict across nodes, and B vs C: two conflicting final pairs; A and C do not conflict.
    expect(s.conflictingFinal).toBe(2);
    // X: A spent it at node 0, frozen at node 1 (A lost); Y: A vs B; Z: C vs B.
    expect(s.outpointDisagreements).toBe(3);
    expect(m.decisions(0)).toEqual({ final: ["A", "C"], rejected: ["B"] });
    expect(m.decisions(1)).toEqual({ final: ["B"], rejected: ["A", "C"] });
  });
});
