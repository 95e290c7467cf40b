// A calm banner while the link to the node is down or still coming up.
import { useConnection } from "../bridge/hooks.js";
import { t } from "../i18n/index.js";

export function ConnectionBanner() {
  const state = useConnection();
  if (state === "open") return null;
  return (
    <div className="connection-banner" role="alert">
      {state === "connecting" ? t("common.connection.connecting") : t("common.connection.closed")}
    </div>
  );
}
