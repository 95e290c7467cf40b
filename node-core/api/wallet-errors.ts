// What a wallet failure becomes at the API: Bitcoin Core's wallet codes (wrong passphrase -14, locked -13,
// unknown or unloaded wallet -18, ambiguous wallet -19, insufficient funds -6 with the amounts, bad address
// -5 with the problem), the node error's code as data.reason and its flat payload as data.details. The
// payloads of wallet errors hold names, amounts and problems, never a password, a mnemonic or a key.
import { formatTime } from "../types/index.js";
import { isNodeCoreError } from "../util/index.js";
import { admissionError } from "./admission.js";
import { ApiError, type ApiErrorCode } from "./errors.js";

const CODES: Readonly<Record<string, ApiErrorCode>> = {
  KEYSTORE_WRONG_PASSWORD: "API_WALLET_PASSPHRASE_INCORRECT",
  KEYSTORE_NOT_FOUND: "API_WALLET_NOT_FOUND",
  KEYSTORE_EXISTS: "API_WALLET_ALREADY_EXISTS",
  KEYSTORE_BAD_NAME: "API_INVALID_PARAMETER",
  KEYSTORE_BAD_PASSWORD: "API_INVALID_PARAMETER",
  KEYSTORE_CONFIRM_MISMATCH: "API_INVALID_PARAMETER",
  KEYSTORE_LOCKED: "API_WALLET_UNLOCK_NEEDED",
  KEYSTORE_ALREADY_UNLOCKED: "API_WALLET_ERROR",
  KEYSTORE_CORRUPTED: "API_WALLET_ERROR",
  KEYSTORE_MALFORMED: "API_WALLET_ERROR",
  KEYSTORE_UNSUPPORTED_VERSION: "API_WALLET_ERROR",
  KEYSTORE_WEAK_KDF: "API_WALLET_ERROR",
  WALLET_NOT_LOADED: "API_WALLET_NOT_FOUND",
  WALLET_ALREADY_LOADED: "API_WALLET_ALREADY_LOADED",
  WALLET_NOT_SPECIFIED: "API_WALLET_NOT_SPECIFIED",
  WALLET_LOCKED: "API_WALLET_UNLOCK_NEEDED",
  WALLET_BAD_MNEMONIC: "API_INVALID_PARAMETER",
  WALLET_BAD_TIMEOUT: "API_INVALID_PARAMETER",
  WALLET_CLOSED: "API_NOT_READY",
  WALLET_BAD_LABELS: "API_INVALID_PARAMETER",
  ACCOUNT_WIPED: "API_WALLET_UNLOCK_NEEDED",
  SEND_BAD_ADDRESS: "API_NOT_FOUND",
  SEND_BAD_AMOUNT: "API_INVALID_PARAMETER",
  SEND_BAD_REQUEST: "API_INVALID_PARAMETER",
  SEND_INSUFFICIENT_FUNDS: "API_WALLET_INSUFFICIENT_FUNDS",
  SEND_TOO_MANY_INPUTS: "API_WALLET_ERROR",
  SEND_COIN_UNAVAILABLE: "API_WALLET_ERROR",
  SEND_MASTERNODE_RULE: "API_WALLET_ERROR",
};

/** Amount fields (sat strings) shown in TIME as well, so the message reads plainly. */
const SAT_FIELDS = ["spendableSat", "neededSat", "notFinalSat"];

export function walletApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!isNodeCoreError(error)) return admissionError(error);
  const code = CODES[error.code];
  if (code === undefined) return admissionError(error);
  const details: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(error.payload as Record<string, unknown>)) {
    if (key === "path") continue; // the file system layout is the operator's, not the caller's
    if (typeof value === "string" || typeof value === "boolean" || value === null) details[key] = value;
    else if (typeof value === "number" && Number.isFinite(value)) details[key] = value;
    else if (Array.isArray(value)) details[key] = value.map(String).join(",");
  }
  let message = error.message;
  if (error.code === "SEND_INSUFFICIENT_FUNDS") {
    const amounts = SAT_FIELDS.map((f) => [f, details[f]] as const).filter(([, v]) => typeof v === "string");
    for (const [field, sat] of amounts)
      details[field.replace(/Sat$/, "")] = formatTime(BigInt(sat as string));
    message = `insufficient funds: spendable ${details.spendable ?? "?"} TIME, needed ${details.needed ?? "?"} TIME (not final yet: ${details.notFinal ?? "0"} TIME)`;
  }
  return new ApiError(code, message, { reason: error.code, details });
}
