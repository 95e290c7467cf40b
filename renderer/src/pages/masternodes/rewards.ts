// The masternode rewards a wallet received, per masternode, from its own history: listtransactions'
// "generate" entries (input-less reward transactions) whose outputs (getrawtransaction) pay a
// masternode's payout address. Rewards have no clock time in the wallet (they are found in blocks), so
// they are placed by block height, and the chart sums them per run of blocks up to the tip.
import { toSats } from "../../ui/index.js";

export interface RewardOutput {
  readonly value: string;
  readonly address: string;
}

export interface Reward {
  readonly txid: string;
  readonly height: number;
  readonly sats: bigint;
}

/** Sats the outputs pay to `address` (0 when none does or an amount is damaged). */
export function paidTo(outputs: readonly RewardOutput[], address: string): bigint {
  let total = 0n;
  for (const out of outputs) {
    if (out.address !== address) continue;
    try {
      const sats = toSats(out.value);
      if (sats > 0n) total += sats;
    } catch {
      // A damaged amount counts as nothing rather than breaking the page.
    }
  }
  return total;
}

export interface RewardEntry {
  readonly txid: string;
  readonly category: string;
  readonly blockheight: number | null;
}

/**
 * The rewards paid to `payoutAddress`, newest first: the history's "generate" entries in a block whose
 * outputs are known (`outputsOf`) and pay that address.
 */
export function rewardsTo(
  history: readonly RewardEntry[],
  outputsOf: (txid: string) => readonly RewardOutput[] | undefined,
  payoutAddress: string,
): Reward[] {
  const out: Reward[] = [];
  for (const entry of history) {
    if (entry.category !== "generate" || entry.blockheight === null) continue;
    const outputs = outputsOf(entry.txid);
    if (outputs === undefined) continue;
    const sats = paidTo(outputs, payoutAddress);
    if (sats > 0n) out.push({ txid: entry.txid, height: entry.blockheight, sats });
  }
  return out.sort((a, b) => b.height - a.height);
}

export interface RewardBuckets {
  /** Blocks per bucket. */
  readonly size: number;
  /** The first block of the oldest bucket. */
  readonly fromHeight: number;
  /** Sats per bucket, oldest first; the last bucket ends at the tip. */
  readonly totals: readonly bigint[];
}

/**
 * The rewards summed over `count` equal runs of blocks ending at `tipHeight`, the runs just long enough
 * that the oldest reward falls in the first one.
 */
export function rewardBuckets(rewards: readonly Reward[], tipHeight: number, count: number): RewardBuckets {
  const oldest = rewards.reduce((min, r) => Math.min(min, r.height), tipHeight);
  const span = Math.max(1, tipHeight - oldest + 1);
  const size = Math.max(1, Math.ceil(span / count));
  const fromHeight = tipHeight - size * count + 1;
  const totals = Array.from({ length: count }, () => 0n);
  for (const r of rewards) {
    const index = Math.floor((r.height - fromHeight) / size);
    if (index >= 0 && index < count) totals[index] = (totals[index] ?? 0n) + r.sats;
  }
  return { size, fromHeight, totals };
}

/** The tip height as the history tells it: a confirmed entry's height plus its confirmations less one. */
export function tipFromHistory(
  history: readonly { readonly blockheight: number | null; readonly confirmations: number }[],
): number | null {
  let tip: number | null = null;
  for (const entry of history) {
    if (entry.blockheight === null || entry.confirmations < 1) continue;
    const height = entry.blockheight + entry.confirmations - 1;
    if (tip === null || height > tip) tip = height;
  }
  return tip;
}
