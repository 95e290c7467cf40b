// A transaction's finality status as the UI shows it: one normalized shape from the three places the node
// reports it (wallet history rows, wallet events, gettransactionfinality) and the chip it becomes, whose
// accessible name always starts with its state word (Final, Voting, Pending, Rejected, In block).
import { t } from "../i18n/index.js";
import { formatCount, formatLatency } from "./format.js";

export type TxState = "pending" | "voting" | "final" | "rejected" | "unknown";

export interface TxStatus {
  readonly state: TxState;
  readonly confidence: number;
  readonly beta: number;
  readonly reason: string | null;
  readonly finalMs: number | null;
  readonly blockHeight: number | null;
}

const STATES: readonly TxState[] = ["pending", "voting", "final", "rejected", "unknown"];

function asState(value: string): TxState {
  return (STATES as readonly string[]).includes(value) ? (value as TxState) : "unknown";
}

/** From a listtransactions / gettransaction row. */
export function statusOfRow(row: {
  readonly status: string;
  readonly confidence: number;
  readonly beta: number;
  readonly reason: string | null;
  readonly final_ms: number | null;
  readonly blockheight: number | null;
}): TxStatus {
  return {
    state: asState(row.status),
    confidence: row.confidence,
    beta: row.beta,
    reason: row.reason,
    finalMs: row.final_ms,
    blockHeight: row.blockheight,
  };
}

/** From a wallet:transactionStatusChanged payload's status, or a gettransactionfinality result. */
export function statusOfEvent(status: {
  readonly state?: string;
  readonly status?: string;
  readonly confidence: number;
  readonly beta: number;
  readonly reason: string | null;
  readonly finalMs: number | null;
  readonly blockHeight: number | null;
}): TxStatus {
  return {
    state: asState(status.state ?? status.status ?? "unknown"),
    confidence: status.confidence,
    beta: status.beta,
    reason: status.reason,
    finalMs: status.finalMs,
    blockHeight: status.blockHeight,
  };
}

export type ChipKind = "final" | "inblock" | "voting" | "pending" | "rejected";

export interface ChipView {
  readonly kind: ChipKind;
  /** The visible text ("Voting 12/20"). */
  readonly text: string;
  /** The accessible name: the text and, when waiting or rejected, why. */
  readonly label: string;
  /** Voting progress 0..1, for the ring. */
  readonly progress: number | null;
}

function sentence(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0) return trimmed;
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export function chipView(status: TxStatus): ChipView {
  switch (status.state) {
    case "final": {
      if (status.blockHeight !== null) {
        const text = t("common.chip.inBlock", { height: formatCount(status.blockHeight) });
        return { kind: "inblock", text, label: text, progress: null };
      }
      const text =
        status.finalMs === null
          ? t("common.chip.final")
          : t("common.chip.finalIn", { latency: formatLatency(status.finalMs) });
      return { kind: "final", text, label: text, progress: null };
    }
    case "voting": {
      const beta = Math.max(1, status.beta);
      const confidence = Math.min(Math.max(0, status.confidence), beta);
      const text = t("common.chip.voting", { confidence, beta });
      const label = status.reason === null ? text : `${text}: ${sentence(status.reason)}`;
      return { kind: "voting", text, label, progress: confidence / beta };
    }
    case "rejected": {
      const text = t("common.chip.rejected");
      const label =
        status.reason === null || status.reason.trim() === ""
          ? t("common.chip.rejectedNoReason")
          : t("common.chip.rejectedWhy", { reason: sentence(status.reason) });
      return { kind: "rejected", text, label, progress: null };
    }
    default: {
      const text = t("common.chip.pending");
      const label =
        status.reason === null || status.reason.trim() === ""
          ? text
          : t("common.chip.pendingWhy", { reason: sentence(status.reason) });
      return { kind: "pending", text, label, progress: null };
    }
  }
}

/** Whether a status can still change (the send screen keeps following it). */
export function isSettled(status: TxStatus): boolean {
  return status.state === "rejected" || (status.state === "final" && status.blockHeight !== null);
}
