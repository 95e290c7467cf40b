// API failures as people read them: the catalog's sentence for the code (what happened and what to do), and
// the node's own message and code kept for the "Details" disclosure. Never a raw code alone.
import type { ApiFailure } from "../../../electron/contract.js";
import { en, type MessageKey, t } from "../i18n/index.js";

export interface ReadableError {
  readonly sentence: string;
  readonly code: string;
  readonly detail: string;
}

const SECRET_HINT = /(passphrase|password|mnemonic|seed|private|secret|token)\s*[:=]\s*\S+/gi;

export function readableError(error: ApiFailure | Error | string): ReadableError {
  if (typeof error === "string")
    return { sentence: t("common.errors.generic"), code: "UI_ERROR", detail: scrub(error) };
  if (error instanceof Error)
    return { sentence: t("common.errors.generic"), code: "UI_ERROR", detail: scrub(error.message) };
  const reasonCode = error.data?.reason;
  const byReason = reasonCode !== undefined && Object.hasOwn(en.common.errors.reasons, reasonCode);
  const known = Object.hasOwn(en.common.errors, error.code) && error.code !== ("reasons" as string);
  const sentence = byReason
    ? t(`common.errors.reasons.${reasonCode}` as MessageKey)
    : known
      ? t(`common.errors.${error.code}` as MessageKey)
      : t("common.errors.generic");
  const reason = error.data?.reason === undefined ? "" : ` (${error.data.reason})`;
  const issues = error.data?.issues === undefined ? "" : ` — ${error.data.issues.join("; ")}`;
  return { sentence, code: error.code, detail: scrub(`${error.message}${reason}${issues}`) };
}

/** Drops anything shaped like "password: xyz" from a message, in case a node message ever echoes one. */
export function scrub(text: string): string {
  return text.replace(SECRET_HINT, (_whole, name: string) => `${name}: [hidden]`);
}
