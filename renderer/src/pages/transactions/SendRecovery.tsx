// The detail drawer's part for an outgoing send that is not final: why (explaintransaction, in the
// catalog's words), "Abandon" (confirmed first) and "Send again" (abandon, then the Send page prefilled with
// the same recipient and amount and the coins that came back).
import { useId, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useWalletName } from "../../store/session.js";
import { useWalletCall } from "../../store/wallet-data.js";
import { Button, ErrorMessage } from "../../ui/index.js";
import { type Abandoned, recoveryText, sendAgainRoute } from "./recovery.js";

export function SendRecovery({ txid, onChanged }: { readonly txid: string; readonly onChanged: () => void }) {
  const wallet = useWalletName();
  const info = useWalletCall("explaintransaction", { txid });
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const explained = info.data;

  const abandon = async (): Promise<Abandoned | null> => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await bridge.call("abandontransaction", { txid, wallet_name: wallet });
      if (!outcome.ok) {
        setError(outcome.error);
        return null;
      }
      return outcome.result;
    } finally {
      setBusy(false);
    }
  };

  const onAbandon = async () => {
    const result = await abandon();
    setConfirming(false);
    if (result === null) return;
    setNotice(t("wallet.transactions.recovery.done"));
    info.refresh();
    onChanged();
  };

  const onSendAgain = async () => {
    if (explained === undefined) return;
    // Already abandoned: its coins are back (or gone); read where they stand now.
    const inputs = explained.can_abandon ? (await abandon())?.inputs : explained.inputs;
    if (inputs === undefined) return;
    onChanged();
    const { route, problem } = sendAgainRoute(explained, inputs);
    if (route === null) {
      info.refresh();
      setNotice(t(`wallet.transactions.recovery.${problem ?? "noRecipient"}`));
      return;
    }
    window.location.hash = route;
  };

  return (
    <section className="send-recovery stack-sm" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("wallet.transactions.recovery.heading")}</h3>
      <ErrorMessage error={info.error} />
      {explained === undefined ? (
        info.error === undefined || info.error === null ? (
          <p className="small muted">{t("wallet.transactions.recovery.loading")}</p>
        ) : null
      ) : (
        <>
          <p>{recoveryText(explained)}</p>
          {notice !== null && (
            <p className="small" role="status">
              {notice}
            </p>
          )}
          <div className="row">
            {explained.can_abandon && (
              <Button
                variant="danger"
                size="small"
                disabled={busy}
                aria-expanded={confirming}
                title={t("wallet.transactions.recovery.abandonHint")}
                onClick={() => setConfirming(true)}
              >
                {t("wallet.transactions.recovery.abandon")}
              </Button>
            )}
            {explained.problem !== "final" && (
              <Button
                size="small"
                disabled={busy}
                title={t("wallet.transactions.recovery.sendAgainHint")}
                onClick={() => void onSendAgain()}
              >
                {t("wallet.transactions.recovery.sendAgain")}
              </Button>
            )}
          </div>
          {confirming && (
            <div className="confirm-box">
              <p>{t("wallet.transactions.recovery.confirmAbandon")}</p>
              <Button size="small" variant="danger" disabled={busy} onClick={() => void onAbandon()}>
                {t("wallet.transactions.recovery.confirmAbandonButton")}
              </Button>
              <Button size="small" variant="ghost" onClick={() => setConfirming(false)}>
                {t("wallet.transactions.recovery.cancel")}
              </Button>
            </div>
          )}
          <ErrorMessage error={error} />
        </>
      )}
    </section>
  );
}
