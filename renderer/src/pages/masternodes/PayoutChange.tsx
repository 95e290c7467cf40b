// "Change payout" of one of the wallet's masternodes: the new address is checked by the node
// (validateaddress) before anything is asked, then confirmed, then sent (masternodesetpayout, a
// payout-change transaction signed by the collateral key) and followed to final like Send does. The
// registry pays the new address from the block after the one that holds the change; masternodeinfo then
// shows it.
import { useEffect, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { useCall, useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { Button, Field, type FieldMessage, isSettled, StatusChip, statusOfRow } from "../../ui/index.js";
import { ErrorNotice } from "../network/ErrorNotice.js";
import { shortId } from "../network/format.js";
import { useWalletParams } from "./wallet-params.js";

type Phase = "edit" | "checking" | "confirm" | "sending";

export function PayoutChange({
  label,
  current,
  headingId,
  onClose,
  onChanged,
}: {
  readonly label: string;
  /** The payout address on the chain now. */
  readonly current: string;
  /** The masternode's heading, which names the form for screen readers. */
  readonly headingId: string;
  readonly onClose: () => void;
  /** Called once the change is final (the caller re-reads masternodeinfo). */
  readonly onChanged: () => void;
}) {
  const walletParams = useWalletParams();
  const [address, setAddress] = useState("");
  const [phase, setPhase] = useState<Phase>("edit");
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [txid, setTxid] = useState<string | null>(null);
  const followed = useCall(
    "gettransaction",
    { txid: txid ?? "0".repeat(64), ...walletParams },
    { refreshMs: 2000, skip: txid === null },
  );
  useEvent("wallet:transactionStatusChanged", (p) => {
    if (p.txid === txid) followed.refresh();
  });
  const status = txid !== null && followed.data !== undefined ? statusOfRow(followed.data) : null;
  // In a block: the registry holds the new address, so masternodeinfo shows it now.
  const inBlock = status !== null && isSettled(status) && status.state === "final";
  useEffect(() => {
    if (inBlock) onChanged();
  }, [inBlock, onChanged]);

  const formId = `${headingId}-payout`;
  const edit = (text: string) => {
    setAddress(text);
    setProblem(null);
    setFailure(null);
    setPhase("edit");
  };

  const review = async () => {
    const text = address.trim();
    if (text.length === 0) {
      setProblem(t("masternodes.payout.empty"));
      return;
    }
    setPhase("checking");
    setFailure(null);
    const checked = await bridge.call("validateaddress", { address: text });
    if (!checked.ok) {
      setPhase("edit");
      setFailure(checked.error);
      return;
    }
    if (!checked.result.isvalid) {
      setPhase("edit");
      setProblem(t("masternodes.payout.badAddress", { reason: checked.result.error ?? "" }));
      return;
    }
    if (text === current || checked.result.address === current) {
      setPhase("edit");
      setProblem(t("masternodes.payout.same"));
      return;
    }
    setPhase("confirm");
  };

  const send = async () => {
    setPhase("sending");
    setFailure(null);
    const outcome = await bridge.call("masternodesetpayout", {
      label,
      payout_address: address.trim(),
      ...walletParams,
    });
    if (outcome.ok) setTxid(outcome.result.txid);
    else {
      setPhase("confirm");
      setFailure(outcome.error);
    }
  };

  if (txid !== null) {
    return (
      <section className="card card-info mn-confirm" aria-labelledby={formId}>
        <h4 id={formId} className="row">
          {t("masternodes.payout.sentTitle", { label })}
          {status !== null && <StatusChip status={status} />}
        </h4>
        <p>
          {t("masternodes.payout.sentBody", { address: shortId(address.trim(), 10), txid: shortId(txid) })}
        </p>
        <p className="muted small" role="status">
          {status?.state === "rejected"
            ? t("masternodes.payout.rejected")
            : inBlock
              ? t("masternodes.payout.inBlock")
              : status?.state === "final"
                ? t("masternodes.payout.final")
                : t("masternodes.payout.waiting")}
        </p>
        {followed.error !== undefined && followed.error.code !== "API_NOT_FOUND" && (
          <ErrorNotice lead={t("masternodes.payout.followError")} error={followed.error} />
        )}
        <Button onClick={onClose}>{t("masternodes.payout.close")}</Button>
      </section>
    );
  }

  const message: FieldMessage =
    problem !== null
      ? { kind: "error", text: problem }
      : phase === "checking"
        ? { kind: "ok", text: t("masternodes.payout.checking") }
        : null;
  return (
    <form
      className="card card-info mn-confirm stack"
      aria-labelledby={formId}
      onSubmit={(e) => {
        e.preventDefault();
        if (phase === "edit") void review();
      }}
    >
      <h4 id={formId}>{t("masternodes.payout.title", { label })}</h4>
      <p>{t("masternodes.payout.intro", { current: shortId(current, 10) })}</p>
      <Field
        label={t("masternodes.payout.address")}
        value={address}
        mono
        spellCheck={false}
        autoComplete="off"
        readOnly={phase === "sending"}
        message={message}
        onChange={(e) => edit(e.target.value)}
      />
      {phase === "confirm" || phase === "sending" ? (
        <div role="alertdialog" aria-labelledby={`${formId}-q`} className="stack">
          <p id={`${formId}-q`}>{t("masternodes.payout.confirmText", { label, address: address.trim() })}</p>
          {failure !== null && <ErrorNotice lead={t("masternodes.payout.error")} error={failure} />}
          <div className="row">
            <Button variant="primary" busy={phase === "sending"} onClick={() => void send()}>
              {t("masternodes.payout.confirm")}
            </Button>
            <Button variant="ghost" onClick={onClose}>
              {t("masternodes.mine.cancel")}
            </Button>
          </div>
        </div>
      ) : (
        <>
          {failure !== null && <ErrorNotice lead={t("masternodes.payout.checkError")} error={failure} />}
          <div className="row">
            <Button type="submit" variant="primary" busy={phase === "checking"}>
              {t("masternodes.payout.review")}
            </Button>
            <Button variant="ghost" onClick={onClose}>
              {t("masternodes.mine.cancel")}
            </Button>
          </div>
        </>
      )}
    </form>
  );
}
