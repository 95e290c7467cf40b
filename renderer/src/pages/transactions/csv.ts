// The CSV export of the history: one row per transaction, RFC 4180 quoting, and cells that a spreadsheet
// would run as a formula (=, +, -, @ first) defused with a leading apostrophe — labels are user text.
import { formatDateTime } from "../../ui/format.js";
import { direction, type TxRowData } from "./tx.js";

const HEADER = ["date", "txid", "type", "amount_time", "fee_time", "status", "block_height", "label"];

function cell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function transactionsCsv(
  rows: readonly TxRowData[],
  timeToText: (ms: number) => string = formatDateTime,
): string {
  const lines = [HEADER.join(",")];
  for (const tx of rows) {
    lines.push(
      [
        tx.time === null || tx.time === undefined ? "" : timeToText(tx.time),
        tx.txid,
        direction(tx),
        tx.amount,
        tx.fee ?? "",
        tx.status_text,
        tx.blockheight === null ? "" : String(tx.blockheight),
        tx.label,
      ]
        .map(cell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
