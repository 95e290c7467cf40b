import { describe, expect, it } from "vitest";
import { paidTo, type RewardOutput, rewardBuckets, rewardsTo, tipFromHistory } from "./rewards.js";

const A = "tm1payouta";
const B = "tm1payoutb";
const tx = (n: number) => n.toString(16).padStart(64, "0");

describe("paidTo", () => {
  it("sums the outputs to the address, ignoring others and damaged amounts", () => {
    const outputs: RewardOutput[] = [
      { value: "0.5", address: A },
      { value: "2", address: B },
      { value: "0.25000000", address: A },
      { value: "oops", address: A },
    ];
    expect(paidTo(outputs, A)).toBe(75_000_000n);
    expect(paidTo(outputs, "tm1other")).toBe(0n);
  });
});

describe("rewardsTo", () => {
  const outputs = new Map<string, RewardOutput[]>([
    [tx(1), [{ value: "1", address: A }]],
    [tx(2), [{ value: "1", address: B }]],
    [
      tx(3),
      [
        { value: "3", address: A },
        { value: "1", address: B },
      ],
    ],
    [tx(5), [{ value: "9", address: A }]],
  ]);
  const history = [
    { txid: tx(3), category: "generate", blockheight: 30 },
    { txid: tx(4), category: "generate", blockheight: 40 }, // outputs not read yet
    { txid: tx(5), category: "receive", blockheight: 50 }, // a payment, not a reward
    { txid: tx(2), category: "generate", blockheight: 20 },
    { txid: tx(1), category: "generate", blockheight: 10 },
    { txid: tx(6), category: "generate", blockheight: null },
  ];
  it("keeps the rewards whose outputs pay the masternode's address, newest first", () => {
    expect(rewardsTo(history, (id) => outputs.get(id), A)).toEqual([
      { txid: tx(3), height: 30, sats: 300_000_000n },
      { txid: tx(1), height: 10, sats: 100_000_000n },
    ]);
    expect(rewardsTo(history, (id) => outputs.get(id), B).map((r) => r.height)).toEqual([30, 20]);
  });
});

describe("rewardBuckets", () => {
  it("spreads the rewards over equal runs of blocks ending at the tip", () => {
    const rewards = [
      { txid: tx(1), height: 100, sats: 5n },
      { txid: tx(2), height: 91, sats: 2n },
      { txid: tx(3), height: 90, sats: 1n },
      { txid: tx(4), height: 81, sats: 7n },
    ];
    // From 81 to 100: 20 blocks in 4 runs of 5 (81-85, 86-90, 91-95, 96-100).
    expect(rewardBuckets(rewards, 100, 4)).toEqual({ size: 5, fromHeight: 81, totals: [7n, 1n, 2n, 5n] });
  });
  it("uses runs of one block for a short history and stays empty without rewards", () => {
    expect(rewardBuckets([{ txid: tx(1), height: 9, sats: 3n }], 10, 4)).toEqual({
      size: 1,
      fromHeight: 7,
      totals: [0n, 0n, 3n, 0n],
    });
    expect(rewardBuckets([], 10, 3).totals).toEqual([0n, 0n, 0n]);
  });
});

describe("tipFromHistory", () => {
  it("reads the tip from a confirmed entry's height and confirmations", () => {
    expect(
      tipFromHistory([
        { blockheight: null, confirmations: 0 },
        { blockheight: 40, confirmations: 3 },
        { blockheight: 10, confirmations: 33 },
      ]),
    ).toBe(42);
    expect(tipFromHistory([{ blockheight: null, confirmations: 0 }])).toBeNull();
  });
});
