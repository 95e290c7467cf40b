// The password dialog behind requestUnlock(): walletpassphrase with the auto-lock time as the node-side
// timeout, so the node locks the wallet even if this window is gone.
import { type FormEvent, useState } from "react";
import type { ApiFailure } from "../../../electron/contract.js";
import { bridge } from "../bridge/index.js";
import { t } from "../i18n/index.js";
import { useSession } from "../store/session.js";
import { useSettings } from "../store/settings.js";
import { useUnlock } from "../store/unlock.js";
import { Button, ErrorMessage, Field, Modal } from "../ui/index.js";
import { unlockSeconds } from "./idle.js";

export function UnlockForm({
  wallet,
  onDone,
  onCancel,
}: {
  readonly wallet: string;
  readonly onDone: () => void;
  readonly onCancel?: () => void;
}) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const minutes = useSettings((s) => s.autoLockMinutes);
  const refreshInfo = useSession((s) => s.refreshInfo);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length === 0) return;
    setBusy(true);
    const outcome = await bridge.call("walletpassphrase", {
      passphrase: password,
      timeout: unlockSeconds(minutes),
      wallet_name: wallet,
    });
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setPassword("");
    await refreshInfo();
    onDone();
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <Field
        label={t("common.dialog.password")}
        type="password"
        secret
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <ErrorMessage error={error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={busy} disabled={password.length === 0}>
          {t("common.actions.unlock")}
        </Button>
        {onCancel !== undefined && (
          <Button variant="ghost" onClick={onCancel}>
            {t("common.actions.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}

export function UnlockDialog() {
  const open = useUnlock((s) => s.open);
  const finish = useUnlock((s) => s.finish);
  const wallet = useSession((s) => s.current);
  if (!open || wallet === null) return null;
  return (
    <Modal title={t("common.dialog.unlockTitle", { wallet })} onClose={() => finish(false)}>
      <p className="muted">{t("common.dialog.unlockBody")}</p>
      <UnlockForm wallet={wallet} onDone={() => finish(true)} onCancel={() => finish(false)} />
    </Modal>
  );
}
