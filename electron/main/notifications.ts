// What the OS is told about, from the pushed events (the UI shows the same as toasts): a payment received
// (the wallet's total grew, not by a reward), a masternode reward (the immature part grew: rewards arrive
// immature), and one of our transactions becoming final. Also the tray's tooltip with the spendable balance.

import { formatTime, parseTime } from "../../node-core/types/index.js";
import type { ApiPushEventName, ApiPushEvents } from "../contract.js";

export interface DesktopNotification {
  readonly title: string;
  readonly body: string;
}

type Balance = ApiPushEvents["wallet:balanceChanged"]["balance"];

function sat(amount: string): bigint | null {
  try {
    return parseTime(amount);
  } catch {
    return null;
  }
}

function total(balance: Balance): bigint | null {
  const parts = [balance.spendable, balance.pending, balance.locked, balance.immature].map(sat);
  return parts.some((p) => p === null) ? null : (parts as bigint[]).reduce((a, b) => a + b, 0n);
}

/** The notifications one pushed event gives (none for most). Malformed payloads give none. */
export function notificationsFor(event: ApiPushEventName, payload: unknown): DesktopNotification[] {
  if (typeof payload !== "object" || payload === null) return [];
  if (event === "wallet:balanceChanged") {
    const { wallet, balance, previous } = payload as Partial<ApiPushEvents["wallet:balanceChanged"]>;
    if (typeof wallet !== "string" || typeof balance !== "object" || typeof previous !== "object") return [];
    if (balance === null || previous === null) return [];
    const now = total(balance);
    const before = total(previous);
    const immatureNow = sat(balance.immature);
    const immatureBefore = sat(previous.immature);
    if (now === null || before === null || immatureNow === null || immatureBefore === null) return [];
    const reward = immatureNow - immatureBefore;
    if (reward > 0n) {
      return [{ title: "Masternode reward", body: `${formatTime(reward)} TIME to wallet "${wallet}"` }];
    }
    if (now > before) {
      return [{ title: "Payment received", body: `${formatTime(now - before)} TIME to wallet "${wallet}"` }];
    }
    return [];
  }
  if (event === "wallet:transactionStatusChanged") {
    const { txid, status, previous } = payload as Partial<ApiPushEvents["wallet:transactionStatusChanged"]>;
    if (typeof txid !== "string" || typeof status !== "object" || status === null) return [];
    if (status.state !== "final" || previous?.state === "final") return [];
    const after = typeof status.finalMs === "number" ? ` in ${Math.round(status.finalMs)} ms` : "";
    return [{ title: "Transaction final", body: `${txid.slice(0, 8)}…${txid.slice(-8)} is final${after}` }];
  }
  return [];
}

/** The tray's tooltip: the spendable balance when a wallet has reported one. */
export function trayTooltip(spendable: string | null, network: string | null): string {
  const name =
    network === null || network === "mainnet" ? "TIME Coin Desktop" : `TIME Coin Desktop (${network})`;
  return spendable === null ? name : `${name}\nSpendable: ${spendable} TIME`;
}

/** The spendable balance a balance event carries, or null. */
export function spendableOf(payload: unknown): string | null {
  const balance = (payload as { balance?: { spendable?: unknown } } | null)?.balance;
  const spendable = balance?.spendable;
  return typeof spendable === "string" && sat(spendable) !== null ? spendable : null;
}
