import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BLOCK_REWARD,
  DUST_LIMIT,
  REWARD_ELIGIBILITY_BLOCKS,
  REWARD_PRODUCER_BONUS,
  REWARD_SPLIT,
  TX_VERSION,
} from "../params/consensus.js";
import { MASTERNODE_TIERS, tierForCollateral } from "../params/network.js";
import { SeededRng } from "../testing/index.js";

import { SAT_PER_TIME } from "../types/amount.js";
import { compareBytes, toHex } from "../types/bytes.js";
import type { Block, Certificate, Heartbeat, PublicKey, TxOutput } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import { MasternodeError } from "./errors.js";
import type { TierName } from "./registry.js";
import { type RewardWindowBlock, rewardWindowHeights } from "./reward-window.js";
import {
  checkRewardTransaction,
  computeReward,
  producerBonus,
  type RewardInputs,
  rewardTransaction,
  splitPool,
} from "./rewards.js";
import { makeRecord } from "./test-fixtures.js";

const TIME = SAT_PER_TIME;
const prng = new SeededRng(2024);
const treasuryAddress = prng.bytes(20);

function certificateOf(voters: readonly PublicKey[]): Certificate {
  return {
    height: 9n,
    round: 0,
    blockHash: new Uint8Array(32),
    precommits: [...voters]
      .sort(compareBytes)
      .map((voterPublicKey) => ({ voterPublicKey, signature: new Uint8Array(64) })),
  };
}

function heartbeatsOf(operators: readonly PublicKey[]): Heartbeat[] {
  return [...operators].sort(compareBytes).map((operatorPublicKey) => ({
    operatorPublicKey,
    height: 9n,
    timestamp: 1n,
    sequence: 1n,
    signature: new Uint8Array(64),
  }));
}

/** The ancestors a block at `height` needs, carrying `carried[i]` (oldest first; nothing by default). */
function windowFor(
  height: bigint,
  carried: readonly { voters?: readonly PublicKey[]; senders?: readonly PublicKey[] }[] = [],
): RewardWindowBlock[] {
  const { from, to } = rewardWindowHeights(height);
  const blocks: RewardWindowBlock[] = [];
  for (let h = from; h <= to; h++) {
    const c = carried[Number(h - from)] ?? {};
    blocks.push({
      header: { height: h } as Block["header"],
      previousCertificate: c.voters ? certificateOf(c.voters) : null,
      heartbeats: heartbeatsOf(c.senders ?? []),
    });
  }
  return blocks;
}

/** A registry with `counts` masternodes per tier, each with its own operator key and payout address. */
function network(counts: Partial<Record<TierName, number>>) {
  const byTier: Record<TierName, MasternodeRecord[]> = { gold: [], silver: [], bronze: [], free: [] };
  let index = 0;
  for (const tier of ["gold", "silver", "bronze", "free"] as const) {
    for (let i = 0; i < (counts[tier] ?? 0); i++) {
      byTier[tier].push(makeRecord(prng.bytes(32), tier, prng.bytes(20), index++));
    }
  }
  const records = [...byTier.gold, ...byTier.silver, ...byTier.bronze, ...byTier.free];
  return { byTier, records };
}

function baseInputs(records: readonly MasternodeRecord[], proposer: MasternodeRecord): RewardInputs {
  return {
    height: 10n,
    parentRecords: records,
    previousCertificate: null,
    heartbeats: [],
    window: windowFor(10n),
    proposerPublicKey: proposer.operatorPublicKey,
    fees: 0n,
    treasuryAddress,
  };
}

const amountTo = (outputs: readonly TxOutput[], address: Uint8Array) =>
  outputs.find((o) => compareBytes(o.address, address) === 0)?.amount ?? 0n;
const total = (outputs: readonly TxOutput[]) => outputs.reduce((s, o) => s + o.amount, 0n);

describe("reward constants", () => {
  it("the split adds up to the block reward of 100 TIME", () => {
    expect(BLOCK_REWARD).toBe(100n * TIME);
    expect(Object.values(REWARD_SPLIT).reduce((s, v) => s + v, 0n)).toBe(BLOCK_REWARD);
    expect(REWARD_PRODUCER_BONUS).toBe(10n * TIME);
    expect(REWARD_PRODUCER_BONUS <= REWARD_SPLIT.producer).toBe(true);
  });
});

describe("splitPool", () => {
  it("splits evenly, gives the remainder to the treasury, and the whole pool when empty", () => {
    expect(splitPool(25n * TIME, 3)).toEqual({ perNode: 833_333_333n, toTreasury: 1n });
    expect(splitPool(18n * TIME, 7)).toEqual({ perNode: 257_142_857n, toTreasury: 1n });
    expect(splitPool(8n * TIME, 1)).toEqual({ perNode: 8n * TIME, toTreasury: 0n });
    expect(splitPool(14n * TIME, 0)).toEqual({ perNode: 0n, toTreasury: 14n * TIME });
  });

  it("sends a pool whose per-node share would be dust to the treasury", () => {
    expect(splitPool(6_000n, 6)).toEqual({ perNode: DUST_LIMIT, toTreasury: 0n });
    expect(splitPool(6_005n, 6)).toEqual({ perNode: DUST_LIMIT, toTreasury: 5n });
    expect(splitPool(5_999n, 6)).toEqual({ perNode: 0n, toTreasury: 5_999n });
    expect(splitPool(8n * TIME, 800_001)).toEqual({ perNode: 0n, toTreasury: 8n * TIME });
  });
});

describe("producerBonus", () => {
  it("scales the bonus by the included share of the voting weight, rounding down", () => {
    expect(producerBonus(220n, 220n)).toBe(10n * TIME);
    expect(producerBonus(200n, 220n)).toBe(909_090_909n);
    expect(producerBonus(0n, 220n)).toBe(0n);
    expect(producerBonus(5n, 0n)).toBe(0n);
    // More than the total (impossible through computeReward) still pays at most the whole bonus.
    expect(producerBonus(300n, 220n)).toBe(10n * TIME);
  });
});

describe("computeReward", () => {
  it("splits each tier's pool among its eligible masternodes (voters and heartbeat senders)", () => {
    const { byTier, records } = network({ gold: 4, silver: 2, bronze: 4, free: 6 });
    const proposer = byTier.silver[0] as MasternodeRecord;
    const voters = [...byTier.gold.slice(0, 3), proposer, ...byTier.bronze.slice(0, 3)];
    const senders = [
      ...byTier.free.slice(0, 5),
      byTier.bronze[3] as MasternodeRecord,
      byTier.gold[0] as MasternodeRecord,
    ];
    const fees = 123_456n;
    const reward = computeReward({
      ...baseInputs(records, proposer),
      previousCertificate: certificateOf(voters.map((r) => r.operatorPublicKey)),
      heartbeats: heartbeatsOf(senders.map((r) => r.operatorPublicKey)),
      fees,
    });
    const pools = Object.fromEntries(reward.breakdown.pools.map((p) => [p.tier, p]));
    expect(reward.breakdown.pools.map((p) => p.tier)).toEqual(MASTERNODE_TIERS.map((t) => t.name));
    expect(pools.gold).toMatchObject({ amount: 25n * TIME, perNode: 833_333_333n, toTreasury: 1n });
    expect(pools.gold?.eligible).toEqual(
      byTier.gold
        .slice(0, 3)
        .map((r) => toHex(r.operatorPublicKey))
        .sort(),
    );
    expect(pools.silver).toMatchObject({
      perNode: 18n * TIME,
      toTreasury: 0n,
      eligible: [toHex(proposer.operatorPublicKey)],
    });
    expect(pools.bronze).toMatchObject({ perNode: 350_000_000n, toTreasury: 0n });
    expect(pools.bronze?.eligible).toHaveLength(4);
    expect(pools.free).toMatchObject({ perNode: 160_000_000n, toTreasury: 0n });
    expect(pools.free?.eligible).toHaveLength(5);

    // Eligible nodes get their share; the others get nothing.
    for (const r of byTier.gold.slice(0, 3))
      expect(amountTo(reward.outputs, r.payoutAddress)).toBe(833_333_333n);
    expect(amountTo(reward.outputs, (byTier.gold[3] as MasternodeRecord).payoutAddress)).toBe(0n);
    expect(amountTo(reward.outputs, (byTier.silver[1] as MasternodeRecord).payoutAddress)).toBe(0n);
    expect(amountTo(reward.outputs, (byTier.free[5] as MasternodeRecord).payoutAddress)).toBe(0n);
    // The producer (also an eligible Silver node): 20 TIME + the bonus for 3,130 of 4,240 voting weight
    // included + fees + its Silver share; the unearned bonus and the Gold remainder go to the treasury.
    expect(reward.breakdown.producer).toMatchObject({ includedWeight: 3_130n, totalWeight: 4_240n });
    expect(reward.breakdown.producer.bonus).toBe(738_207_547n);
    expect(reward.breakdown.producer.total).toBe(20n * TIME + 738_207_547n + fees);
    expect(amountTo(reward.outputs, proposer.payoutAddress)).toBe(
      20n * TIME + 738_207_547n + fees + 18n * TIME,
    );
    expect(amountTo(reward.outputs, treasuryAddress)).toBe(5n * TIME + 261_792_453n + 1n);
    expect(total(reward.outputs)).toBe(BLOCK_REWARD + fees);
    expect(reward.outputs).toHaveLength(1 + 1 + 3 + 4 + 5);
  });

  it("gives every empty pool to the treasury, never to the producer", () => {
    const { byTier, records } = network({ gold: 2, silver: 2, bronze: 2, free: 2 });
    const proposer = byTier.bronze[0] as MasternodeRecord;
    const reward = computeReward(baseInputs(records, proposer));
    expect(reward.breakdown.pools.every((p) => p.eligible.length === 0 && p.toTreasury === p.amount)).toBe(
      true,
    );
    // No certificate carried: no bonus either.
    expect(reward.outputs).toEqual(
      [
        { amount: 20n * TIME, address: proposer.payoutAddress },
        { amount: 80n * TIME, address: treasuryAddress },
      ].sort((a, b) => compareBytes(a.address, b.address)),
    );
    // Only the Gold pool filled: the others still go to the treasury.
    const gold = byTier.gold[1] as MasternodeRecord;
    const withGold = computeReward({
      ...baseInputs(records, proposer),
      heartbeats: heartbeatsOf([gold.operatorPublicKey]),
    });
    expect(amountTo(withGold.outputs, gold.payoutAddress)).toBe(25n * TIME);
    expect(amountTo(withGold.outputs, proposer.payoutAddress)).toBe(20n * TIME);
    expect(amountTo(withGold.outputs, treasuryAddress)).toBe(55n * TIME);
  });

  it("keeps a masternode eligible while any block of the window carried it", () => {
    const { byTier, records } = network({ silver: 3, bronze: 2 });
    const proposer = byTier.silver[0] as MasternodeRecord;
    const [b0, b1] = byTier.bronze as [MasternodeRecord, MasternodeRecord];
    const s1 = byTier.silver[1] as MasternodeRecord;
    // The block itself carries nothing from them: b0 signed the oldest ancestor's certificate, b1's
    // heartbeat rode in the parent, s1 is in no block of the window.
    const window = windowFor(10n, [
      { voters: [b0.operatorPublicKey] },
      {},
      { senders: [b1.operatorPublicKey] },
    ]);
    expect(window).toHaveLength(REWARD_ELIGIBILITY_BLOCKS - 1);
    const reward = computeReward({ ...baseInputs(records, proposer), window });
    const bronze = reward.breakdown.pools.find((p) => p.tier === "bronze");
    expect(bronze?.paid).toEqual([toHex(b0.operatorPublicKey), toHex(b1.operatorPublicKey)].sort());
    expect(amountTo(reward.outputs, b0.payoutAddress)).toBe(7n * TIME);
    expect(amountTo(reward.outputs, b1.payoutAddress)).toBe(7n * TIME);
    expect(amountTo(reward.outputs, s1.payoutAddress)).toBe(0n);
    // Ancestors count for eligibility only: the bonus is for the block's own certificate.
    expect(reward.breakdown.producer.bonus).toBe(0n);
  });

  it("a proposer leaving signers out of its certificate loses bonus and takes no share", () => {
    const { byTier, records } = network({ silver: 2, bronze: 2 });
    const proposer = byTier.silver[0] as MasternodeRecord;
    const everyone = records.map((r) => r.operatorPublicKey);
    const silver = byTier.silver.map((r) => r.operatorPublicKey);
    const window = windowFor(10n, [{ voters: everyone }, { voters: everyone }, { voters: everyone }]);
    const honest = computeReward({
      ...baseInputs(records, proposer),
      window,
      previousCertificate: certificateOf(everyone),
    });
    const withheld = computeReward({
      ...baseInputs(records, proposer),
      window,
      previousCertificate: certificateOf(silver),
    });
    // Honest: 20 + 10 TIME and its 9 TIME Silver share. Withholding the Bronze precommits (200 of 220
    // weight still certifies) pays it 20 + 10 * 200/220 and the Bronze nodes are paid all the same.
    expect(amountTo(honest.outputs, proposer.payoutAddress)).toBe(30n * TIME + 9n * TIME);
    expect(amountTo(withheld.outputs, proposer.payoutAddress)).toBe(20n * TIME + 909_090_909n + 9n * TIME);
    for (const r of byTier.bronze) {
      expect(amountTo(honest.outputs, r.payoutAddress)).toBe(7n * TIME);
      expect(amountTo(withheld.outputs, r.payoutAddress)).toBe(7n * TIME);
    }
    // Treasury 5, the empty Gold and Free pools 33, the unearned bonus.
    expect(amountTo(withheld.outputs, treasuryAddress)).toBe(38n * TIME + 90_909_091n);
    expect(total(withheld.outputs)).toBe(BLOCK_REWARD);
  });

  it("pays all fees to the producer and nothing else changes", () => {
    const { byTier, records } = network({ gold: 1, bronze: 3, free: 2 });
    const proposer = byTier.gold[0] as MasternodeRecord;
    const inputs = {
      ...baseInputs(records, proposer),
      heartbeats: heartbeatsOf(records.map((r) => r.operatorPublicKey)),
    };
    const without = computeReward(inputs);
    const fees = 987_654_321n;
    const withFees = computeReward({ ...inputs, fees });
    expect(withFees.breakdown.producer.fees).toBe(fees);
    for (let i = 0; i < without.outputs.length; i++) {
      const a = without.outputs[i] as TxOutput;
      const b = withFees.outputs[i] as TxOutput;
      expect(b.address).toEqual(a.address);
      const isProducer = compareBytes(a.address, proposer.payoutAddress) === 0;
      expect(b.amount - a.amount).toBe(isProducer ? fees : 0n);
    }
    expect(total(withFees.outputs)).toBe(BLOCK_REWARD + fees);
  });

  it("aggregates one output per address and sorts outputs by address bytes", () => {
    const shared = prng.bytes(20);
    const records = [
      makeRecord(prng.bytes(32), "bronze", shared, 1),
      makeRecord(prng.bytes(32), "bronze", shared, 2),
      makeRecord(prng.bytes(32), "free", treasuryAddress, 3),
      makeRecord(prng.bytes(32), "silver", prng.bytes(20), 4),
    ];
    const proposer = records[3] as MasternodeRecord;
    const reward = computeReward({
      ...baseInputs(records, proposer),
      heartbeats: heartbeatsOf(records.slice(0, 3).map((r) => r.operatorPublicKey)),
    });
    expect(reward.outputs).toHaveLength(3);
    expect(amountTo(reward.outputs, shared)).toBe(14n * TIME);
    // Treasury 5, the Free share of the node paying to it 8, the empty Gold and Silver pools 43, the
    // unearned bonus 10 (no certificate).
    expect(amountTo(reward.outputs, treasuryAddress)).toBe(66n * TIME);
    expect(amountTo(reward.outputs, proposer.payoutAddress)).toBe(20n * TIME);
    for (let i = 1; i < reward.outputs.length; i++) {
      expect(
        compareBytes((reward.outputs[i - 1] as TxOutput).address, (reward.outputs[i] as TxOutput).address),
      ).toBe(-1);
    }
  });

  it("ignores certificate signers and heartbeat senders that are not registered at the parent state", () => {
    const { byTier, records } = network({ silver: 2 });
    const proposer = byTier.silver[0] as MasternodeRecord;
    const strangers = [prng.bytes(32), prng.bytes(32)];
    const reward = computeReward({
      ...baseInputs(records, proposer),
      previousCertificate: certificateOf([strangers[0] as PublicKey]),
      heartbeats: heartbeatsOf([strangers[1] as PublicKey]),
    });
    expect(reward.breakdown.pools.every((p) => p.eligible.length === 0)).toBe(true);
    expect(reward.outputs).toHaveLength(2);
  });

  it("rejects an unknown proposer, height 0 and negative fees", () => {
    const { byTier, records } = network({ bronze: 2 });
    const proposer = byTier.bronze[0] as MasternodeRecord;
    const fail = (inputs: RewardInputs) => {
      try {
        computeReward(inputs);
      } catch (err) {
        expect(err).toBeInstanceOf(MasternodeError);
        return (err as MasternodeError).code;
      }
      return "no error";
    };
    const stranger = prng.bytes(32);
    expect(fail({ ...baseInputs(records, proposer), proposerPublicKey: stranger })).toBe(
      "REWARD_UNKNOWN_PROPOSER",
    );
    // A proposer that deregistered in the parent block is not registered at the parent state.
    expect(fail(baseInputs(records.slice(1), proposer))).toBe("REWARD_UNKNOWN_PROPOSER");
    expect(fail({ ...baseInputs(records, proposer), height: 0n })).toBe("REWARD_BAD_INPUT");
    expect(fail({ ...baseInputs(records, proposer), fees: -1n })).toBe("REWARD_BAD_INPUT");
    // A window that is not the block's ancestors: one short, one too old, one twice, another height's.
    const window = windowFor(10n);
    expect(fail({ ...baseInputs(records, proposer), window: window.slice(1) })).toBe("REWARD_BAD_INPUT");
    expect(fail({ ...baseInputs(records, proposer), window: windowFor(9n) })).toBe("REWARD_BAD_INPUT");
    expect(
      fail({
        ...baseInputs(records, proposer),
        window: [...window.slice(1), window[1] as RewardWindowBlock],
      }),
    ).toBe("REWARD_BAD_INPUT");
    expect(fail({ ...baseInputs(records, proposer), height: 11n })).toBe("REWARD_BAD_INPUT");
    expect(fail({ ...baseInputs(records, proposer), height: 1n, window: [] })).toBe("no error");
    const twin = { ...(records[1] as MasternodeRecord), operatorPublicKey: proposer.operatorPublicKey };
    expect(fail(baseInputs([...records, twin], proposer))).toBe("REGISTRY_DUPLICATE_OPERATOR");
  });

  it("names the rule and the offending value in each refusal", () => {
    const { byTier, records } = network({ bronze: 2 });
    const proposer = byTier.bronze[0] as MasternodeRecord;
    const thrown = (inputs: RewardInputs) => {
      try {
        computeReward(inputs);
      } catch (err) {
        return err as MasternodeError;
      }
      throw new Error("no error");
    };
    const stranger = prng.bytes(32);
    const unknown = thrown({ ...baseInputs(records, proposer), proposerPublicKey: stranger });
    expect(unknown.message).toBe("REWARD_UNKNOWN_PROPOSER: the proposer is not a registered masternode");
    expect(unknown.details).toEqual({ operator: toHex(stranger) });
    const genesis = thrown({ ...baseInputs(records, proposer), height: 0n });
    expect(genesis.message).toBe("REWARD_BAD_INPUT: genesis has no reward");
    expect(genesis.details).toEqual({ actual: "0" });
    const negative = thrown({ ...baseInputs(records, proposer), fees: -5n });
    expect(negative.message).toBe("REWARD_BAD_INPUT: fees cannot be negative");
    expect(negative.details).toEqual({ actual: "-5" });
  });

  it("names the window fault: which height, and what was expected", () => {
    const { byTier, records } = network({ bronze: 1 });
    const proposer = byTier.bronze[0] as MasternodeRecord;
    const attempt = (inputs: RewardInputs) => {
      try {
        computeReward(inputs);
      } catch (err) {
        return err as MasternodeError;
      }
      throw new Error("no error");
    };
    const stale = attempt({ ...baseInputs(records, proposer), window: windowFor(9n) });
    expect(stale.message).toBe("REWARD_BAD_INPUT: the reward window holds a block it should not");
    expect(stale.details).toEqual({ expected: "heights 7..9, each once", actual: "6" });
    const short = attempt({ ...baseInputs(records, proposer), window: [] });
    expect(short.message).toBe("REWARD_BAD_INPUT: the reward window lacks an ancestor");
    expect(short.details).toEqual({ expected: "3", actual: "0" });
  });

  it("property: exact sum, valid outputs, per-tier rule, independent of input order", () => {
    const tierArb = fc.constantFrom<TierName>("gold", "silver", "bronze", "free");
    const nodeArb = fc.record({
      tier: tierArb,
      extra: fc.bigInt({ min: 0n, max: 10n * TIME }),
      payout: fc.integer({ min: 0, max: 7 }),
      voter: fc.boolean(),
      sender: fc.boolean(),
      /** Carried by one of the ancestors (0: none; 1..3: which one, voter or sender by parity). */
      past: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.bigInt({ min: 0n, max: 1_000_000n * TIME }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer(),
        (nodes, proposerPick, fees, strangers, shuffleSeed) => {
          const local = new SeededRng(shuffleSeed);
          const addresses = Array.from({ length: 8 }, () => local.bytes(20));
          const records = nodes.map((n, i) =>
            makeRecord(local.bytes(32), n.tier, addresses[n.payout] as Uint8Array, i, n.extra),
          );
          const proposer = records[proposerPick % records.length] as MasternodeRecord;
          const voterKeys = records.filter((_, i) => nodes[i]?.voter).map((r) => r.operatorPublicKey);
          const senderKeys = records.filter((_, i) => nodes[i]?.sender).map((r) => r.operatorPublicKey);
          for (let s = 0; s < strangers; s++) voterKeys.push(local.bytes(32));
          const carried = [0, 1, 2].map((slot) => ({
            voters: records
              .filter((_, i) => nodes[i] && nodes[i].past === 2 * slot + 1)
              .map((r) => r.operatorPublicKey),
            senders: records
              .filter((_, i) => nodes[i] && nodes[i].past === 2 * slot + 2)
              .map((r) => r.operatorPublicKey),
          }));
          const inputs: RewardInputs = {
            height: 77n,
            parentRecords: records,
            previousCertificate: voterKeys.length > 0 ? certificateOf(voterKeys) : null,
            heartbeats: heartbeatsOf(senderKeys),
            window: windowFor(77n, carried),
            proposerPublicKey: proposer.operatorPublicKey,
            fees,
            treasuryAddress: addresses[0] as Uint8Array,
          };
          const reward = computeReward(inputs);
          expect(total(reward.outputs)).toBe(BLOCK_REWARD + fees);
          for (let i = 0; i < reward.outputs.length; i++) {
            const o = reward.outputs[i] as TxOutput;
            expect(o.amount >= DUST_LIMIT).toBe(true);
            if (i > 0) expect(compareBytes((reward.outputs[i - 1] as TxOutput).address, o.address)).toBe(-1);
          }
          let toTreasury = 0n;
          for (const pool of reward.breakdown.pools) {
            const expected = records
              .filter(
                (r, i) =>
                  (nodes[i]?.voter || nodes[i]?.sender || (nodes[i]?.past ?? 0) > 0) &&
                  tierForCollateral(r.collateralAmount).name === pool.tier,
              )
              .map((r) => toHex(r.operatorPublicKey))
              .sort();
            expect(pool.eligible).toEqual(expected);
            // At most 40 eligible per pool here: all of them are paid.
            expect(pool.paid).toEqual(pool.perNode > 0n ? expected : []);
            expect(pool.perNode * BigInt(pool.paid.length) + pool.toTreasury).toBe(pool.amount);
            toTreasury += pool.toTreasury;
          }
          const weightOf = (r: MasternodeRecord) =>
            BigInt(tierForCollateral(r.collateralAmount).votingWeight);
          const included = records
            .filter((_, i) => nodes[i]?.voter)
            .reduce((sum, r) => sum + weightOf(r), 0n);
          const all = records.reduce((sum, r) => sum + weightOf(r), 0n);
          const bonus = all === 0n ? 0n : (REWARD_PRODUCER_BONUS * included) / all;
          expect(reward.breakdown.producer.bonus).toBe(bonus);
          expect(reward.breakdown.producer.total).toBe(
            REWARD_SPLIT.producer - REWARD_PRODUCER_BONUS + bonus + fees,
          );
          expect(reward.breakdown.treasury).toBe(
            REWARD_SPLIT.treasury + REWARD_PRODUCER_BONUS - bonus + toTreasury,
          );
          // The records in another order (storage lists them by collateral) and the lists reversed give
          // the same reward: nothing depends on the order data arrives in.
          const reordered = computeReward({
            ...inputs,
            parentRecords: [...records].reverse(),
            previousCertificate: inputs.previousCertificate && {
              ...inputs.previousCertificate,
              precommits: [...inputs.previousCertificate.precommits].reverse(),
            },
            heartbeats: [...inputs.heartbeats].reverse(),
            window: [...inputs.window].reverse(),
          });
          expect(reordered.outputs).toEqual(reward.outputs);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("reward transaction", () => {
  const { byTier, records } = network({ gold: 1, silver: 1, bronze: 1, free: 1 });
  const proposer = byTier.gold[0] as MasternodeRecord;
  const reward = computeReward({
    ...baseInputs(records, proposer),
    heartbeats: heartbeatsOf(records.map((r) => r.operatorPublicKey)),
  });
  const blockWith = (tx: Block["transactions"][number]): Pick<Block, "header" | "transactions"> => ({
    header: { height: 10n } as Block["header"],
    transactions: [tx],
  });

  it("has no inputs, no special payload and lockTime = height", () => {
    const tx = rewardTransaction(10n, reward.outputs);
    expect(tx).toEqual({
      version: TX_VERSION,
      inputs: [],
      outputs: reward.outputs,
      lockTime: 10n,
      special: null,
    });
    expect(checkRewardTransaction(blockWith(tx), reward)).toBeNull();
  });

  it("reports the first differing output", () => {
    const good = rewardTransaction(10n, reward.outputs);
    const changed = good.outputs.map((o, i) => (i === 2 ? { ...o, amount: o.amount + 1n } : o));
    const error = checkRewardTransaction(blockWith({ ...good, outputs: changed }), reward);
    expect(error?.code).toBe("REWARD_MISMATCH");
    expect(error?.details).toMatchObject({ field: "outputs", outputIndex: 2 });
    const o2 = good.outputs[2] as TxOutput;
    expect(error?.message).toBe("REWARD_MISMATCH: reward output 2 differs");
    expect(error?.details).toEqual({
      field: "outputs",
      outputIndex: 2,
      expected: `${o2.amount} sat to ${toHex(o2.address)}`,
      actual: `${o2.amount + 1n} sat to ${toHex(o2.address)}`,
    });
    const short = checkRewardTransaction(blockWith({ ...good, outputs: good.outputs.slice(0, -1) }), reward);
    expect(short?.details).toMatchObject({ outputIndex: good.outputs.length - 1, actual: "none" });
    const extra = checkRewardTransaction(
      blockWith({ ...good, outputs: [...good.outputs, { amount: DUST_LIMIT, address: treasuryAddress }] }),
      reward,
    );
    expect(extra?.details).toMatchObject({ outputIndex: good.outputs.length, expected: "none" });
    const swapped = [good.outputs[1], good.outputs[0], ...good.outputs.slice(2)] as TxOutput[];
    expect(
      checkRewardTransaction(blockWith({ ...good, outputs: swapped }), reward)?.details.outputIndex,
    ).toBe(0);
  });

  it("names the field, the expected and the actual value of a wrong shape", () => {
    const good = rewardTransaction(10n, reward.outputs);
    const check = (tx: Block["transactions"][number] | undefined) => {
      const error = checkRewardTransaction(
        { header: { height: 10n } as Block["header"], transactions: tx === undefined ? [] : [tx] },
        reward,
      );
      return { message: error?.message, details: error?.details };
    };
    expect(check(undefined)).toEqual({
      message: "REWARD_MISMATCH: block has no reward transaction",
      details: { field: "transactions", expected: "1", actual: "0" },
    });
    expect(check({ ...good, version: 7 })).toEqual({
      message: "REWARD_MISMATCH: wrong reward version",
      details: { field: "version", expected: String(TX_VERSION), actual: "7" },
    });
    const input = {
      prevout: { txid: new Uint8Array(32), index: 0 },
      publicKey: new Uint8Array(32),
      signature: new Uint8Array(64),
    };
    expect(check({ ...good, inputs: [input, input] })).toEqual({
      message: "REWARD_MISMATCH: a reward has no inputs",
      details: { field: "inputs", expected: "0", actual: "2" },
    });
    expect(
      check({
        ...good,
        special: {
          kind: "masternodeDeregistration",
          collateral: { txid: new Uint8Array(32), index: 0 },
          collateralPublicKey: new Uint8Array(32),
          collateralSignature: new Uint8Array(64),
        },
      }),
    ).toEqual({
      message: "REWARD_MISMATCH: a reward has no special payload",
      details: { field: "special", expected: "none", actual: "masternodeDeregistration" },
    });
    expect(check({ ...good, lockTime: 9n })).toEqual({
      message: "REWARD_MISMATCH: reward lock time must be the height",
      details: { field: "lockTime", expected: "10", actual: "9" },
    });
  });

  it("reports a wrong shape", () => {
    const good = rewardTransaction(10n, reward.outputs);
    const field = (tx: Block["transactions"][number]) =>
      checkRewardTransaction(blockWith(tx), reward)?.details.field;
    expect(field({ ...good, lockTime: 9n })).toBe("lockTime");
    expect(field({ ...good, version: 2 })).toBe("version");
    expect(
      field({
        ...good,
        inputs: [
          {
            prevout: { txid: new Uint8Array(32), index: 0 },
            publicKey: new Uint8Array(32),
            signature: new Uint8Array(64),
          },
        ],
      }),
    ).toBe("inputs");
    expect(
      field({
        ...good,
        special: {
          kind: "masternodeDeregistration",
          collateral: { txid: new Uint8Array(32), index: 0 },
          collateralPublicKey: new Uint8Array(32),
          collateralSignature: new Uint8Array(64),
        },
      }),
    ).toBe("special");
    expect(
      checkRewardTransaction({ header: { height: 10n } as Block["header"], transactions: [] }, reward)?.code,
    ).toBe("REWARD_MISMATCH");
  });
});
