// A readable error: one sentence with what to do, and a "Details" disclosure with the code for support.
import type { ApiFailure } from "../../../electron/contract.js";
import { t } from "../i18n/index.js";
import { readableError } from "./errors.js";

export function ErrorMessage({ error }: { readonly error: ApiFailure | Error | string | null | undefined }) {
  if (error === null || error === undefined) return null;
  const readable = readableError(error);
  return (
    <div className="error-message" role="alert">
      <p>{readable.sentence}</p>
      <details>
        <summary>{t("common.errors.details")}</summary>
        <div className="small">
          <code>{t("common.errors.code", { code: readable.code })}</code>
          {readable.detail.length > 0 && <div className="break">{readable.detail}</div>}
        </div>
      </details>
    </div>
  );
}
