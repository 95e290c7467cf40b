// A large voting set cannot halt the chain, and the rotating payee subset pays everyone equally over time.
// computeReward runs directly on synthetic records (5,000 validators, no chain), so the file stays fast.
import { describe, expect, it } from "vitest";
import { encodeTransaction } from "../codec/index.js";
import {
  BLOCK_REWARD,
  DUST_LIMIT,
  MAX_TX_BYTES,
  MAX_TX_OUTPUTS,
  REWARD_PAYEES_PER_POOL,
} from "../params/consensus.js";
import { MASTERNODE_TIERS, tierForCollateral } from "../params/network.js";
import { SeededRng } from "../testing/index.js";
import { compareBytes, toHex } from "../types/bytes.js";
import type { Block, Certificate, TxOutput } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import type { TierName } from "./registry.js";
import { rotatingPayees } from "./reward-rotation.js";
import { type RewardWindowBlock, rewardWindowHeights } from "./reward-window.js";
import { computeReward, rewardTransaction } from "./rewards.js";
import { makeRecord } from "./test-fixtures.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => i.toString(16).padStart(6, "0"));

describe("rotatingPayees", () => {
  it("pays everyone while the pool has room, else `limit` distinct ids, sorted", () => {
    expect(rotatingPayees(ids(3), 5n, 4)).toEqual(ids(3));
    expect(rotatingPayees(ids(4), 5n, 4)).toEqual(ids(4));
    const chosen = rotatingPayees(ids(10), 7n, 4);
    // Start (7 * 4) mod 10 = 8: entries 8, 9, 0, 1.
    expect(chosen).toEqual(["000000", "000001", "000008", "000009"]);
    expect(rotatingPayees([], 1n, 4)).toEqual([]);
  });

  it("consecutive heights take consecutive, wrapping windows of the sorted list", () => {
    const list = ids(10);
    const seen: string[] = [];
    for (let h = 0n; h < 5n; h++) seen.push(...rotatingPayees(list, h, 4));
    // 5 blocks * 4 = 20 payments = every id exactly twice.
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()]).toEqual(Array(10).fill(2));
  });
});

const prng = new SeededRng(5_000);

/** `counts` masternodes per tier, each with its own operator key and payout address. */
function network(counts: Partial<Record<TierName, number>>): MasternodeRecord[] {
  const records: MasternodeRecord[] = [];
  for (const tier of MASTERNODE_TIERS) {
    for (let i = 0; i < (counts[tier.name] ?? 0); i++) {
      records.push(makeRecord(prng.bytes(32), tier.name, prng.bytes(20), records.length));
    }
  }
  return records;
}

function certificateOf(records: readonly MasternodeRecord[]): Certificate {
  return {
    height: 1n,
    round: 0,
    blockHash: new Uint8Array(32),
    precommits: records
      .map((r) => ({ voterPublicKey: r.operatorPublicKey, signature: new Uint8Array(64) }))
      .sort((a, b) => compareBytes(a.voterPublicKey, b.voterPublicKey)),
  };
}

function emptyWindow(height: bigint): RewardWindowBlock[] {
  const { from, to } = rewardWindowHeights(height);
  const blocks: RewardWindowBlock[] = [];
  for (let h = from; h <= to; h++) {
    blocks.push({ header: { height: h } as Block["header"], previousCertificate: null, heartbeats: [] });
  }
  return blocks;
}

/** Every record signed the carried certificate; the first one proposes. */
function rewardAt(records: readonly MasternodeRecord[], certificate: Certificate, height: bigint) {
  return computeReward({
    height,
    parentRecords: records,
    previousCertificate: certificate,
    heartbeats: [],
    window: emptyWindow(height),
    proposerPublicKey: (records[0] as MasternodeRecord).operatorPublicKey,
    fees: 12_345n,
    treasuryAddress: treasury,
  });
}

const treasury = prng.bytes(20);

describe("a voting set larger than a reward's outputs", () => {
  it("constants: four full pools, the treasury and the producer fit in one transaction", () => {
    expect(MASTERNODE_TIERS.length * REWARD_PAYEES_PER_POOL + 2).toBeLessThanOrEqual(MAX_TX_OUTPUTS);
  });

  it("5,000 equal-weight validators: a valid reward exists, within the output cap", () => {
    const records = network({ bronze: 5_000 });
    const reward = rewardAt(records, certificateOf(records), 1_000n);
    const bronze = reward.breakdown.pools.find((p) => p.tier === "bronze");
    expect(bronze?.eligible).toHaveLength(5_000);
    expect(bronze?.paid).toHaveLength(REWARD_PAYEES_PER_POOL);
    // 400 Bronze payees (the producer among them or not), the treasury, the producer.
    expect(reward.outputs.length).toBeLessThanOrEqual(REWARD_PAYEES_PER_POOL + 2);
    expect(reward.outputs.length).toBeLessThanOrEqual(MAX_TX_OUTPUTS);
    expect(reward.outputs.reduce((s, o) => s + o.amount, 0n)).toBe(BLOCK_REWARD + 12_345n);
    expect(reward.outputs.every((o) => o.amount >= DUST_LIMIT)).toBe(true);
    const tx = rewardTransaction(1_000n, reward.outputs);
    expect(encodeTransaction(tx).length).toBeLessThanOrEqual(MAX_TX_BYTES);
    // The full bonus: every validator's precommit is included.
    expect(reward.breakdown.producer.bonus).toBe(10n * 100_000_000n);
  });

  // Bound: with a stable eligible set of n in a pool and M = 400 payees per block, B consecutive blocks
  // take B * M consecutive positions of the cycle of n, so each masternode is paid floor(B * M / n) or
  // ceil(B * M / n) times: max - min <= 1 payment, max / min <= ceil / floor (exactly 1 when n divides B*M).
  // computeReward over 30 blocks here (every node paid at least twice); 200 blocks on rotatingPayees below.
  it("over 30 blocks every eligible masternode is paid, each pool within one payment of equal", () => {
    const records = network({ gold: 7, silver: 1_234, bronze: 3_759 });
    const certificate = certificateOf(records);
    const tierOf = new Map<string, TierName>();
    const counts = new Map<string, number>();
    const payoutOf = new Map<string, string>();
    for (const r of records) {
      const key = toHex(r.payoutAddress);
      tierOf.set(key, tierForCollateral(r.collateralAmount).name);
      counts.set(key, 0);
      payoutOf.set(toHex(r.operatorPublicKey), key);
    }
    const B = 30;
    const producer = toHex((records[0] as MasternodeRecord).payoutAddress);
    let maxOutputs = 0;
    for (let h = 0; h < B; h++) {
      const reward = rewardAt(records, certificate, 5_000n + BigInt(h));
      maxOutputs = Math.max(maxOutputs, reward.outputs.length);
      for (const pool of reward.breakdown.pools) {
        for (const id of pool.paid) {
          const key = payoutOf.get(id) as string;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      expect(reward.outputs.reduce((s: bigint, o: TxOutput) => s + o.amount, 0n)).toBe(
        BLOCK_REWARD + 12_345n,
      );
    }
    expect(maxOutputs).toBeLessThanOrEqual(3 * REWARD_PAYEES_PER_POOL + 2);
    const byTier = (tier: TierName) => [...counts].filter(([a]) => tierOf.get(a) === tier).map(([, c]) => c);
    expect(byTier("gold")).toEqual(Array(7).fill(B)); // 7 <= 400: all paid in every block
    for (const [tier, n] of [
      ["silver", 1_234],
      ["bronze", 3_759],
    ] as const) {
      const got = byTier(tier);
      const low = Math.floor((B * REWARD_PAYEES_PER_POOL) / n);
      expect(got).toHaveLength(n);
      expect(Math.min(...got)).toBeGreaterThanOrEqual(low);
      expect(Math.max(...got)).toBeLessThanOrEqual(low + 1);
      expect(got.reduce((s, c) => s + c, 0)).toBe(B * REWARD_PAYEES_PER_POOL);
    }
    expect(counts.get(producer)).toBeGreaterThan(0);
  });

  it("200 blocks of the rotation: 5,000 masternodes paid 16 times each; 3,759 paid 21 or 22 times", () => {
    for (const [n, low, high] of [
      [5_000, 16, 16],
      [3_759, 21, 22],
    ] as const) {
      const list = ids(n);
      const counts = new Map<string, number>(list.map((id) => [id, 0]));
      for (let h = 0n; h < 200n; h++) {
        const paid = rotatingPayees(list, 1_000n + h, REWARD_PAYEES_PER_POOL);
        expect(new Set(paid).size).toBe(REWARD_PAYEES_PER_POOL);
        for (const id of paid) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const got = [...counts.values()];
      expect(Math.min(...got)).toBe(low);
      expect(Math.max(...got)).toBe(high);
    }
  });
});
