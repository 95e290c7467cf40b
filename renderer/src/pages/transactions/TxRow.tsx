// One history row: direction, label or kind, when, the signed amount and the live status chip.
import { t } from "../../i18n/index.js";
import { useSettings } from "../../store/settings.js";
import { Amount, formatCount, formatDateTime, StatusChip } from "../../ui/index.js";
import { direction, type TxRowData, txStatus } from "./tx.js";

const KIND_KEY = {
  sent: "wallet.tx.sent",
  received: "wallet.tx.received",
  masternode: "wallet.tx.reward",
  self: "wallet.tx.self",
} as const;

const ARROW = { sent: "↑", received: "↓", masternode: "★", self: "↻" } as const;

export function TxRow({ tx, onOpen }: { readonly tx: TxRowData; readonly onOpen?: (txid: string) => void }) {
  const kind = direction(tx);
  const hidden = useSettings((st) => st.hideBalances);
  const title = tx.label.length > 0 ? tx.label : t(KIND_KEY[kind]);
  const content = (
    <>
      <span className={`tx-icon tx-icon-${kind}`} aria-hidden="true">
        {ARROW[kind]}
      </span>
      <span className="tx-main">
        <span className="tx-title">{title}</span>
        <span className="tx-sub small muted">
          {tx.time !== null
            ? formatDateTime(tx.time)
            : tx.blockheight !== null
              ? t("wallet.tx.inBlock", { height: formatCount(tx.blockheight) })
              : t("wallet.tx.unknownTime")}
        </span>
      </span>
      <Amount value={tx.amount} signed className="tx-amount" />
      <span className="tx-chip">
        <StatusChip status={txStatus(tx)} />
      </span>
    </>
  );
  if (onOpen === undefined) return <div className="tx-row">{content}</div>;
  return (
    <div className="tx-row tx-row-button">
      <button
        type="button"
        className="tx-open"
        onClick={() => onOpen(tx.txid)}
        aria-label={t("wallet.tx.open", { title, amount: hidden ? t("common.hidden") : tx.amount })}
      />
      {content}
    </div>
  );
}
