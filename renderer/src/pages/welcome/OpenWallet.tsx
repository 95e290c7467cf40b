// Open a wallet file of this node that is not loaded: loadwallet with its password, then unlock it with
// the same password so it opens ready (the node still locks it on idle).
import { type FormEvent, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { unlockSeconds } from "../../app/idle.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useSettings } from "../../store/settings.js";
import { Button, Card, ErrorMessage, Field } from "../../ui/index.js";

export function OpenWallet({
  name,
  onDone,
  onBack,
}: {
  readonly name: string;
  readonly onDone: (name: string) => void;
  readonly onBack: () => void;
}) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const minutes = useSettings((s) => s.autoLockMinutes);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const loaded = await bridge.call("loadwallet", { wallet_name: name, passphrase: password });
    if (!loaded.ok && loaded.error.code !== "API_WALLET_ALREADY_LOADED") {
      setBusy(false);
      setError(loaded.error);
      return;
    }
    const unlocked = await bridge.call("walletpassphrase", {
      passphrase: password,
      timeout: unlockSeconds(minutes),
      wallet_name: name,
    });
    setBusy(false);
    if (!unlocked.ok) {
      setError(unlocked.error);
      return;
    }
    setPassword("");
    onDone(name);
  };
  return (
    <Card className="gate-card">
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <h1>{t("wallet.welcome.openHeading", { name })}</h1>
        <p className="muted">{t("wallet.welcome.openBody")}</p>
        <Field
          label={t("wallet.create.passwordLabel")}
          type="password"
          secret
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorMessage error={error} />
        <div className="row">
          <Button type="submit" variant="primary" busy={busy} disabled={password.length === 0}>
            {t("common.actions.continue")}
          </Button>
          <Button variant="ghost" onClick={onBack}>
            {t("common.actions.back")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
