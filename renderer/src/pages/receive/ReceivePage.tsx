// Receive: the address to hand out, large, with its QR code, Copy address, New address and a label; below,
// the wallet's addresses with labels and what each received (confirmed chain); on a devnet node that can
// pay from the faucet, devnet coins to the address on screen. A payment request (amount, message) turns the
// QR code into a timecoin: URI.
import { useEffect, useMemo, useState } from "react";
import { encode } from "uqr";
import type { ApiFailure } from "../../../../electron/contract.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useWalletName } from "../../store/session.js";
import { requestUnlock } from "../../store/unlock.js";
import { useWalletCall } from "../../store/wallet-data.js";
import { Amount, Button, Card, CopyButton, ErrorMessage, Field } from "../../ui/index.js";
import { DevnetFaucet } from "./DevnetFaucet.js";
import { PaymentRequestFields } from "./PaymentRequest.js";
import { qrPath } from "./qr-path.js";
import "./receive.css";

const QR_MARGIN = 2;
const MAX_TOTALS = 100;

function QrCode({ text, name }: { readonly text: string; readonly name: string }) {
  const { path, size } = useMemo(() => {
    const qr = encode(text, { ecc: "M" });
    return { path: qrPath(qr.data, QR_MARGIN), size: qr.size + QR_MARGIN * 2 };
  }, [text]);
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={name}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}

function useReceivedTotals(addresses: readonly string[]): ReadonlyMap<string, string> {
  const [totals, setTotals] = useState<ReadonlyMap<string, string>>(new Map());
  const key = addresses.slice(0, MAX_TOTALS).join(",");
  useEffect(() => {
    let live = true;
    const list = key.length === 0 ? [] : key.split(",");
    void Promise.all(list.map((address) => bridge.call("getaddressbalance", { addresses: address }))).then(
      (outcomes) => {
        if (!live) return;
        const next = new Map<string, string>();
        outcomes.forEach((outcome, i) => {
          const address = list[i];
          if (outcome.ok && address !== undefined) next.set(address, outcome.result.received);
        });
        setTotals(next);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  return totals;
}

export function ReceivePage() {
  const wallet = useWalletName();
  const [current, setCurrent] = useState<string | null>(null);
  const [sameNote, setSameNote] = useState(false);
  const [label, setLabel] = useState("");
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [requestUri, setRequestUri] = useState<string | null>(null);
  const list = useWalletCall("listaddresses", {});
  const addresses = list.data ?? [];
  const receiveAddresses = addresses.filter((a) => a.chain === "receive" || a.used);
  const totals = useReceivedTotals(receiveAddresses.map((a) => a.address));

  const fetchAddress = async (announceSame: boolean) => {
    const outcome = await bridge.call("getnewaddress", { wallet_name: wallet });
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setError(null);
    setSameNote(announceSame && outcome.result === current);
    setCurrent(outcome.result);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: fetch once per wallet
  useEffect(() => {
    void fetchAddress(false);
  }, [wallet]);
  useEffect(() => {
    if (current === null) return;
    setLabel(addresses.find((a) => a.address === current)?.label ?? "");
    setSaved(false);
  }, [current, addresses]);

  const saveLabel = async () => {
    if (current === null) return;
    const call = () =>
      bridge.call("setlabel", { address: current, label: label.trim(), wallet_name: wallet });
    let outcome = await call();
    if (!outcome.ok && outcome.error.code === "API_WALLET_UNLOCK_NEEDED" && (await requestUnlock()))
      outcome = await call();
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setError(null);
    setSaved(true);
    list.refresh();
  };

  return (
    <div className="stack receive">
      <h1>{t("wallet.receive.title")}</h1>
      <Card className="receive-card">
        <div className="receive-qr">
          {current !== null && (
            <QrCode
              text={requestUri ?? current}
              name={requestUri === null ? t("wallet.receive.qr") : t("wallet.receive.request.qr")}
            />
          )}
        </div>
        <div className="stack">
          <div>
            <h2 className="receive-label">{t("wallet.receive.current")}</h2>
            <p className="receive-address mono break">{current ?? t("common.loading")}</p>
            <p className="small muted">{t("wallet.receive.currentHint")}</p>
          </div>
          <div className="row">
            <CopyButton
              variant="primary"
              text={current ?? ""}
              label={t("wallet.receive.copy")}
              disabled={current === null}
            />
            <Button onClick={() => void fetchAddress(true)}>{t("wallet.receive.newAddress")}</Button>
          </div>
          {sameNote && <p className="small muted">{t("wallet.receive.sameAddress")}</p>}
          <form
            className="row receive-label-form"
            onSubmit={(event) => {
              event.preventDefault();
              void saveLabel();
            }}
          >
            <Field
              label={t("wallet.receive.label")}
              value={label}
              maxLength={1024}
              onChange={(event) => {
                setLabel(event.target.value);
                setSaved(false);
              }}
              message={saved ? { kind: "ok", text: t("wallet.receive.labelSaved") } : null}
            />
            <Button type="submit" disabled={current === null}>
              {t("wallet.receive.labelSave")}
            </Button>
          </form>
          {/* Keyed by the address: a request belongs to the address it was made for. */}
          {current !== null && <PaymentRequestFields key={current} address={current} onUri={setRequestUri} />}
          <ErrorMessage error={error} />
        </div>
      </Card>
      <DevnetFaucet address={current} />
      <section>
        <h2>{t("wallet.receive.previous")}</h2>
        <ErrorMessage error={list.error} />
        {receiveAddresses.length === 0 ? (
          <p className="empty">{t("wallet.receive.empty")}</p>
        ) : (
          <div className="card card-tight">
            <table className="table">
              <thead>
                <tr>
                  <th>{t("wallet.receive.address")}</th>
                  <th>{t("wallet.receive.label")}</th>
                  <th className="num">{t("wallet.receive.received")}</th>
                </tr>
              </thead>
              <tbody>
                {receiveAddresses.map((a) => (
                  <tr key={a.address}>
                    <td className="mono small break">
                      {a.address}
                      <div className="muted">
                        {a.chain === "change"
                          ? t("wallet.receive.change")
                          : a.used
                            ? t("wallet.receive.used")
                            : t("wallet.receive.unused")}{" "}
                        · {a.path}
                      </div>
                    </td>
                    <td>
                      {a.label.length > 0 ? a.label : <span className="muted">{t("common.none")}</span>}
                    </td>
                    <td className="num">
                      {totals.has(a.address) ? (
                        <Amount value={totals.get(a.address) ?? "0"} />
                      ) : (
                        t("common.none")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
