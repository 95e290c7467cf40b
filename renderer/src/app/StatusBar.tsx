// The top status bar, always visible: sync, peers, tip height with its age, the last finality latency and
// the lock state; each part opens the Network page.
import { useEffect, useState } from "react";
import { useCall, useEvent } from "../bridge/hooks.js";
import { t } from "../i18n/index.js";
import { useSession } from "../store/session.js";
import { epochMs, formatAge, formatCount, formatLatency, ProgressBar } from "../ui/index.js";
import { syncView } from "./sync.js";

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function StatusBar() {
  const chain = useCall("getblockchaininfo", {}, { refreshMs: 5_000 });
  const peers = useCall("getconnectioncount", {}, { refreshMs: 5_000 });
  const [lastFinalMs, setLastFinalMs] = useState<number | null>(null);
  // Unknown until getwalletinfo answers: the lock part waits rather than saying "Locked".
  const locked = useSession((s) => (s.info === null ? null : s.info.locked));
  const now = useNow(1_000);
  useEvent("chain:block", () => chain.refresh());
  useEvent("snowball:final", ({ finalMs }) => {
    if (finalMs !== null) setLastFinalMs(finalMs);
  });
  // A node that does not vote learns finality from its wallet's view of the transaction.
  useEvent("wallet:transactionStatusChanged", ({ status }) => {
    if (status.state === "final" && status.finalMs !== null) setLastFinalMs(status.finalMs);
  });
  const info = chain.data;
  const sync = info === undefined ? null : syncView(info.blocks, info.headers);
  const peerCount = peers.data;
  return (
    <div className="statusbar" role="status" aria-label={t("common.status.region")}>
      <a href="#/network" className="status-part" title={t("common.status.openNetwork")}>
        {sync === null ? (
          t("common.status.syncUnknown")
        ) : sync.syncing ? (
          <span className="status-sync">
            {t("common.status.syncing", { percent: sync.percent })}
            <ProgressBar
              label={t("common.status.syncing", { percent: sync.percent })}
              fraction={sync.percent / 100}
            />
          </span>
        ) : (
          <span className="status-ok">{t("common.status.synced")}</span>
        )}
      </a>
      <a href="#/network" className="status-part">
        {peerCount === undefined
          ? t("common.none")
          : peerCount === 1
            ? t("common.status.peersOne")
            : t("common.status.peers", { count: formatCount(peerCount) })}
      </a>
      <a href="#/network" className="status-part mono">
        {info === undefined || info.blocks === 0
          ? t("common.status.tipUnknown")
          : t("common.status.tip", {
              height: formatCount(info.blocks),
              age: formatAge(now - epochMs(info.tiptime)),
            })}
      </a>
      <a href="#/network" className="status-part">
        {lastFinalMs === null
          ? t("common.status.finalityNone")
          : t("common.status.finality", { latency: formatLatency(lastFinalMs) })}
      </a>
      {locked !== null && (
        <a href="#/network" className={`status-part ${locked ? "status-locked" : "status-unlocked"}`}>
          {locked ? t("common.status.lockLocked") : t("common.status.lockUnlocked")}
        </a>
      )}
    </div>
  );
}
