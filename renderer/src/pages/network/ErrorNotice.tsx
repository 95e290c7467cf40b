// The error block of the node pages: what failed (lead), then the shared readable error (sentence and
// "Details" with the code), and an optional retry.
import type { ApiFailure } from "../../../../electron/contract.js";
import { t } from "../../i18n/index.js";
import { Button, ErrorMessage } from "../../ui/index.js";

export function ErrorNotice({
  lead,
  error,
  onRetry,
}: {
  readonly lead: string;
  readonly error: ApiFailure;
  readonly onRetry?: () => void;
}) {
  return (
    <div className="node-error">
      <p className="node-error__lead">{lead}</p>
      <ErrorMessage error={error} />
      {onRetry !== undefined && (
        <Button size="small" onClick={onRetry}>
          {t("network.error.retry")}
        </Button>
      )}
    </div>
  );
}
