// The network selector of the Welcome page and of Settings. The node runs on one network; the desktop app
// can restart its node on another (the bridge's switchNetwork, then a reload onto the new node), while a
// web-mode page belongs to its daemon's network and explains how to run a node on the other one.
import { useState } from "react";
import type { ApiFailure, NetworkName } from "../../../electron/contract.js";
import { bridge } from "../bridge/index.js";
import { t } from "../i18n/index.js";
import { Button, ErrorMessage } from "../ui/index.js";

/** Every network, in the order offered (a Record, so a network the contract adds cannot be left out). */
const NETWORKS: Readonly<Record<NetworkName, { readonly label: NetworkLabel; readonly hint: NetworkHint }>> =
  {
    mainnet: { label: "wallet.networkChoice.mainnet", hint: "wallet.networkChoice.mainnetHint" },
    testnet: { label: "wallet.networkChoice.testnet", hint: "wallet.networkChoice.testnetHint" },
    devnet: { label: "wallet.networkChoice.devnet", hint: "wallet.networkChoice.devnetHint" },
  };
type NetworkLabel = `wallet.networkChoice.${NetworkName}`;
type NetworkHint = `wallet.networkChoice.${NetworkName}Hint`;

export function isNetworkName(value: string | null): value is NetworkName {
  return value !== null && Object.hasOwn(NETWORKS, value);
}

export interface NetworkChoiceProps {
  /** The network the node runs on (null until it has said). */
  readonly current: string | null;
  readonly chosen: NetworkName | null;
  readonly onChoose: (network: NetworkName | null) => void;
}

export function NetworkChoice({ current, chosen, onChoose }: NetworkChoiceProps) {
  const [switching, setSwitching] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const shown = chosen ?? (isNetworkName(current) ? current : null);
  const other = shown !== null && shown !== current && current !== null ? shown : null;
  const label = (network: string) => (isNetworkName(network) ? t(NETWORKS[network].label) : network);
  const switchNetwork = bridge.switchNetwork;

  const switchNow = async (network: NetworkName) => {
    if (switchNetwork === null) return;
    setSwitching(true);
    setError(null);
    const outcome = await switchNetwork(network);
    if (outcome.ok) {
      // The page's state (wallets, session) belonged to the old node: start over on the new one.
      window.location.reload();
      return;
    }
    setSwitching(false);
    setError(outcome.error);
  };

  return (
    <div className="field network-choice">
      <label className="field-label" htmlFor="network-choice">
        {t("wallet.networkChoice.label")}
      </label>
      <select
        id="network-choice"
        className="select"
        value={shown ?? ""}
        disabled={switching || current === null}
        onChange={(event) => {
          const value = event.target.value;
          setError(null);
          onChoose(isNetworkName(value) && value !== current ? value : null);
        }}
      >
        {shown === null && <option value="">{current ?? t("common.none")}</option>}
        {(Object.keys(NETWORKS) as NetworkName[]).map((network) => (
          <option key={network} value={network}>
            {label(network)}
          </option>
        ))}
      </select>
      {shown !== null && <span className="field-hint">{t(NETWORKS[shown].hint)}</span>}
      {other !== null && current !== null && (
        <div className="network-choice-other stack-sm" role="note">
          {switchNetwork === null ? (
            <p className="small">
              {t("wallet.networkChoice.webExplain", {
                network: label(other),
                current: label(current),
                command: `timed --network ${other} --ui`,
              })}
            </p>
          ) : (
            <p className="small">
              {t("wallet.networkChoice.switchExplain", { network: label(other), current: label(current) })}
            </p>
          )}
          <div className="row">
            {switchNetwork !== null && (
              <Button variant="primary" busy={switching} onClick={() => void switchNow(other)}>
                {switching
                  ? t("wallet.networkChoice.switching", { network: label(other) })
                  : t("wallet.networkChoice.switchTo", { network: label(other) })}
              </Button>
            )}
            <Button variant="ghost" disabled={switching} onClick={() => onChoose(null)}>
              {t("wallet.networkChoice.stay", { current: label(current) })}
            </Button>
          </div>
          <ErrorMessage error={error} />
        </div>
      )}
    </div>
  );
}
