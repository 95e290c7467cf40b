// "My masternodes": the wallet's masternodes (masternodeinfo) with tier badge, status and its reason, last
// heartbeat, collateral, payout and network address; each one's rewards with a chart (Rewards.tsx) and
// the wallet's masternode rewards in all (listtransactions' "generate" entries); "Change payout"
// (PayoutChange); and "Deregister", which explains that the collateral is released before it asks.
import { useCallback, useState } from "react";
import type { ApiFailure, ApiResult } from "../../../../electron/contract.js";
import { type CallState, useCall } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { Amount, Button, epochMs, formatAge, sumAmounts } from "../../ui/index.js";
import { ErrorNotice } from "../network/ErrorNotice.js";
import { formatCount, formatTime, shortId } from "../network/format.js";
import { PayoutChange } from "./PayoutChange.js";
import { MasternodeRewards, useRewardOutputs } from "./Rewards.js";
import { rewardsTo, tipFromHistory } from "./rewards.js";
import { useWalletParams } from "./wallet-params.js";

type Mine = ApiResult<"masternodeinfo">[number];

interface Registration {
  readonly tier: string;
  readonly collateralAmount: string;
  readonly payoutAddress: string;
  readonly networkAddress: string;
  readonly registeredHeight: number;
  readonly lastHeartbeat: number | null;
}

/** The chain record's fields of a registered masternode (the result type does not tie them to `registered`). */
function registrationOf(m: Mine): Registration | null {
  if (!m.registered || !("tier" in m)) return null;
  const { tier, collateral_amount, payout_address, network_address, registered_height, last_heartbeat } = m;
  if (
    tier === undefined ||
    collateral_amount === undefined ||
    payout_address === undefined ||
    network_address === undefined ||
    registered_height === undefined
  ) {
    return null;
  }
  return {
    tier,
    collateralAmount: collateral_amount,
    payoutAddress: payout_address,
    networkAddress: network_address,
    registeredHeight: registered_height,
    lastHeartbeat: last_heartbeat ?? null,
  };
}

export function tierLabel(tier: string | undefined): string {
  switch (tier) {
    case "bronze":
    case "silver":
    case "gold":
    case "free":
      return t(`masternodes.tiers.${tier}`);
    default:
      return tier ?? t("network.units.none");
  }
}

function statusOf(m: Mine): { word: string; chip: string; reason: string | null } {
  if (!m.registered) {
    return {
      word: t("masternodes.mine.status.notRegistered"),
      chip: "chip-neutral",
      reason: t("masternodes.mine.notRegisteredReason"),
    };
  }
  if (m.active) return { word: t("masternodes.mine.status.active"), chip: "chip-final", reason: null };
  const last = registrationOf(m)?.lastHeartbeat ?? null;
  const heard =
    last === null
      ? t("masternodes.mine.missingNever")
      : t("masternodes.mine.missingSince", { time: formatTime(epochMs(last)) });
  // Why, and what to do: this node runs it (wait for its heartbeats), or nothing runs it that we hear.
  return {
    word: m.running_here ? t("masternodes.mine.status.starting") : t("masternodes.mine.status.missing"),
    chip: "chip-pending",
    reason: `${heard} ${m.running_here ? t("masternodes.mine.startingReason") : t("masternodes.mine.missingReason")}`,
  };
}

export function MyMasternodes({ info }: { readonly info: CallState<ApiResult<"masternodeinfo">> }) {
  const walletParams = useWalletParams();
  const history = useCall("listtransactions", { count: 1000, ...walletParams }, { refreshMs: 20_000 });
  const [confirming, setConfirming] = useState<{
    label: string;
    action: "deregister" | "start" | "payout";
  } | null>(null);
  const refreshInfo = info.refresh;
  const payoutChanged = useCallback(() => refreshInfo(), [refreshInfo]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [failureLead, setFailureLead] = useState<string | null>(null);
  const rewards = (history.data ?? []).filter((tx) => tx.category === "generate");
  const lastReward = rewards[0];
  const outputsOf = useRewardOutputs(history.data);
  const tipHeight = tipFromHistory(history.data ?? []);

  const start = async (label: string) => {
    setBusy(true);
    setFailure(null);
    const outcome = await bridge.call("masternodestart", { label, ...walletParams });
    setBusy(false);
    setConfirming(null);
    if (outcome.ok) {
      setFailureLead(null);
      setDone(t("masternodes.mine.starting", { label }));
      info.refresh();
    } else {
      setFailureLead(t("masternodes.mine.startError"));
      setFailure(outcome.error);
    }
  };

  const deregister = async (label: string) => {
    setBusy(true);
    setFailure(null);
    setFailureLead(null);
    const outcome = await bridge.call("masternoderemove", { label, ...walletParams });
    setBusy(false);
    setConfirming(null);
    if (outcome.ok) {
      setDone(t("masternodes.mine.deregistered", { txid: shortId(outcome.result) }));
      info.refresh();
    } else setFailure(outcome.error);
  };

  const list = info.data ?? [];
  return (
    <section className="card" aria-labelledby="mn-mine-heading">
      <h2 id="mn-mine-heading">{t("masternodes.mine.heading")}</h2>
      {info.error !== undefined && (
        <ErrorNotice lead={t("masternodes.mine.loadError")} error={info.error} onRetry={info.refresh} />
      )}
      {failure !== null && (
        <ErrorNotice lead={failureLead ?? t("masternodes.mine.actionError")} error={failure} />
      )}
      {done !== null && (
        <p className="network-notice" role="status">
          {done}
        </p>
      )}
      {info.data !== undefined && list.length === 0 && <p className="muted">{t("masternodes.mine.empty")}</p>}
      <ul className="mn-mine-list">
        {list.map((m) => {
          const status = statusOf(m);
          const reg = registrationOf(m);
          const headingId = `mn-${m.label}`;
          return (
            <li key={m.operator} className="mn-mine">
              <div className="row-between">
                <h3 id={headingId} className="row">
                  {m.label}
                  {"tier" in m && (
                    <span className={`chip mn-tier mn-tier--${m.tier}`}>{tierLabel(m.tier)}</span>
                  )}
                  <span className={`chip ${status.chip}`}>{status.word}</span>
                </h3>
                {reg !== null && (
                  <div className="row">
                    {m.running_here ? (
                      <span className="chip chip-neutral">{t("masternodes.mine.runningHere")}</span>
                    ) : (
                      <Button
                        size="small"
                        aria-describedby={headingId}
                        aria-expanded={confirming?.label === m.label && confirming.action === "start"}
                        onClick={() => setConfirming({ label: m.label, action: "start" })}
                      >
                        {t("masternodes.mine.start")}
                      </Button>
                    )}
                    <Button
                      size="small"
                      variant="ghost"
                      aria-describedby={headingId}
                      aria-expanded={confirming?.label === m.label && confirming.action === "payout"}
                      onClick={() => setConfirming({ label: m.label, action: "payout" })}
                    >
                      {t("masternodes.payout.change")}
                    </Button>
                    <Button
                      size="small"
                      variant="ghost"
                      aria-describedby={headingId}
                      aria-expanded={confirming?.label === m.label && confirming.action === "deregister"}
                      onClick={() => setConfirming({ label: m.label, action: "deregister" })}
                    >
                      {t("masternodes.mine.deregister")}
                    </Button>
                  </div>
                )}
              </div>
              {status.reason !== null && <p className="muted">{status.reason}</p>}
              {reg !== null && (
                <dl className="network-facts">
                  <div>
                    <dt>{t("masternodes.mine.lastHeartbeat")}</dt>
                    <dd className="mono">
                      {reg.lastHeartbeat === null
                        ? t("masternodes.mine.never")
                        : t("network.units.ago", { age: formatAge(Date.now() - epochMs(reg.lastHeartbeat)) })}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("masternodes.mine.collateral")}</dt>
                    <dd>
                      <Amount value={reg.collateralAmount} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t("masternodes.mine.networkAddress")}</dt>
                    <dd className="mono">{reg.networkAddress}</dd>
                  </div>
                  <div>
                    <dt>{t("masternodes.mine.payout")}</dt>
                    <dd className="mono" title={reg.payoutAddress}>
                      {shortId(reg.payoutAddress, 10)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("masternodes.mine.registeredAt")}</dt>
                    <dd className="mono">#{formatCount(reg.registeredHeight)}</dd>
                  </div>
                  <div>
                    <dt>{t("masternodes.mine.operator")}</dt>
                    <dd className="mono" title={m.operator}>
                      {shortId(m.operator)}
                    </dd>
                  </div>
                </dl>
              )}
              {reg !== null && (
                <MasternodeRewards
                  label={m.label}
                  rewards={rewardsTo(history.data ?? [], outputsOf, reg.payoutAddress)}
                  tipHeight={tipHeight}
                />
              )}
              {reg !== null && confirming?.label === m.label && confirming.action === "start" && (
                <div
                  className="card card-info mn-confirm"
                  role="alertdialog"
                  aria-labelledby={`${headingId}-start`}
                >
                  <p id={`${headingId}-start`}>{t("masternodes.mine.startExplain", { label: m.label })}</p>
                  <div className="row">
                    <Button variant="primary" busy={busy} onClick={() => void start(m.label)}>
                      {t("masternodes.mine.startConfirm")}
                    </Button>
                    <Button variant="ghost" onClick={() => setConfirming(null)}>
                      {t("masternodes.mine.cancel")}
                    </Button>
                  </div>
                </div>
              )}
              {reg !== null && confirming?.label === m.label && confirming.action === "payout" && (
                <PayoutChange
                  label={m.label}
                  current={reg.payoutAddress}
                  headingId={headingId}
                  onClose={() => setConfirming(null)}
                  onChanged={payoutChanged}
                />
              )}
              {reg !== null && confirming?.label === m.label && confirming.action === "deregister" && (
                <div
                  className="card card-warning mn-confirm"
                  role="alertdialog"
                  aria-labelledby={`${headingId}-q`}
                >
                  <h4 id={`${headingId}-q`}>{t("masternodes.mine.deregisterTitle", { label: m.label })}</h4>
                  <p>
                    {t("masternodes.mine.deregisterExplain", {
                      amount: reg.collateralAmount,
                      address: shortId(reg.payoutAddress, 10),
                    })}
                  </p>
                  <div className="row">
                    <Button variant="danger" busy={busy} onClick={() => void deregister(m.label)}>
                      {t("masternodes.mine.deregisterConfirm")}
                    </Button>
                    <Button variant="ghost" onClick={() => setConfirming(null)}>
                      {t("masternodes.mine.cancel")}
                    </Button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {list.length > 0 && (
        <dl className="network-facts mn-rewards">
          <div>
            <dt>{t("masternodes.mine.rewards")}</dt>
            <dd className="mono">
              {rewards.length === 0
                ? t("masternodes.mine.noRewards")
                : t("masternodes.mine.rewardsValue", {
                    total: sumAmounts(rewards.map((r) => r.amount)),
                    count: formatCount(rewards.length),
                  })}
            </dd>
          </div>
          {lastReward !== undefined && (
            <div>
              <dt>{t("masternodes.mine.lastReward")}</dt>
              <dd>
                <Amount value={lastReward.amount} />{" "}
                {lastReward.blockheight !== null && (
                  <span className="muted small">
                    {t("masternodes.rewards.atBlock", { height: formatCount(lastReward.blockheight) })}
                  </span>
                )}
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
