// Labels in BIP-329's format (one JSON object a line: {"type","ref","label"}), so they move to and from
// other wallets: export writes the wallet's transaction and address labels and its address book; import
// reads tx and addr records (other types — pubkey, input, output, xpub — are counted and skipped, since
// this wallet has nothing to hang them on) and refuses the whole file, naming the line, on anything broken.
import type { NetworkParams } from "../../params/index.js";
import type { AddressBookEntry } from "../keystore/index.js";
import { SECRETS_LIMITS } from "../keystore/index.js";
import { parseRecipient } from "../send/index.js";
import { WalletServiceError } from "./errors.js";

const TXID_RE = /^[0-9a-f]{64}$/;
/** Largest import accepted (a label file of 100k records is ~10 MB). */
export const MAX_LABEL_IMPORT_BYTES = 16 * 1024 * 1024;
const SKIPPED_TYPES = new Set(["pubkey", "input", "output", "xpub"]);

export interface LabelRecord {
  readonly type: "tx" | "addr";
  readonly ref: string;
  readonly label: string;
}

/** The JSON lines of the wallet's labels (own addresses and transactions) and address book. */
export function exportLabels(labels: ReadonlyMap<string, string>, book: readonly AddressBookEntry[]): string {
  const records: LabelRecord[] = [];
  const seen = new Set<string>();
  for (const [ref, label] of labels) {
    records.push({ type: TXID_RE.test(ref) ? "tx" : "addr", ref, label });
    seen.add(ref);
  }
  for (const entry of book) {
    if (!seen.has(entry.address)) records.push({ type: "addr", ref: entry.address, label: entry.label });
  }
  return records.map((r) => `${JSON.stringify(r)}\n`).join("");
}

function broken(line: number, problem: string): never {
  throw new WalletServiceError("WALLET_BAD_LABELS", `label file line ${line}: ${problem}`, { line, problem });
}

/** The tx and addr records of a BIP-329 file, and how many records of other types were skipped. */
export function parseLabelImport(
  text: string,
  network: NetworkParams,
): { readonly records: LabelRecord[]; readonly skipped: number } {
  if (Buffer.byteLength(text) > MAX_LABEL_IMPORT_BYTES) {
    broken(0, `the file is larger than ${MAX_LABEL_IMPORT_BYTES} bytes`);
  }
  const records: LabelRecord[] = [];
  let skipped = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      broken(line, "not JSON");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      broken(line, "not a JSON object");
    const { type, ref, label } = value as Record<string, unknown>;
    if (typeof type !== "string") broken(line, "no type");
    if (SKIPPED_TYPES.has(type)) {
      skipped++;
      return;
    }
    if (type !== "tx" && type !== "addr") broken(line, `unknown type ${JSON.stringify(type.slice(0, 16))}`);
    if (typeof ref !== "string" || ref.length === 0) broken(line, "no ref");
    if (label === undefined || label === null) {
      skipped++;
      return;
    }
    if (typeof label !== "string") broken(line, "label is not a string");
    if (label.length > SECRETS_LIMITS.labelChars)
      broken(line, `label longer than ${SECRETS_LIMITS.labelChars}`);
    if (type === "tx" && !TXID_RE.test(ref)) broken(line, "ref is not a transaction id");
    if (type === "addr") {
      try {
        parseRecipient(ref, network);
      } catch {
        broken(line, "ref is not an address of this network");
      }
    }
    records.push({ type, ref, label });
  });
  return { records, skipped };
}
