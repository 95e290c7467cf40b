// BIP-329 labels: export the wallet's labels and address book as JSON lines for other wallets, and import
// such a file (the node checks every line and changes nothing when one is broken; it needs the unlock).
import { type ChangeEvent, useRef, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useWalletName } from "../../store/session.js";
import { useToasts } from "../../store/toasts.js";
import { requestUnlock } from "../../store/unlock.js";
import { Button, downloadText, ErrorMessage, Modal } from "../../ui/index.js";

/** Largest label file read (the node's own cap). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export function LabelTools({ onImported }: { readonly onImported: () => void }) {
  const wallet = useWalletName();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const push = useToasts((s) => s.push);
  const close = () => {
    setError(null);
    setTooLarge(false);
  };

  const exportLabels = async () => {
    const outcome = await bridge.call("exportlabels", { wallet_name: wallet });
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    downloadText(`${wallet}-labels.jsonl`, outcome.result, "application/jsonl;charset=utf-8");
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (file === undefined) return;
    if (file.size > MAX_FILE_BYTES) {
      setTooLarge(true);
      return;
    }
    const labels = await file.text();
    const call = () => bridge.call("importlabels", { labels, wallet_name: wallet });
    let outcome = await call();
    if (!outcome.ok && outcome.error.code === "API_WALLET_UNLOCK_NEEDED" && (await requestUnlock()))
      outcome = await call();
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    push(
      t("wallet.transactions.labelsImported", {
        imported: outcome.result.imported,
        skipped: outcome.result.skipped,
      }),
      "success",
    );
    onImported();
  };

  return (
    <>
      <Button onClick={() => void exportLabels()}>{t("wallet.transactions.exportLabels")}</Button>
      <Button onClick={() => input.current?.click()}>{t("wallet.transactions.importLabels")}</Button>
      <input
        ref={input}
        type="file"
        accept=".jsonl,.json,.txt,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => void importFile(event)}
      />
      {(error !== null || tooLarge) && (
        <Modal title={t("wallet.transactions.labelsProblem")} onClose={close}>
          {tooLarge ? (
            <p role="alert">{t("wallet.transactions.labelsTooLarge")}</p>
          ) : (
            <ErrorMessage error={error} />
          )}
          <div className="row gate-secondary">
            <Button onClick={close}>{t("common.actions.close")}</Button>
          </div>
        </Modal>
      )}
    </>
  );
}
