// The console shows the node's own refusal (it is what a console user asked for), as a sentence: a
// capital letter and a full stop, or the catalog's sentence for a transport failure. The code is kept
// apart for the "Details" disclosure; a raw code is never the whole message. (The other pages use the
// shared ui/ErrorMessage, whose sentence is the catalog's per code.)
import type { ApiFailure } from "../../../../electron/contract.js";
import { t } from "../../i18n/index.js";

export interface NodeSentence {
  readonly sentence: string;
  readonly code: string;
}

export function nodeSentence(error: ApiFailure): NodeSentence {
  if (error.code === "API_TRANSPORT_ERROR")
    return { sentence: t("network.error.transport"), code: error.code };
  const message = typeof error.message === "string" ? error.message.trim() : "";
  if (message.length === 0) return { sentence: t("network.error.fallback"), code: error.code };
  const capital = message.charAt(0).toUpperCase() + message.slice(1);
  return { sentence: /[.!?]$/.test(capital) ? capital : `${capital}.`, code: error.code };
}
