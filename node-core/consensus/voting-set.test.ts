// The voting set of a height: validators sorted by operator key whatever the record order, free
// masternodes left out, weights by tier, and the quorum predicate (strictly more than 2/3, exact integers,
// never true for an empty set).
import { describe, expect, it } from "vitest";
import { MASTERNODE_TIERS } from "../params/network.js";
import { compareBytes, toHex } from "../types/bytes.js";
import type { MasternodeRecord } from "../types/state.js";
import { votingSetFromRecords } from "./voting-set.js";

const collateralOf = (tier: string): bigint => MASTERNODE_TIERS.find((t) => t.name === tier)!.collateral;

function record(keyByte: number, tier: string): MasternodeRecord {
  return {
    collateral: { txid: new Uint8Array(32).fill(keyByte), index: keyByte },
    collateralAmount: collateralOf(tier),
    collateralPublicKey: new Uint8Array(32).fill(keyByte + 100),
    operatorPublicKey: new Uint8Array(32).fill(keyByte),
    payoutAddress: new Uint8Array(20).fill(keyByte),
    networkAddress: `10.0.0.${keyByte}:24200`,
    registeredHeight: 0n,
  };
}

describe("votingSetFromRecords", () => {
  it("sorts validators by operator key, drops free masternodes and sums tier weights", () => {
    const records = [
      record(9, "bronze"),
      record(3, "gold"),
      record(7, "free"),
      record(5, "silver"),
      record(1, "bronze"),
    ];
    const set = votingSetFromRecords(records);
    expect(set.validators.map((v) => v.operatorPublicKey[0])).toEqual([1, 3, 5, 9]);
    for (let i = 1; i < set.validators.length; i++) {
      expect(
        compareBytes(set.validators[i - 1]!.operatorPublicKey, set.validators[i]!.operatorPublicKey),
      ).toBe(-1);
    }
    expect(set.validators.map((v) => [v.tier, v.weight])).toEqual([
      ["bronze", 10],
      ["gold", 1000],
      ["silver", 100],
      ["bronze", 10],
    ]);
    expect(set.totalWeight).toBe(1120);
    const gold = set.get(toHex(new Uint8Array(32).fill(3)));
    expect(gold).toMatchObject({ tier: "gold", weight: 1000, id: toHex(new Uint8Array(32).fill(3)) });
    expect(gold?.collateral).toEqual({ txid: new Uint8Array(32).fill(3), index: 3 });
    expect(gold?.payoutAddress).toEqual(new Uint8Array(20).fill(3));
    expect(set.get(toHex(new Uint8Array(32).fill(7)))).toBeUndefined();
    // The same records in another order give the same set.
    const reversed = votingSetFromRecords([...records].reverse());
    expect(reversed.validators.map((v) => v.id)).toEqual(set.validators.map((v) => v.id));
  });

  it("quorum is strictly more than 2/3 of the total weight", () => {
    // 3 silver = 300: 200 is exactly 2/3.
    const set = votingSetFromRecords([record(1, "silver"), record(2, "silver"), record(3, "silver")]);
    expect(set.totalWeight).toBe(300);
    expect([0, 199, 200, 201, 300].map((w) => set.isQuorum(w))).toEqual([false, false, false, true, true]);
    // 1120: 2/3 is 746.67, so 746 is not a quorum and 747 is.
    const mixed = votingSetFromRecords([
      record(1, "bronze"),
      record(3, "gold"),
      record(5, "silver"),
      record(9, "bronze"),
    ]);
    expect([746, 747].map((w) => mixed.isQuorum(w))).toEqual([false, true]);
  });

  it("an empty set (or one of free masternodes only) has no quorum for any weight", () => {
    for (const set of [votingSetFromRecords([]), votingSetFromRecords([record(4, "free")])]) {
      expect(set.validators).toEqual([]);
      expect(set.totalWeight).toBe(0);
      expect([0, 1, 10, 1000].map((w) => set.isQuorum(w))).toEqual([false, false, false, false]);
    }
  });
});
