// Coin selection on the Coins page: which coins may be selected (final, spendable ones only: pending,
// locked collateral, immature and reserved coins are not the user's to spend), the selection's total in
// exact BigInt arithmetic, and the Send page's route carrying the selection (#/send?coins=txid:vout,…).
import { sumAmounts } from "../../ui/index.js";

export interface CoinRow {
  readonly txid: string;
  readonly vout: number;
  readonly amount: string;
  readonly category: string;
}

const OUTPOINT_RE = /^[0-9a-f]{64}:\d{1,10}$/i;

export function coinKey(coin: { readonly txid: string; readonly vout: number }): string {
  return `${coin.txid}:${coin.vout}`;
}

export function isSelectable(coin: CoinRow): boolean {
  return coin.category === "spendable";
}

export function toggleCoin(selected: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selected);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** The selection without coins that are gone or no longer selectable (after a refresh). */
export function pruneSelection(selected: ReadonlySet<string>, coins: readonly CoinRow[]): Set<string> {
  const selectable = new Set(coins.filter(isSelectable).map(coinKey));
  return new Set([...selected].filter((key) => selectable.has(key)));
}

/** Total of the selected coins as a decimal TIME string. */
export function selectedTotal(selected: ReadonlySet<string>, coins: readonly CoinRow[]): string {
  return sumAmounts(coins.filter((c) => selected.has(coinKey(c))).map((c) => c.amount));
}

export function totalOf(coins: readonly CoinRow[]): string {
  return sumAmounts(coins.map((c) => c.amount));
}

/** The Send page's route with these coins, in the coins' order on the page. */
export function sendRoute(selected: ReadonlySet<string>, coins: readonly CoinRow[]): string {
  // Outpoints are hex and digits, safe in a URL as they are; anything else is not an outpoint.
  const keys = coins.map(coinKey).filter((key) => selected.has(key) && OUTPOINT_RE.test(key));
  return `#/send?coins=${keys.join(",")}`;
}
