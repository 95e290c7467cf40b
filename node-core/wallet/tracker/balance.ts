// The balance split: which category a coin's amount counts in, and the sums. Pure functions.
import type { CoinCategory, WalletBalance } from "./types.js";

export interface CategorizedCoin {
  readonly height: bigint | null;
  readonly isReward: boolean;
  readonly reservedBy: string | null;
}

/**
 * A coin's category: reserved (a pool transaction of ours spends it), else an output of a pool transaction
 * is spendable once final and pending before; a coin in a block is locked when registered collateral,
 * immature when a reward younger than `maturity` blocks at `tipHeight`, spendable otherwise.
 */
export function categorize(
  coin: CategorizedCoin,
  locked: boolean,
  poolFinal: boolean,
  tipHeight: bigint | null,
  maturity: bigint,
): CoinCategory {
  if (coin.reservedBy !== null) return "reserved";
  if (coin.height === null) return poolFinal ? "spendable" : "pending";
  if (locked) return "locked";
  if (coin.isReward && maturity > 0n && (tipHeight === null || tipHeight - coin.height + 1n < maturity)) {
    return "immature";
  }
  return "spendable";
}

export function emptyBalance(): WalletBalance {
  return { spendable: 0n, pending: 0n, locked: 0n, immature: 0n };
}

export function sumBalance(
  coins: Iterable<{ readonly amount: bigint; readonly category: CoinCategory }>,
): WalletBalance {
  let spendable = 0n;
  let pending = 0n;
  let locked = 0n;
  let immature = 0n;
  for (const { amount, category } of coins) {
    if (category === "spendable") spendable += amount;
    else if (category === "pending") pending += amount;
    else if (category === "locked") locked += amount;
    else if (category === "immature") immature += amount;
  }
  return { spendable, pending, locked, immature };
}

export function sameBalance(a: WalletBalance, b: WalletBalance): boolean {
  return (
    a.spendable === b.spendable &&
    a.pending === b.pending &&
    a.locked === b.locked &&
    a.immature === b.immature
  );
}
