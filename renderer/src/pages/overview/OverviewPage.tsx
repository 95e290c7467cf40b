// Overview: the spendable balance large, pending / locked / immature beneath, the backup reminder until the
// words are confirmed (the wallet's own flag, so every browser agrees), a sync or scan card while catching
// up, and the last 10 transactions, live.
import { useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { navigate } from "../../app/route.js";
import { syncView } from "../../app/sync.js";
import { useCall, useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useSession, useWalletName } from "../../store/session.js";
import { useSettings } from "../../store/settings.js";
import { requestUnlock } from "../../store/unlock.js";
import { useWalletCall } from "../../store/wallet-data.js";
import { Amount, Button, Card, ErrorMessage, formatCount, ProgressBar } from "../../ui/index.js";
import { TxRow } from "../transactions/TxRow.js";
import "../transactions/transactions.css";
import { balanceSeries, seriesPath } from "./balance-series.js";
import "./overview.css";

const CHART_W = 600;
const CHART_H = 96;
const CHART_HISTORY = 1_000;

function BalanceChart({ history }: { readonly history: Parameters<typeof balanceSeries>[0] }) {
  const points = balanceSeries(history);
  if (points.length < 2) return null;
  const line = seriesPath(points, CHART_W, CHART_H);
  return (
    <svg
      className="balance-chart"
      viewBox={`0 0 ${CHART_W} ${CHART_H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={t("wallet.overview.chart")}
    >
      <path className="balance-chart-area" d={`${line}L${CHART_W} ${CHART_H}Z`} />
      <path className="balance-chart-line" d={line} fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

export function OverviewPage() {
  const wallet = useWalletName();
  const info = useSession((s) => s.info);
  const hide = useSettings((s) => s.hideBalances);
  const setHide = useSettings((s) => s.setHideBalances);
  // Unknown until the wallet's info arrives: no reminder flashes in the meantime.
  const backedUp = info?.backed_up ?? true;
  const refreshInfo = useSession((s) => s.refreshInfo);
  const [backupError, setBackupError] = useState<ApiFailure | null>(null);
  const confirmBackup = async () => {
    setBackupError(null);
    // The flag is kept encrypted in the wallet: setting it needs the unlock.
    if ((info?.locked ?? true) && !(await requestUnlock())) return;
    const outcome = await bridge.call("setwalletflag", {
      flag: "backed_up",
      value: true,
      wallet_name: wallet,
    });
    if (!outcome.ok) {
      setBackupError(outcome.error);
      return;
    }
    await refreshInfo();
  };
  const balances = useWalletCall("getbalances", {});
  const recent = useWalletCall("listtransactions", { count: 10 });
  const history = useWalletCall("listtransactions", { count: CHART_HISTORY });
  const chain = useCall("getblockchaininfo", {}, { refreshMs: 5_000 });
  useEvent("chain:block", () => chain.refresh());
  const sync = chain.data === undefined ? null : syncView(chain.data.blocks, chain.data.headers);
  const b = balances.data ?? info?.balances;
  const scanning = typeof info?.scanning === "object" ? info.scanning : null;

  return (
    <div className="overview stack">
      <h1 className="visually-hidden">{t("wallet.overview.title")}</h1>
      <Card className="balance-card">
        <div className="row-between">
          <h2 className="balance-title">{t("wallet.overview.spendable")}</h2>
          <Button variant="ghost" size="small" onClick={() => setHide(!hide)} aria-pressed={hide}>
            {hide ? t("wallet.overview.show") : t("wallet.overview.hide")}
          </Button>
        </div>
        <div className="balance-hero">
          {b === undefined ? t("common.loading") : <Amount value={b.spendable} className="amount-hero" />}
        </div>
        {b !== undefined && (
          <dl className="balance-split">
            <div>
              <dt>{t("wallet.overview.pending")}</dt>
              <dd>
                <Amount value={b.pending} />
              </dd>
            </div>
            <div>
              <dt>{t("wallet.overview.locked")}</dt>
              <dd>
                <Amount value={b.locked} />
              </dd>
            </div>
            <div>
              <dt>{t("wallet.overview.immature")}</dt>
              <dd>
                <Amount value={b.immature} />
              </dd>
            </div>
          </dl>
        )}
        {!hide && history.data !== undefined && <BalanceChart history={history.data} />}
        <ErrorMessage error={balances.error} />
      </Card>
      {sync?.syncing === true && chain.data !== undefined && (
        <Card tone="info" tight>
          <h3>{t("wallet.overview.syncTitle")}</h3>
          <p className="small">
            {t("wallet.overview.syncBody", {
              blocks: formatCount(chain.data.blocks),
              headers: formatCount(chain.data.headers),
            })}
          </p>
          <ProgressBar label={t("wallet.overview.syncTitle")} fraction={sync.percent / 100} />
        </Card>
      )}
      {scanning !== null && scanning.height !== null && scanning.tip !== null && (
        <Card tone="info" tight>
          <h3>{t("wallet.overview.scanTitle")}</h3>
          <p className="small">
            {t("wallet.overview.scanBody", {
              height: formatCount(scanning.height),
              tip: formatCount(scanning.tip),
            })}
          </p>
          <ProgressBar
            label={t("wallet.overview.scanTitle")}
            fraction={scanning.tip === 0 ? 0 : scanning.height / scanning.tip}
          />
        </Card>
      )}
      {!backedUp && (
        <Card tone="warning" tight>
          <h3>{t("wallet.overview.backupTitle")}</h3>
          <p className="small">{t("wallet.overview.backupBody")}</p>
          <Button size="small" onClick={() => void confirmBackup()}>
            {t("wallet.overview.backupDone")}
          </Button>
          <ErrorMessage error={backupError} />
        </Card>
      )}
      <section>
        <div className="row-between section-head">
          <h2>{t("wallet.overview.recent")}</h2>
          <a href="#/transactions">{t("wallet.overview.seeAll")}</a>
        </div>
        <ErrorMessage error={recent.error} />
        {recent.data !== undefined && recent.data.length === 0 && (
          <p className="empty">{t("wallet.overview.empty")}</p>
        )}
        {recent.data !== undefined && recent.data.length > 0 && (
          <div className="tx-list">
            {recent.data.map((tx) => (
              <TxRow key={tx.txid} tx={tx} onOpen={(txid) => navigate("transactions", { txid })} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
