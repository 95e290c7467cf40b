// A masternode's rewards on the Masternodes page: the total and count, a chart of the rewards per run of
// blocks up to the tip, and the latest ones. They come from the wallet's history (rewards.ts): the
// outputs of its newest reward transactions are read once each (getrawtransaction) and matched to the
// masternode's payout address, so a wallet with several masternodes sees each one's own.
import { useEffect, useRef, useState } from "react";
import type { ApiResult } from "../../../../electron/contract.js";
import { bridge } from "../../bridge/index.js";
import { LineChart } from "../../charts/LineChart.js";
import { t } from "../../i18n/index.js";
import { useSettings } from "../../store/settings.js";
import { Amount, formatSats } from "../../ui/index.js";
import { formatCount } from "../network/format.js";
import { type Reward, type RewardOutput, rewardBuckets } from "./rewards.js";
import { plainAmount } from "./tiers.js";

type History = ApiResult<"listtransactions">;

/** How many of the newest reward transactions are read (one call each, once). */
export const REWARDS_READ = 200;
const BUCKETS = 24;
const LATEST = 8;

/**
 * The outputs of the history's newest reward transactions, read one at a time (a long history must not
 * flood the node) and kept: a transaction in a block never changes.
 */
export function useRewardOutputs(
  history: History | undefined,
): (txid: string) => readonly RewardOutput[] | undefined {
  const known = useRef(new Map<string, readonly RewardOutput[]>());
  const [, setVersion] = useState(0);
  useEffect(() => {
    const todo = (history ?? [])
      .filter((tx) => tx.category === "generate" && tx.blockheight !== null)
      .slice(0, REWARDS_READ)
      .map((tx) => tx.txid)
      .filter((txid) => !known.current.has(txid));
    if (todo.length === 0) return;
    let live = true;
    void (async () => {
      for (const txid of todo) {
        const outcome = await bridge.call("getrawtransaction", { txid, verbose: true });
        if (!live) return;
        // A failed read is tried again with the next history refresh.
        if (!outcome.ok || typeof outcome.result === "string") continue;
        known.current.set(
          txid,
          outcome.result.vout.map((out) => ({ value: out.value, address: out.address })),
        );
        setVersion((v) => v + 1);
      }
    })();
    return () => {
      live = false;
    };
  }, [history]);
  return (txid) => known.current.get(txid);
}

export function MasternodeRewards({
  label,
  rewards,
  tipHeight,
}: {
  readonly label: string;
  /** Newest first. */
  readonly rewards: readonly Reward[];
  readonly tipHeight: number | null;
}) {
  const hidden = useSettings((s) => s.hideBalances);
  if (rewards.length === 0 || tipHeight === null) {
    return <p className="muted small">{t("masternodes.rewards.none")}</p>;
  }
  const total = formatSats(rewards.reduce((sum, r) => sum + r.sats, 0n));
  const buckets = rewardBuckets(rewards, tipHeight, BUCKETS);
  const values = buckets.totals.map((sats) => Number(sats) / 1e8);
  const summary = t(hidden ? "masternodes.rewards.summaryHidden" : "masternodes.rewards.summary", {
    label,
    total: plainAmount(total),
    count: formatCount(rewards.length),
    size: formatCount(buckets.size),
    from: formatCount(Math.max(0, buckets.fromHeight)),
    tip: formatCount(tipHeight),
  });
  return (
    <div className="mn-rewards">
      <p>
        {t("masternodes.rewards.total")} <Amount value={total} />{" "}
        <span className="muted small">
          {rewards.length === 1
            ? t("masternodes.rewards.countOne")
            : t("masternodes.rewards.count", { count: formatCount(rewards.length) })}
        </span>
      </p>
      <LineChart
        capacity={BUCKETS}
        summary={summary}
        series={[
          {
            label: t("masternodes.rewards.series", { size: formatCount(buckets.size) }),
            tone: "primary",
            values,
          },
        ]}
        formatValue={(value) => (hidden ? "••" : plainAmount(value.toFixed(8)))}
        emptyText={t("masternodes.rewards.none")}
      />
      <h4 id={`mn-rewards-${label}`}>{t("masternodes.rewards.latest")}</h4>
      <ol className="mn-reward-list" aria-labelledby={`mn-rewards-${label}`}>
        {rewards.slice(0, LATEST).map((r) => (
          <li key={r.txid} className="row-between">
            <Amount value={formatSats(r.sats)} signed />
            <a className="mono small" href={`#/transactions?txid=${r.txid}`}>
              {t("masternodes.rewards.atBlock", { height: formatCount(r.height) })}
            </a>
          </li>
        ))}
      </ol>
    </div>
  );
}
