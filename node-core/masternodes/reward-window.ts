// The chain data that makes a masternode eligible for a block's reward pools: the certificates and
// heartbeats carried by the block itself and by its ancestors, REWARD_ELIGIBILITY_BLOCKS blocks in all. A
// window rather than the block alone, so that one proposer leaving a signer's precommit or heartbeat out
// cannot take that masternode's share: it stays eligible while any of the other recent blocks shows it.
// The ancestors are read from the active chain, so every node derives the same window.
import type { ChainView } from "../db/index.js";
import { REWARD_ELIGIBILITY_BLOCKS } from "../params/index.js";
import type { Block } from "../types/index.js";
import { toHex } from "../types/index.js";
import { MasternodeError } from "./errors.js";

/** What an ancestor contributes: its height (to check the window is the right one) and what it carried. */
export type RewardWindowBlock = Pick<Block, "header" | "previousCertificate" | "heartbeats">;

/** Heights of the ancestors of a block at `height` inside its window (genesis carries nothing: from 1). */
export function rewardWindowHeights(height: bigint): { readonly from: bigint; readonly to: bigint } {
  const from = height - BigInt(REWARD_ELIGIBILITY_BLOCKS) + 1n;
  return { from: from > 1n ? from : 1n, to: height - 1n };
}

/**
 * The ancestors of a block at `height` that its reward depends on, oldest first, from the active chain.
 * Throws REWARD_WINDOW_UNAVAILABLE when the store lacks one (a storage fault, not a verdict on the block).
 */
export async function loadRewardWindow(
  chain: Pick<ChainView, "getBlockByHeight">,
  height: bigint,
): Promise<RewardWindowBlock[]> {
  const { from, to } = rewardWindowHeights(height);
  const reads: Promise<RewardWindowBlock | null>[] = [];
  for (let h = from; h <= to; h++) reads.push(chain.getBlockByHeight(h).then((c) => c?.block ?? null));
  const blocks = await Promise.all(reads);
  return blocks.map((block, i) => {
    if (block === null) {
      throw new MasternodeError("REWARD_WINDOW_UNAVAILABLE", "an ancestor of the reward window is missing", {
        actual: (from + BigInt(i)).toString(),
      });
    }
    return block;
  });
}

/**
 * Null when `window` holds exactly the ancestors rewardWindowHeights names (any order), else the
 * REWARD_BAD_INPUT a caller wiring the wrong blocks gets: a reward from a wrong window would be a wrong
 * reward that every check built on the same mistake would accept.
 */
export function checkRewardWindow(
  height: bigint,
  window: readonly RewardWindowBlock[],
): MasternodeError | null {
  const { from, to } = rewardWindowHeights(height);
  const want = to >= from ? Number(to - from + 1n) : 0;
  const seen = new Set<bigint>();
  for (const block of window) {
    const h = block.header.height;
    if (h < from || h > to || seen.has(h)) {
      return new MasternodeError("REWARD_BAD_INPUT", "the reward window holds a block it should not", {
        expected: `heights ${from}..${to}, each once`,
        actual: h.toString(),
      });
    }
    seen.add(h);
  }
  if (seen.size !== want) {
    return new MasternodeError("REWARD_BAD_INPUT", "the reward window lacks an ancestor", {
      expected: String(want),
      actual: String(seen.size),
    });
  }
  return null;
}

/** Operator ids (key hex) whose precommit or heartbeat any of `blocks` carries. */
export function operatorsSeenIn(
  blocks: Iterable<Pick<Block, "previousCertificate" | "heartbeats">>,
): Set<string> {
  const seen = new Set<string>();
  for (const block of blocks) {
    for (const p of block.previousCertificate?.precommits ?? []) seen.add(toHex(p.voterPublicKey));
    for (const hb of block.heartbeats) seen.add(toHex(hb.operatorPublicKey));
  }
  return seen;
}
