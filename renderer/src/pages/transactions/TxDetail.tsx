// The detail drawer of one transaction: txid with copy, amounts, fee, status with its reason, the
// finality timeline (seen → voting → final → block) with times, block height, confirmations and label; for
// an outgoing send that is not final, why, and the way out (SendRecovery: Abandon, Send again).
import { t } from "../../i18n/index.js";
import {
  Amount,
  CopyButton,
  chipView,
  Drawer,
  formatCount,
  formatDateTime,
  formatLatency,
  StatusChip,
} from "../../ui/index.js";
import { offersRecovery } from "./recovery.js";
import { SendRecovery } from "./SendRecovery.js";
import { type TxRowData, txStatus } from "./tx.js";

export function TxDetail({
  tx,
  onClose,
  onChanged,
}: {
  readonly tx: TxRowData;
  readonly onClose: () => void;
  /** The drawer changed the wallet (a send abandoned): the list reads itself again. */
  readonly onChanged: () => void;
}) {
  const status = txStatus(tx);
  const view = chipView(status);
  const rejected = status.state === "rejected";
  const votingDone = status.state === "final" || status.state === "voting" || rejected;
  const finalAt = tx.time !== null && tx.final_ms !== null ? tx.time + tx.final_ms : null;
  return (
    <Drawer title={t("wallet.transactions.detail")} onClose={onClose}>
      <dl className="detail-list">
        <dt>{t("wallet.transactions.status")}</dt>
        <dd>
          <StatusChip status={status} />
          {view.label !== view.text && <div className="small muted">{view.label}</div>}
        </dd>
        <dt>{t("wallet.transactions.amount")}</dt>
        <dd>
          <Amount value={tx.amount} signed />
        </dd>
        <dt>{t("wallet.transactions.fee")}</dt>
        <dd>{tx.fee === null ? t("common.none") : <Amount value={tx.fee} />}</dd>
        <dt>{t("wallet.transactions.block")}</dt>
        <dd>
          {tx.blockheight === null ? t("wallet.transactions.notInBlock") : `#${formatCount(tx.blockheight)}`}
        </dd>
        <dt>{t("wallet.transactions.confirmations")}</dt>
        <dd>{formatCount(tx.confirmations)}</dd>
        <dt>{t("wallet.transactions.label")}</dt>
        <dd>
          {tx.label.length > 0 ? tx.label : <span className="muted">{t("wallet.transactions.noLabel")}</span>}
        </dd>
        <dt>{t("wallet.send.txid")}</dt>
        <dd>
          <div className="mono small break">{tx.txid}</div>
          <CopyButton size="small" text={tx.txid} label={t("wallet.transactions.copyTxid")} />
        </dd>
      </dl>
      <h3>{t("wallet.transactions.timeline")}</h3>
      <ol className="timeline">
        <li data-done="true">
          {t("wallet.transactions.seen")}
          <div className="small muted">{tx.time === null ? t("common.none") : formatDateTime(tx.time)}</div>
        </li>
        <li data-done={votingDone}>
          {t("wallet.transactions.voting")}
          {status.state === "voting" && (
            <div className="small muted">
              {status.confidence}/{status.beta}
            </div>
          )}
        </li>
        {rejected ? (
          <li data-bad="true">
            {t("wallet.transactions.rejectedStep")}
            <div className="small muted">{view.label}</div>
          </li>
        ) : (
          <>
            <li data-done={status.state === "final"}>
              {t("wallet.transactions.final")}
              {tx.final_ms !== null && (
                <div className="small muted">
                  {formatLatency(tx.final_ms)}
                  {finalAt !== null && ` · ${formatDateTime(finalAt)}`}
                </div>
              )}
            </li>
            <li data-done={tx.blockheight !== null}>
              {t("wallet.transactions.inBlock")}
              {tx.blockheight !== null && <div className="small muted">#{formatCount(tx.blockheight)}</div>}
            </li>
          </>
        )}
      </ol>
      {offersRecovery(tx) && <SendRecovery txid={tx.txid} onChanged={onChanged} />}
    </Drawer>
  );
}
