// The tracker's coins as send/'s spend candidates: reserved (spent by a pool transaction of ours) and
// immature coins are not offered; locked collateral is offered as locked (payments skip it, a deregistration
// names it).
import type { SpendCandidate } from "../send/index.js";
import type { LoadedWallet } from "./loaded-wallet.js";

/** The tracker's coins as send/ candidates: reserved and immature coins are not offered. */
export function spendCandidates(wallet: LoadedWallet): SpendCandidate[] {
  return wallet.tracker
    .coins()
    .filter(
      (coin) => coin.category === "spendable" || coin.category === "pending" || coin.category === "locked",
    )
    .map((coin) => ({
      outpoint: coin.outpoint,
      amount: coin.amount,
      address: coin.address,
      final: coin.category === "spendable" || coin.category === "locked",
      locked: coin.category === "locked",
      inBlock: coin.height !== null,
    }));
}
