// Settings: auto-lock (default 5 min; "never" only after a confirmation), theme, hide balances, and what
// the node says about itself (network, with the selector to run on another; versions, chain, this wallet).
import { useState } from "react";
import type { NetworkName } from "../../../../electron/contract.js";
import { NetworkChoice } from "../../app/NetworkChoice.js";
import { useCall } from "../../bridge/hooks.js";
import { t } from "../../i18n/index.js";
import { useSession } from "../../store/session.js";
import { type ThemeChoice, useSettings } from "../../store/settings.js";
import { Button, Card, formatCount, Modal, shortId } from "../../ui/index.js";
import "./settings.css";

const LOCK_CHOICES = [1, 5, 15, 30, 60] as const;
const THEMES: readonly {
  readonly id: ThemeChoice;
  readonly key: "themeSystem" | "themeDark" | "themeLight";
}[] = [
  { id: "system", key: "themeSystem" },
  { id: "dark", key: "themeDark" },
  { id: "light", key: "themeLight" },
];

export function SettingsPage() {
  const minutes = useSettings((s) => s.autoLockMinutes);
  const setMinutes = useSettings((s) => s.setAutoLockMinutes);
  const theme = useSettings((s) => s.theme);
  const setTheme = useSettings((s) => s.setTheme);
  const hide = useSettings((s) => s.hideBalances);
  const setHide = useSettings((s) => s.setHideBalances);
  const info = useSession((s) => s.info);
  const [confirmNever, setConfirmNever] = useState(false);
  const [otherNetwork, setOtherNetwork] = useState<NetworkName | null>(null);
  const network = useCall("getnetworkinfo", {});
  const chain = useCall("getblockchaininfo", {});

  return (
    <div className="page-narrow stack settings">
      <h1>{t("wallet.settings.title")}</h1>
      <Card className="stack">
        <h2>{t("wallet.settings.security")}</h2>
        <div className="field">
          <label className="field-label" htmlFor="auto-lock">
            {t("wallet.settings.autoLock")}
          </label>
          <select
            id="auto-lock"
            className="select"
            value={minutes === null ? "never" : String(minutes)}
            onChange={(event) => {
              if (event.target.value === "never") setConfirmNever(true);
              else setMinutes(Number(event.target.value));
            }}
          >
            {LOCK_CHOICES.map((n) => (
              <option key={n} value={String(n)}>
                {t("wallet.settings.minutes", { n })}
              </option>
            ))}
            <option value="never">{t("wallet.settings.never")}</option>
          </select>
          <span className="field-hint">{t("wallet.settings.autoLockHint")}</span>
        </div>
      </Card>
      <Card className="stack">
        <h2>{t("wallet.settings.appearance")}</h2>
        <fieldset className="fieldset-plain stack-sm">
          <legend className="field-label">{t("wallet.settings.theme")}</legend>
          <div className="segmented">
            {THEMES.map((choice) => (
              <button
                key={choice.id}
                type="button"
                aria-pressed={theme === choice.id}
                onClick={() => setTheme(choice.id)}
              >
                {t(`wallet.settings.${choice.key}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={hide} onChange={(event) => setHide(event.target.checked)} />
          <span>
            {t("wallet.settings.hideBalances")}
            <span className="field-hint settings-hint">{t("wallet.settings.hideBalancesHint")}</span>
          </span>
        </label>
      </Card>
      <Card className="stack">
        <h2>{t("wallet.settings.node")}</h2>
        <NetworkChoice current={chain.data?.chain ?? null} chosen={otherNetwork} onChoose={setOtherNetwork} />
        <dl className="settings-list">
          <dt>{t("wallet.settings.agent")}</dt>
          <dd>{network.data?.subversion ?? t("common.none")}</dd>
          <dt>{t("wallet.settings.protocol")}</dt>
          <dd>{network.data?.protocolversion ?? t("common.none")}</dd>
          <dt>{t("wallet.settings.chainHeight")}</dt>
          <dd>{chain.data === undefined ? t("common.none") : formatCount(chain.data.blocks)}</dd>
          <dt>{t("wallet.settings.genesis")}</dt>
          <dd className="mono small">
            {chain.data === undefined ? t("common.none") : shortId(chain.data.genesishash, 10)}
          </dd>
          <dt>{t("wallet.settings.peers")}</dt>
          <dd>{network.data === undefined ? t("common.none") : formatCount(network.data.connections)}</dd>
          <dt>{t("wallet.settings.dataFolder")}</dt>
          <dd className="small muted">{t("wallet.settings.dataFolderNote")}</dd>
        </dl>
      </Card>
      {info !== null && (
        <Card className="stack">
          <h2>{t("wallet.settings.wallet")}</h2>
          <dl className="settings-list">
            <dt>{t("wallet.settings.walletName")}</dt>
            <dd>{info.walletname}</dd>
            <dt>{t("wallet.settings.walletBirthday")}</dt>
            <dd>{formatCount(info.birthday_height)}</dd>
            <dt>{t("wallet.settings.walletTxs")}</dt>
            <dd>{formatCount(info.txcount)}</dd>
          </dl>
        </Card>
      )}
      <Card className="stack">
        <h2>{t("wallet.settings.about")}</h2>
        <p className="small muted">
          {t("wallet.settings.appVersion")} · {network.data?.subversion ?? ""}
        </p>
        <p className="small" role="note">
          {t("wallet.settings.safety")}
        </p>
      </Card>
      {confirmNever && (
        <Modal title={t("wallet.settings.neverConfirmTitle")} onClose={() => setConfirmNever(false)}>
          <p>{t("wallet.settings.neverConfirmBody")}</p>
          <div className="row">
            <Button
              variant="danger"
              onClick={() => {
                setMinutes(null);
                setConfirmNever(false);
              }}
            >
              {t("wallet.settings.neverConfirm")}
            </Button>
            <Button variant="ghost" onClick={() => setConfirmNever(false)}>
              {t("common.actions.cancel")}
            </Button>
          </div>
        </Modal>
      )}
    </div>
  );
}
