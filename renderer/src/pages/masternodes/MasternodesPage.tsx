// The Masternodes page (#/masternodes): the wallet's masternodes with status and rewards, the setup wizard
// (resumed when a setup was under way), and the network-wide list.
import { useState } from "react";
import { useCall } from "../../bridge/hooks.js";
import { t } from "../../i18n/index.js";
import { useSettings } from "../../store/settings.js";
import { Button } from "../../ui/index.js";
import { MyMasternodes } from "./MyMasternodes.js";
import { NetworkList } from "./NetworkList.js";
import { loadWizard, SetupWizard } from "./SetupWizard.js";
import { useWalletParams } from "./wallet-params.js";
import { INITIAL } from "./wizard-state.js";
import "../network/network.css";
import "./masternodes.css";

export function MasternodesPage() {
  const wallet = useSettings((s) => s.currentWallet);
  const walletParams = useWalletParams();
  const info = useCall("masternodeinfo", walletParams, { refreshMs: 5000 });
  const [wizardOpen, setWizardOpen] = useState(() => {
    const saved = loadWizard(wallet);
    return saved.step !== INITIAL.step || saved.tier !== null;
  });
  return (
    <div className="node-page">
      <div className="row-between">
        <h1>{t("masternodes.title")}</h1>
        {!wizardOpen && (
          <Button variant="primary" onClick={() => setWizardOpen(true)}>
            {t("masternodes.setUp")}
          </Button>
        )}
      </div>
      <p className="muted">{t("masternodes.intro")}</p>
      {wizardOpen && <SetupWizard info={info} onClose={() => setWizardOpen(false)} />}
      <MyMasternodes info={info} />
      <NetworkList />
    </div>
  );
}
