// The first-run gate: create a wallet, restore one from its words, or open a wallet file of this node that
// is not loaded; the node's network is shown throughout, with the selector to run on another (whose
// wallets would be that network's: creating one waits until the node runs there).
import { useState } from "react";
import type { NetworkName } from "../../../../electron/contract.js";
import { NetworkChoice } from "../../app/NetworkChoice.js";
import { NetworkBadge } from "../../app/Sidebar.js";
import { t } from "../../i18n/index.js";
import { useSession } from "../../store/session.js";
import { Button, Card } from "../../ui/index.js";
import { CreateWallet } from "./CreateWallet.js";
import { OpenWallet } from "./OpenWallet.js";
import { RestoreWallet } from "./RestoreWallet.js";
import "./welcome.css";

export interface WelcomeProps {
  readonly onDone: (name: string) => void;
  readonly onCancel?: (() => void) | undefined;
}

type Step =
  | { readonly kind: "choose" }
  | { readonly kind: "create" }
  | { readonly kind: "restore" }
  | { readonly kind: "open"; readonly name: string };

export function WelcomePage({ onDone, onCancel }: WelcomeProps) {
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [otherNetwork, setOtherNetwork] = useState<NetworkName | null>(null);
  const elsewhere = otherNetwork !== null;
  const network = useSession((s) => s.network);
  const files = useSession((s) => s.files) ?? [];
  const closed = files.filter((file) => !file.loaded);
  const back = () => setStep({ kind: "choose" });
  return (
    <main className="gate">
      <div className="welcome">
        <div className="row-between welcome-top">
          <span className="welcome-brand">{t("common.appName")}</span>
          <span className="row small muted">
            {t("wallet.welcome.network")}: <strong>{network ?? t("common.none")}</strong>
            <NetworkBadge network={network} />
          </span>
        </div>
        {step.kind === "choose" && (
          <Card className="gate-card gate-wide">
            <h1>{t("wallet.welcome.title")}</h1>
            <p className="muted">{t("wallet.welcome.lead")}</p>
            <NetworkChoice current={network} chosen={otherNetwork} onChoose={setOtherNetwork} />
            <div className="welcome-choices">
              <div className="stack-sm">
                <Button
                  variant="primary"
                  size="large"
                  disabled={elsewhere}
                  onClick={() => setStep({ kind: "create" })}
                >
                  {t("wallet.welcome.create")}
                </Button>
                <span className="small muted">{t("wallet.welcome.createHint")}</span>
              </div>
              <div className="stack-sm">
                <Button size="large" disabled={elsewhere} onClick={() => setStep({ kind: "restore" })}>
                  {t("wallet.welcome.restore")}
                </Button>
                <span className="small muted">{t("wallet.welcome.restoreHint")}</span>
              </div>
            </div>
            {closed.length > 0 && (
              <div className="welcome-open">
                <h2>{t("wallet.welcome.openTitle")}</h2>
                <p className="small muted">{t("wallet.welcome.openHint")}</p>
                <div className="row">
                  {closed.map((file) => (
                    <Button
                      key={file.name}
                      disabled={elsewhere}
                      onClick={() => setStep({ kind: "open", name: file.name })}
                    >
                      {t("wallet.welcome.open", { name: file.name })}
                    </Button>
                  ))}
                </div>
              </div>
            )}
            {onCancel !== undefined && (
              <div className="gate-secondary">
                <Button variant="ghost" onClick={onCancel}>
                  {t("common.actions.cancel")}
                </Button>
              </div>
            )}
          </Card>
        )}
        {step.kind === "create" && <CreateWallet onDone={onDone} onBack={back} />}
        {step.kind === "restore" && <RestoreWallet onDone={onDone} onBack={back} />}
        {step.kind === "open" && <OpenWallet name={step.name} onDone={onDone} onBack={back} />}
      </div>
    </main>
  );
}
