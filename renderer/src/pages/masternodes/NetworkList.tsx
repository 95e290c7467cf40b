// The network-wide masternode list (masternodelist), searchable by label-free fields people have: network
// address, payout address, operator key, collateral outpoint and tier.
import { useState } from "react";
import { useCall, useEvent } from "../../bridge/hooks.js";
import { t } from "../../i18n/index.js";
import { Button, epochMs, Field, formatAge } from "../../ui/index.js";
import { ErrorNotice } from "../network/ErrorNotice.js";
import { formatCount, shortId } from "../network/format.js";
import { tierLabel } from "./MyMasternodes.js";

const PAGE_ROWS = 200;

export function NetworkList() {
  const list = useCall("masternodelist", {}, { refreshMs: 15_000 });
  // Registrations and deregistrations take effect with a block.
  useEvent("chain:block", () => list.refresh());
  const [query, setQuery] = useState("");
  const [shown, setShown] = useState(PAGE_ROWS);
  const all = list.data ?? [];
  const needle = query.trim().toLowerCase();
  const matches =
    needle.length === 0
      ? all
      : all.filter((m) =>
          [m.networkAddress, m.payoutAddress, m.operator, m.collateral, m.tier, tierLabel(m.tier)].some(
            (field) => field.toLowerCase().includes(needle),
          ),
        );
  const totalWeight = all.reduce((sum, m) => sum + m.weight, 0);
  return (
    <section className="card" aria-labelledby="mn-list-heading">
      <div className="row-between">
        <h2 id="mn-list-heading">{t("masternodes.list.heading")}</h2>
        {all.length > 0 && (
          <p className="small muted">
            {t("masternodes.list.count", {
              count: formatCount(all.length),
              weight: formatCount(totalWeight),
            })}
          </p>
        )}
      </div>
      {list.error !== undefined && list.data === undefined && (
        <ErrorNotice lead={t("masternodes.list.loadError")} error={list.error} onRetry={list.refresh} />
      )}
      <Field
        label={t("masternodes.list.search")}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {list.data !== undefined && all.length === 0 && <p className="muted">{t("masternodes.list.empty")}</p>}
      {all.length > 0 && matches.length === 0 && (
        <p className="muted">{t("masternodes.list.noMatch", { query })}</p>
      )}
      {matches.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("masternodes.list.address")}</th>
                <th scope="col">{t("masternodes.list.tier")}</th>
                <th scope="col">{t("masternodes.list.status")}</th>
                <th scope="col">{t("masternodes.list.payout")}</th>
                <th scope="col" className="num">
                  {t("masternodes.list.registered")}
                </th>
                <th scope="col">{t("masternodes.list.lastSeen")}</th>
              </tr>
            </thead>
            <tbody>
              {matches.slice(0, shown).map((m) => (
                <tr key={m.operator}>
                  <th scope="row" className="mono" title={m.operator}>
                    {m.networkAddress}
                  </th>
                  <td>
                    <span className={`chip mn-tier mn-tier--${m.tier}`}>{tierLabel(m.tier)}</span>
                  </td>
                  <td>
                    <span className={`chip ${m.active ? "chip-final" : "chip-pending"}`}>
                      {m.active ? t("masternodes.list.active") : t("masternodes.list.inactive")}
                    </span>
                  </td>
                  <td className="mono" title={m.payoutAddress}>
                    {shortId(m.payoutAddress, 8)}
                  </td>
                  <td className="num mono">#{formatCount(m.registeredHeight)}</td>
                  <td className="mono">
                    {m.lastSeen === null
                      ? t("masternodes.mine.never")
                      : t("network.units.ago", { age: formatAge(Date.now() - epochMs(m.lastSeen)) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {matches.length > shown && (
        <Button variant="ghost" onClick={() => setShown((n) => n + PAGE_ROWS)}>
          {t("masternodes.list.showMore", { count: formatCount(matches.length - shown) })}
        </Button>
      )}
    </section>
  );
}
