// Which eligible masternodes a pool pays in one block. Paying every eligible masternode would need one
// output each, and MAX_TX_OUTPUTS would make a large voting set's reward impossible (the chain would halt),
// so a pool pays at most REWARD_PAYEES_PER_POOL of them per block: a window of consecutive entries of the
// sorted eligible list that moves by its own length each height. While the eligible set is stable this is
// an exact round robin (over B blocks each masternode is paid floor or ceil of B * M / n times); when it
// changes the window jumps, which keeps the expectation of M / n per block. The window depends on the height
// alone, not on a block hash, so no proposer can grind a hash to put its own masternodes in it.

/**
 * The ids a pool pays at `height`: all of `eligible` when there are at most `limit`, else `limit`
 * consecutive ones (wrapping) from index (height * limit) mod n. `eligible` must be sorted and distinct.
 */
export function rotatingPayees(eligible: readonly string[], height: bigint, limit: number): string[] {
  const n = eligible.length;
  if (n <= limit) return [...eligible];
  const start = Number((height * BigInt(limit)) % BigInt(n));
  const chosen: string[] = [];
  for (let k = 0; k < limit; k++) chosen.push(eligible[(start + k) % n] as string);
  return chosen.sort();
}
