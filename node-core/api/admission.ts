// What a refused transaction becomes at the API: the Bitcoin-style code for its kind (inputs missing or
// spent -25, any other rule of the kernel or the mempool -26, not ready -28) with the node error's code as
// data.reason and its payload (txids, outpoints, amounts: never a secret) as data.details.
import { isNodeCoreError } from "../util/index.js";
import { ApiError, type ApiErrorCode } from "./errors.js";
import { toApiError } from "./method.js";

const NOT_READY = new Set(["MEMPOOL_NO_CHAIN", "MEMPOOL_BUSY", "MEMPOOL_CLOSED", "NODE_CLOSED"]);

export function admissionError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!isNodeCoreError(error)) return toApiError(error);
  let code: ApiErrorCode;
  if (error.code === "TX_MISSING_INPUT") code = "API_VERIFY_ERROR";
  else if (NOT_READY.has(error.code)) code = "API_NOT_READY";
  else if (error.code.startsWith("TX_") || error.code.startsWith("MN_") || error.code.startsWith("MEMPOOL_"))
    code = "API_VERIFY_REJECTED";
  else return toApiError(error);
  return new ApiError(code, error.message, { reason: error.code, details: flatDetails(error.payload) });
}

function flatDetails(payload: unknown): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  if (typeof payload !== "object" || payload === null) return out;
  for (const [key, value] of Object.entries(payload)) {
    if (value === null || typeof value === "string" || typeof value === "boolean") out[key] = value;
    else if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
  }
  return out;
}
