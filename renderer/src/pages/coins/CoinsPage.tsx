// The Coins page (#/coins): the wallet's unspent outputs (listunspent) with amount, address, label, state
// and height, kept current from the wallet's events; final coins can be selected and "Send selected" opens
// the Send page with exactly those coins (#/send?coins=txid:vout,…).
import { useMemo, useState } from "react";
import { useCall, useEvent } from "../../bridge/hooks.js";
import { useLimitedCallback } from "../../charts/useLimitedCallback.js";
import { t } from "../../i18n/index.js";
import { useSettings } from "../../store/settings.js";
import { Amount, Button } from "../../ui/index.js";
import { ErrorNotice } from "../network/ErrorNotice.js";
import { formatCount, shortId } from "../network/format.js";
import {
  coinKey,
  isSelectable,
  pruneSelection,
  selectedTotal,
  sendRoute,
  toggleCoin,
  totalOf,
} from "./coin-selection.js";
import "../network/network.css";
import "./coins.css";

/** Rows drawn at once; "Show more" adds another page (keeps a wallet with thousands of coins responsive). */
const PAGE_ROWS = 200;

const STATE_KEYS = {
  spendable: "nodeTools.coins.states.spendable",
  pending: "nodeTools.coins.states.pending",
  locked: "nodeTools.coins.states.locked",
  immature: "nodeTools.coins.states.immature",
  reserved: "nodeTools.coins.states.reserved",
} as const;

const STATE_CHIPS: Readonly<Record<string, string>> = {
  spendable: "chip-final",
  pending: "chip-pending",
  locked: "chip-neutral",
  immature: "chip-voting",
  reserved: "chip-neutral",
};

function stateLabel(category: string): string {
  return Object.hasOwn(STATE_KEYS, category) ? t(STATE_KEYS[category as keyof typeof STATE_KEYS]) : category;
}

export function CoinsPage() {
  const wallet = useSettings((s) => s.currentWallet);
  const params = wallet === null ? {} : { wallet_name: wallet };
  const coins = useCall("listunspent", params, { refreshMs: 15_000 });
  const refreshSoon = useLimitedCallback(coins.refresh, 500);
  useEvent("wallet:balanceChanged", refreshSoon);
  useEvent("wallet:transactionStatusChanged", refreshSoon);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState(PAGE_ROWS);

  const list = useMemo(
    () =>
      [...(coins.data ?? [])].sort(
        (a, b) => (b.height ?? Number.MAX_SAFE_INTEGER) - (a.height ?? Number.MAX_SAFE_INTEGER),
      ),
    [coins.data],
  );
  const selected = useMemo(() => pruneSelection(chosen, list), [chosen, list]);
  const selectable = list.filter(isSelectable);
  const allSelected = selectable.length > 0 && selectable.every((c) => selected.has(coinKey(c)));

  return (
    <div className="node-page">
      <h1>{t("nodeTools.coins.title")}</h1>
      <p className="muted">{t("nodeTools.coins.intro")}</p>
      {coins.error !== undefined && (
        <ErrorNotice lead={t("nodeTools.coins.loadError")} error={coins.error} onRetry={coins.refresh} />
      )}
      {coins.data !== undefined && list.length === 0 && (
        <p className="card muted">{t("nodeTools.coins.empty")}</p>
      )}
      {list.length > 0 && (
        <section className="card" aria-label={t("nodeTools.coins.title")}>
          <div className="row-between coins-summary">
            <p className="muted">
              {t("nodeTools.coins.total", { count: formatCount(list.length) })}{" "}
              <Amount value={totalOf(list)} />
            </p>
          </div>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col" className="coins-check">
                    <input
                      type="checkbox"
                      className="checkbox"
                      aria-label={t("nodeTools.coins.selectAll")}
                      checked={allSelected}
                      disabled={selectable.length === 0}
                      onChange={() => setChosen(allSelected ? new Set() : new Set(selectable.map(coinKey)))}
                    />
                  </th>
                  <th scope="col" className="num">
                    {t("nodeTools.coins.amount")}
                  </th>
                  <th scope="col">{t("nodeTools.coins.address")}</th>
                  <th scope="col">{t("nodeTools.coins.label")}</th>
                  <th scope="col">{t("nodeTools.coins.state")}</th>
                  <th scope="col" className="num">
                    {t("nodeTools.coins.height")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.slice(0, shown).map((coin) => {
                  const key = coinKey(coin);
                  const can = isSelectable(coin);
                  return (
                    <tr key={key} className={selected.has(key) ? "is-selected" : undefined}>
                      <td className="coins-check">
                        <input
                          type="checkbox"
                          className="checkbox"
                          aria-label={t("nodeTools.coins.select", {
                            coin: `${shortId(coin.txid, 6)}:${coin.vout}`,
                          })}
                          checked={selected.has(key)}
                          disabled={!can}
                          onChange={() => setChosen(toggleCoin(selected, key))}
                        />
                      </td>
                      <td className="num">
                        <Amount value={coin.amount} unit={false} />
                      </td>
                      <td className="mono" title={coin.address}>
                        {shortId(coin.address, 10)}
                      </td>
                      <td>{coin.label}</td>
                      <td>
                        <span className={`chip ${STATE_CHIPS[coin.category] ?? "chip-neutral"}`}>
                          {stateLabel(coin.category)}
                        </span>
                      </td>
                      <td className="num mono">
                        {coin.height === null ? (
                          <span className="muted">{t("nodeTools.coins.unconfirmed")}</span>
                        ) : (
                          formatCount(coin.height)
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {list.length > shown && (
            <Button variant="ghost" onClick={() => setShown((n) => n + PAGE_ROWS)}>
              {t("nodeTools.coins.showMore", { count: formatCount(list.length - shown) })}
            </Button>
          )}
          {selectable.length < list.length && (
            <p className="small muted">{t("nodeTools.coins.onlySpendable")}</p>
          )}
        </section>
      )}
      {list.length > 0 && (
        <section className="card coins-action" aria-label={t("nodeTools.coins.sendSelected")}>
          <p className="mono" aria-live="polite">
            {selected.size === 0 ? (
              t("nodeTools.coins.noneSelected")
            ) : (
              <>
                {t("nodeTools.coins.selected", { count: selected.size })}{" "}
                <Amount value={selectedTotal(selected, list)} alwaysShow />
              </>
            )}
          </p>
          <div className="row">
            <Button variant="ghost" disabled={selected.size === 0} onClick={() => setChosen(new Set())}>
              {t("nodeTools.coins.clearSelection")}
            </Button>
            <Button
              variant="primary"
              disabled={selected.size === 0}
              onClick={() => {
                window.location.hash = sendRoute(selected, list);
              }}
            >
              {t("nodeTools.coins.sendSelected")}
            </Button>
          </div>
        </section>
      )}
    </div>
  );
}
