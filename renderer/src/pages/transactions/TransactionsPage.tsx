// Transactions: search, filters (sent / received / masternode / rejected), a virtualized list that stays
// fast for many thousands of rows (the newest 100,000, then older pages on request), the detail drawer
// (also opened by #/transactions?txid=…), CSV export of what is listed.
// Status changes patch rows in place; a transaction the list does not have yet triggers one re-read.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { parseRoute } from "../../app/route.js";
import { useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useWalletName } from "../../store/session.js";
import { useWalletCall } from "../../store/wallet-data.js";
import { Button, downloadText, ErrorMessage, Field, formatCount } from "../../ui/index.js";
import { transactionsCsv } from "./csv.js";
import { LabelTools } from "./LabelTools.js";
import { mayHaveOlder, NO_OLDER, nextSkip, type OlderPages, PAGE_ROWS, withOlderPage } from "./paging.js";
import { TxDetail } from "./TxDetail.js";
import { TxRow } from "./TxRow.js";
import { matchesFilter, matchesSearch, type TxFilter, type TxRowData, withPushedStatus } from "./tx.js";
import { virtualWindow } from "./virtual.js";
import "./transactions.css";

const ROW_HEIGHT = 56;
const FILTERS: readonly TxFilter[] = ["all", "sent", "received", "masternode", "rejected"];

function VirtualList({
  rows,
  onOpen,
}: {
  readonly rows: readonly TxRowData[];
  readonly onOpen: (txid: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const w = virtualWindow(rows.length, ROW_HEIGHT, scrollTop, height);
  return (
    <div
      className="tx-list tx-scroll"
      ref={box}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div style={{ height: w.totalHeight, position: "relative" }}>
        <div style={{ transform: `translateY(${w.offsetTop}px)` }}>
          {rows.slice(w.start, w.end).map((tx) => (
            <TxRow key={tx.txid} tx={tx} onOpen={onOpen} />
          ))}
        </div>
      </div>
    </div>
  );
}

export function TransactionsPage() {
  const wallet = useWalletName();
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState<TxFilter>("all");
  const [selected, setSelected] = useState<string | null>(() =>
    parseRoute(window.location.hash, ["transactions"], "transactions").query.get("txid"),
  );
  const history = useWalletCall("listtransactions", { count: PAGE_ROWS }, { onRevision: false });
  const [newest, setRows] = useState<readonly TxRowData[]>([]);
  const [older, setOlder] = useState<OlderPages<TxRowData>>(NO_OLDER);
  const [olderLoading, setOlderLoading] = useState(false);
  const [olderError, setOlderError] = useState<ApiFailure | null>(null);
  const rows = useMemo(
    () => (older.rows.length === 0 ? newest : [...newest, ...older.rows]),
    [newest, older],
  );
  const pendingReread = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (history.data !== undefined) setRows(history.data);
  }, [history.data]);
  // Another wallet's history starts over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the wallet changes
  useEffect(() => {
    setOlder(NO_OLDER);
    setOlderError(null);
  }, [wallet]);

  const loadOlder = async () => {
    setOlderLoading(true);
    setOlderError(null);
    const outcome = await bridge.call("listtransactions", {
      count: PAGE_ROWS,
      skip: nextSkip(newest.length, older),
      wallet_name: wallet,
    });
    setOlderLoading(false);
    if (outcome.ok) setOlder((current) => withOlderPage(newest, current, outcome.result));
    else setOlderError(outcome.error);
  };

  const reread = () => {
    if (pendingReread.current !== null) return;
    pendingReread.current = setTimeout(() => {
      pendingReread.current = null;
      history.refresh();
    }, 500);
  };
  useEffect(
    () => () => {
      if (pendingReread.current !== null) clearTimeout(pendingReread.current);
    },
    [],
  );
  useEvent("wallet:transactionStatusChanged", (p) => {
    if (p.wallet !== wallet) return;
    const patch = (list: readonly TxRowData[]) => withPushedStatus(list, p.txid, p.status);
    const found = newest.some((tx) => tx.txid === p.txid) || older.rows.some((tx) => tx.txid === p.txid);
    setRows(patch);
    setOlder((pages) => {
      const rows = patch(pages.rows);
      return rows === pages.rows ? pages : { ...pages, rows };
    });
    // A transaction not in the list yet (new, or the state was read before it): read the list again.
    if (!found) reread();
  });
  useEvent("wallet:balanceChanged", (p) => {
    if (p.wallet === wallet) reread();
  });

  const shown = useMemo(
    () => rows.filter((tx) => matchesFilter(tx, filter) && matchesSearch(tx, search)),
    [rows, filter, search],
  );
  const detail = selected === null ? undefined : rows.find((tx) => tx.txid === selected);

  return (
    <div className="transactions">
      <div className="page-header">
        <h1>{t("wallet.transactions.title")}</h1>
        <div className="row">
          <LabelTools onImported={() => history.refresh()} />
          <Button
            onClick={() =>
              downloadText(`${wallet}-transactions.csv`, transactionsCsv(shown), "text/csv;charset=utf-8")
            }
            disabled={shown.length === 0}
          >
            {t("wallet.transactions.exportCsv")}
          </Button>
        </div>
      </div>
      <div className="tx-toolbar">
        <Field
          label={t("wallet.transactions.search")}
          type="search"
          placeholder={t("wallet.transactions.searchPlaceholder")}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <fieldset className="fieldset-plain stack-sm">
          <legend className="field-label">{t("wallet.transactions.filter")}</legend>
          <div className="segmented">
            {FILTERS.map((f) => (
              <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                {t(`wallet.transactions.${f}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <span className="small muted">
          {t("wallet.transactions.count", {
            shown: formatCount(shown.length),
            total: formatCount(rows.length),
          })}
        </span>
      </div>
      <ErrorMessage error={history.error} />
      {history.data !== undefined && rows.length === 0 ? (
        <p className="empty">{t("wallet.transactions.none")}</p>
      ) : shown.length === 0 && history.data !== undefined ? (
        <p className="empty">{t("wallet.transactions.empty")}</p>
      ) : (
        <VirtualList rows={shown} onOpen={setSelected} />
      )}
      {mayHaveOlder(newest.length, older) && (
        <div className="row tx-older">
          <span className="small muted">
            {t("wallet.transactions.olderHint", { count: formatCount(rows.length) })}
          </span>
          <Button busy={olderLoading} onClick={() => void loadOlder()}>
            {t("wallet.transactions.loadOlder")}
          </Button>
        </div>
      )}
      <ErrorMessage error={olderError} />
      {detail !== undefined && (
        <TxDetail tx={detail} onClose={() => setSelected(null)} onChanged={() => history.refresh()} />
      )}
    </div>
  );
}
