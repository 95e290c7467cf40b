import { describe, expect, it } from "vitest";
import { REWARD_ELIGIBILITY_BLOCKS } from "../params/consensus.js";
import { toHex } from "../types/bytes.js";
import type { Block, CertifiedBlock } from "../types/chain.js";
import { MasternodeError } from "./errors.js";
import {
  checkRewardWindow,
  loadRewardWindow,
  operatorsSeenIn,
  rewardWindowHeights,
} from "./reward-window.js";

const blockAt = (height: bigint, extra: Partial<Block> = {}): Block =>
  ({ header: { height }, previousCertificate: null, heartbeats: [], ...extra }) as unknown as Block;

/** A chain store holding blocks 0..tip, minus `missing`. */
function store(tip: bigint, missing: readonly bigint[] = []) {
  const reads: bigint[] = [];
  return {
    reads,
    getBlockByHeight: async (h: bigint): Promise<CertifiedBlock | null> => {
      reads.push(h);
      return h <= tip && !missing.includes(h) ? { block: blockAt(h), certificate: null } : null;
    },
  };
}

describe("reward window", () => {
  it("spans the block's REWARD_ELIGIBILITY_BLOCKS - 1 ancestors, never genesis", () => {
    expect(REWARD_ELIGIBILITY_BLOCKS).toBe(4);
    expect(rewardWindowHeights(10n)).toEqual({ from: 7n, to: 9n });
    expect(rewardWindowHeights(3n)).toEqual({ from: 1n, to: 2n });
    expect(rewardWindowHeights(1n)).toEqual({ from: 1n, to: 0n });
  });

  it("loads exactly those ancestors, oldest first, and accepts them", async () => {
    const chain = store(9n);
    const window = await loadRewardWindow(chain, 10n);
    expect(window.map((b) => b.header.height)).toEqual([7n, 8n, 9n]);
    expect(chain.reads.sort()).toEqual([7n, 8n, 9n]);
    expect(checkRewardWindow(10n, window)).toBeNull();
    expect(await loadRewardWindow(store(0n), 1n)).toEqual([]);
    expect(checkRewardWindow(1n, [])).toBeNull();
  });

  it("a missing ancestor is a storage fault naming its height", async () => {
    const err = await loadRewardWindow(store(9n, [8n]), 10n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MasternodeError);
    expect(err).toMatchObject({ code: "REWARD_WINDOW_UNAVAILABLE", details: { actual: "8" } });
  });

  it("collects every precommit voter and heartbeat sender of the given blocks", () => {
    const key = (b: number) => new Uint8Array(32).fill(b);
    const seen = operatorsSeenIn([
      blockAt(1n, {
        previousCertificate: {
          height: 0n,
          round: 0,
          blockHash: new Uint8Array(32),
          precommits: [{ voterPublicKey: key(1), signature: new Uint8Array(64) }],
        },
      }),
      blockAt(2n, {
        heartbeats: [
          {
            operatorPublicKey: key(2),
            height: 1n,
            timestamp: 1n,
            sequence: 1n,
            signature: new Uint8Array(64),
          },
        ],
      }),
    ]);
    expect([...seen].sort()).toEqual([toHex(key(1)), toHex(key(2))]);
  });
});
