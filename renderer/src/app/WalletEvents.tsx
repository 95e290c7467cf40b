// Listens to the current wallet's events: refreshes the session (balances, lock), bumps the revision the
// pages re-read on, and raises toasts for a payment received, a transaction final, and a rejection.
import { useRef } from "react";
import { useEvent } from "../bridge/hooks.js";
import { bridge } from "../bridge/index.js";
import { t } from "../i18n/index.js";
import { useSession } from "../store/session.js";
import { useToasts } from "../store/toasts.js";
import { formatLatency, toSats } from "../ui/index.js";

export function WalletEvents() {
  const announced = useRef(new Set<string>());
  const mine = (wallet: string) => wallet === useSession.getState().current;
  useEvent("wallet:balanceChanged", ({ wallet }) => {
    if (!mine(wallet)) return;
    useSession.getState().bump();
    void useSession.getState().refreshInfo();
  });
  useEvent("wallet:lockChanged", ({ wallet, locked }) => {
    if (!mine(wallet)) return;
    if (locked) useSession.getState().setViewLocked(false);
    void useSession.getState().refreshInfo();
  });
  useEvent("wallet:scanProgress", ({ wallet, done }) => {
    if (mine(wallet) && done) void useSession.getState().refreshInfo();
  });
  useEvent("wallet:transactionStatusChanged", ({ wallet, txid, status, previous }) => {
    if (!mine(wallet)) return;
    useSession.getState().bump();
    const push = useToasts.getState().push;
    if (previous === null && !announced.current.has(`recv:${txid}`)) {
      announced.current.add(`recv:${txid}`);
      void bridge.call("gettransaction", { txid, wallet_name: wallet }).then((outcome) => {
        if (!outcome.ok || outcome.result.category === "send" || toSats(outcome.result.amount) <= 0n) return;
        const key = outcome.result.category === "generate" ? "common.toast.reward" : "common.toast.received";
        push(t(key, { amount: outcome.result.amount }), "success");
      });
    }
    if (status.state === "final" && previous?.state !== "final" && !announced.current.has(`final:${txid}`)) {
      announced.current.add(`final:${txid}`);
      push(
        status.finalMs === null
          ? t("common.toast.finalNoLatency")
          : t("common.toast.final", { latency: formatLatency(status.finalMs) }),
        "success",
      );
    }
    if (status.state === "rejected" && previous?.state !== "rejected") {
      push(t("common.toast.rejected", { reason: status.reason ?? "" }), "danger");
    }
  });
  return null;
}
