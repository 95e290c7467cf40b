// Follows one transaction until it settles: wallet:transactionStatusChanged moves the chip at once, and
// gettransaction (the truth) is re-read on the node's finality and block events for it.
import { useCallback, useEffect, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { statusOfEvent, statusOfRow, type TxStatus } from "../../ui/index.js";

export function useTxFollow(
  wallet: string,
  txid: string | null,
): { readonly status: TxStatus | null; readonly error: ApiFailure | null } {
  const [status, setStatus] = useState<TxStatus | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const reread = useCallback(() => {
    if (txid === null) return;
    void bridge.call("gettransaction", { txid, wallet_name: wallet }).then((outcome) => {
      if (outcome.ok) {
        setStatus(statusOfRow(outcome.result));
        setError(null);
      } else if (outcome.error.code !== "API_NOT_FOUND") {
        setError(outcome.error);
      }
    });
  }, [wallet, txid]);
  useEffect(() => {
    setStatus(null);
    reread();
  }, [reread]);
  useEvent("wallet:transactionStatusChanged", (p) => {
    if (p.wallet === wallet && p.txid === txid) setStatus(statusOfEvent(p.status));
  });
  useEvent("snowball:final", (p) => {
    if (p.txid === txid) reread();
  });
  useEvent("snowball:rejected", (p) => {
    if (p.txid === txid) reread();
  });
  useEvent("chain:block", (p) => {
    if (txid !== null && p.txids.includes(txid)) reread();
  });
  return { status, error };
}
