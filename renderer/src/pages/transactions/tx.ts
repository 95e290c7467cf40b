// Wallet transactions as the lists use them: the row type, its direction, the filters and the search.
import type { ApiResult } from "../../../../electron/contract.js";
import { toSats } from "../../ui/amount.js";
import { statusOfRow } from "../../ui/status.js";

export type TxRowData = ApiResult<"listtransactions">[number];
export type TxFilter = "all" | "sent" | "received" | "masternode" | "rejected";
export type TxDirection = "sent" | "received" | "masternode" | "self";

export function direction(tx: Pick<TxRowData, "category" | "amount">): TxDirection {
  if (tx.category === "generate") return "masternode";
  const net = toSats(tx.amount);
  if (tx.category === "send") return net === 0n ? "self" : "sent";
  return "received";
}

export function matchesFilter(tx: TxRowData, filter: TxFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "rejected":
      return tx.status === "rejected";
    case "sent":
      return direction(tx) === "sent" || direction(tx) === "self";
    default:
      return direction(tx) === filter;
  }
}

/** Case-insensitive match on txid, label, amount (as shown or typed) and block height. */
export function matchesSearch(tx: TxRowData, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return true;
  if (tx.txid.toLowerCase().includes(q)) return true;
  if (tx.label.toLowerCase().includes(q)) return true;
  if (tx.blockheight !== null && String(tx.blockheight) === q.replace(/[#,]/g, "")) return true;
  const amount = tx.amount.replace(/^-/, "");
  const trimmed = amount.replace(/\.?0+$/, "");
  return amount.startsWith(q) || trimmed === q;
}

export function txStatus(tx: TxRowData) {
  return statusOfRow(tx);
}

/** A pushed transaction status (wallet:transactionStatusChanged). */
export interface PushedStatus {
  readonly state: string;
  readonly confidence: number;
  readonly beta: number;
  readonly reason: string | null;
  readonly finalMs: number | null;
  readonly blockHeight: number | null;
}

/** The node's status_text for a pushed status (as listtransactions words it), for rows patched live. */
export function statusText(s: PushedStatus): string {
  switch (s.state) {
    case "voting":
      return `voting ${s.confidence}/${s.beta}`;
    case "final":
      return s.blockHeight !== null
        ? `in block ${s.blockHeight}`
        : `final${s.finalMs === null ? "" : ` in ${s.finalMs} ms`}`;
    case "rejected":
      return `rejected: ${s.reason ?? "unknown reason"}`;
    default:
      return s.state;
  }
}

/** `rows` with the row of `txid` patched to a pushed status (the same array when no row has it). */
export function withPushedStatus(
  rows: readonly TxRowData[],
  txid: string,
  s: PushedStatus,
): readonly TxRowData[] {
  if (!rows.some((tx) => tx.txid === txid)) return rows;
  return rows.map((tx) =>
    tx.txid !== txid
      ? tx
      : {
          ...tx,
          status: s.state as TxRowData["status"],
          status_text: statusText(s),
          confidence: s.confidence,
          beta: s.beta,
          reason: s.reason,
          final_ms: s.finalMs,
          blockheight: s.blockHeight,
        },
  );
}
