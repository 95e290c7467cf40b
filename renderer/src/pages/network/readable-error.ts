// An API failure as a sentence a person can read: the node's message with a capital letter and a full
// stop, or the catalog's sentence for a transport failure. The code is kept apart for the "Details"
// disclosure (support asks for it); a raw code is never the whole message.
import type { ApiFailure } from "../../../../electron/contract.js";
import { t } from "../../i18n/index.js";

export interface ReadableError {
  readonly sentence: string;
  readonly code: string;
}

export function readableError(error: ApiFailure): ReadableError {
  if (error.code === "API_TRANSPORT_ERROR")
    return { sentence: t("network.error.transport"), code: error.code };
  const message = typeof error.message === "string" ? error.message.trim() : "";
  if (message.length === 0) return { sentence: t("network.error.fallback"), code: error.code };
  const capital = message.charAt(0).toUpperCase() + message.slice(1);
  return { sentence: /[.!?]$/.test(capital) ? capital : `${capital}.`, code: error.code };
}
