// The readable-error block of the node pages: what failed (lead), the node's sentence, an optional retry,
// and a "Details" disclosure with the code for support.
import type { ApiFailure } from "../../../../electron/contract.js";
import { t } from "../../i18n/index.js";
import { readableError } from "./readable-error.js";

export function ErrorNotice({
  lead,
  error,
  onRetry,
}: {
  readonly lead: string;
  readonly error: ApiFailure;
  readonly onRetry?: () => void;
}) {
  const { sentence, code } = readableError(error);
  return (
    <div className="error-message" role="alert">
      <p>
        {lead} {sentence}
      </p>
      {onRetry !== undefined && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t("network.error.retry")}
        </button>
      )}
      <details>
        <summary>{t("network.error.details")}</summary>
        <code>{t("network.error.code", { code })}</code>
      </details>
    </div>
  );
}
