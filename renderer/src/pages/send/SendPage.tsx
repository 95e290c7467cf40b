// Send: recipient (validated as you type, look-alike warning), amount with Max, the fee (the network
// minimum, or a chosen rate under Advanced), a label, the
// coins chosen on the Coins page if any; Review (the node's own plan: inputs, outputs, change, fee, size);
// Send (asking the password when locked) spends exactly the reviewed inputs; then the payment followed
// live on the same screen until it is final.
import { type FormEvent, useEffect, useMemo, useState } from "react";
import type { ApiFailure, ApiResult } from "../../../../electron/contract.js";
import { parseRoute } from "../../app/route.js";
import { syncView } from "../../app/sync.js";
import { useCall } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { knownRecipients, rememberRecipient } from "../../store/recipients.js";
import { useSession, useWalletName } from "../../store/session.js";
import { requestUnlock } from "../../store/unlock.js";
import { useWalletCall } from "../../store/wallet-data.js";
import {
  Amount,
  Button,
  Card,
  CopyButton,
  chipView,
  ErrorMessage,
  Field,
  type FieldMessage,
  formatSats,
  formatSatsPlain,
  isPaymentUri,
  type PaymentRequest,
  type PaymentUriProblem,
  parseAmount,
  parsePaymentUri,
  StatusChip,
  shortId,
  toSats,
} from "../../ui/index.js";
import { coinControlInputs } from "./coin-control.js";
import { typicalFee } from "./estimate.js";
import { MAX_FEE_RATE, MIN_FEE_RATE, parseFeeRate } from "./fee-rate.js";
import { findLookAlike } from "./look-alike.js";
import { type SendPreview, usePreview } from "./usePreview.js";
import { useTxFollow } from "./useTxFollow.js";
import "./send.css";

type Validation = ApiResult<"validateaddress">;

function useAddressCheck(address: string): Validation | null {
  const [result, setResult] = useState<Validation | null>(null);
  useEffect(() => {
    setResult(null);
    const text = address.trim();
    if (text.length === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      void bridge.call("validateaddress", { address: text }).then((outcome) => {
        if (live && outcome.ok) setResult(outcome.result);
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [address]);
  return result;
}

function amountMessage(text: string, spendable: bigint | null, subtractFee: boolean): FieldMessage {
  if (text.trim().length === 0) return null;
  const parsed = parseAmount(text);
  if (!parsed.ok) {
    const key = {
      empty: "amountEmpty",
      format: "amountFormat",
      decimals: "amountDecimals",
      zero: "amountZero",
    } as const;
    return { kind: "error", text: t(`wallet.send.errors.${key[parsed.problem]}`) };
  }
  if (spendable !== null && parsed.sats > spendable && !subtractFee)
    return { kind: "error", text: t("wallet.send.errors.amountTooHigh") };
  if (spendable !== null && subtractFee && parsed.sats > spendable)
    return { kind: "error", text: t("wallet.send.errors.amountTooHigh") };
  return null;
}

function initialQuery() {
  return parseRoute(window.location.hash, ["send"], "send").query;
}

export function SendPage() {
  const wallet = useWalletName();
  const [query] = useState(initialQuery);
  // A payment request (pasted, or #/send?uri=…) fills the form; its message is shown beside it.
  const [fromUri] = useState(() => {
    const uri = query.get("uri");
    return uri === null ? null : parsePaymentUri(uri);
  });
  const requested = fromUri?.ok === true ? fromUri.request : null;
  const [address, setAddress] = useState(requested?.address ?? query.get("to") ?? "");
  const [amountText, setAmountText] = useState(requested?.amount ?? query.get("amount") ?? "");
  const [label, setLabel] = useState(requested?.label ?? "");
  const [paymentRequest, setPaymentRequest] = useState<PaymentRequest | null>(requested);
  const [requestProblem, setRequestProblem] = useState<PaymentUriProblem | null>(
    fromUri?.ok === false ? fromUri.problem : null,
  );
  const [subtractFee, setSubtractFee] = useState(false);
  const [feeRateText, setFeeRateText] = useState("");
  const [reviewing, setReviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [txid, setTxid] = useState<string | null>(null);
  const [sentSats, setSentSats] = useState(0n);
  const [chosenCoins, setChosenCoins] = useState(() =>
    (query.get("coins") ?? "").split(",").filter((c) => c.length > 0),
  );

  const balances = useWalletCall("getbalances", {});
  const addresses = useWalletCall("listaddresses", {});
  const book = useWalletCall("listaddressbook", {});
  const chain = useCall("getblockchaininfo", {}, { refreshMs: 10_000 });
  const locked = useSession((s) => s.info?.locked ?? true);
  const check = useAddressCheck(address);
  const follow = useTxFollow(wallet, txid);

  const spendable = balances.data === undefined ? null : toSats(balances.data.spendable);
  const syncing = chain.data !== undefined && syncView(chain.data.blocks, chain.data.headers).syncing;
  const known = useMemo(
    () => [
      ...knownRecipients(wallet),
      ...(addresses.data ?? []).map((a) => a.address),
      ...(book.data ?? []).map((entry) => entry.address),
    ],
    [wallet, addresses.data, book.data],
  );
  const lookAlike = check?.isvalid === true ? findLookAlike(address, known) : null;

  const addressMessage: FieldMessage =
    address.trim().length === 0
      ? null
      : check === null
        ? { kind: "ok", text: t("wallet.send.checking") }
        : check.isvalid
          ? lookAlike !== null
            ? { kind: "warning", text: t("wallet.send.lookAlike", { known: lookAlike }) }
            : { kind: "ok", text: t("wallet.send.valid", { network: check.network ?? "" }) }
          : { kind: "error", text: t("wallet.send.errors.badAddress", { reason: check.error ?? "" }) };
  const amountMsg = amountMessage(amountText, spendable, subtractFee);
  const parsed = parseAmount(amountText);
  const coinsValid = coinControlInputs(chosenCoins) !== null;
  const feeRate = parseFeeRate(feeRateText);
  const feeRateMsg: FieldMessage = feeRate.ok
    ? null
    : {
        kind: "error",
        text: t(`wallet.send.errors.feeRate.${feeRate.problem}`, { min: MIN_FEE_RATE, max: MAX_FEE_RATE }),
      };
  const chosenRate = feeRate.ok ? feeRate.rate : null;
  const ready =
    check?.isvalid === true && parsed.ok && amountMsg === null && !syncing && coinsValid && feeRate.ok;
  const { preview, error: previewError } = usePreview(
    ready && parsed.ok
      ? {
          wallet,
          address: address.trim(),
          amount: formatSats(parsed.sats),
          subtractFee,
          coins: chosenCoins,
          feeRate: chosenRate,
        }
      : null,
    balances.data,
  );
  const canReview = ready && preview !== null;

  const setMax = () => {
    if (spendable === null) return;
    setAmountText(formatSatsPlain(spendable));
    setSubtractFee(true);
  };

  const send = async () => {
    if (!parsed.ok || preview === null) return;
    setBusy(true);
    setError(null);
    if (locked && !(await requestUnlock())) {
      setBusy(false);
      return;
    }
    const request = () =>
      bridge.call("sendtoaddress", {
        address: address.trim(),
        amount: formatSats(parsed.sats),
        subtractfeefromamount: subtractFee,
        wallet_name: wallet,
        // Exactly the reviewed coins: what was shown is what is signed (a coin spent meanwhile is refused).
        inputs: reviewedInputs(preview),
        ...(chosenRate === null ? {} : { fee_rate: chosenRate }),
        ...(label.trim().length > 0 ? { comment: label.trim() } : {}),
      });
    let outcome = await request();
    // The node may have locked the wallet between the check and the call (its idle timeout): ask once more.
    if (!outcome.ok && outcome.error.code === "API_WALLET_UNLOCK_NEEDED" && (await requestUnlock()))
      outcome = await request();
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    rememberRecipient(wallet, address.trim());
    setSentSats(toSats(preview.sent));
    setTxid(outcome.result);
  };

  const reset = () => {
    setTxid(null);
    setReviewing(false);
    setAddress("");
    setAmountText("");
    setLabel("");
    setSubtractFee(false);
    setFeeRateText("");
    setError(null);
    setPaymentRequest(null);
    setRequestProblem(null);
  };

  if (txid !== null) {
    const status = follow.status;
    return (
      <div className="page-narrow stack">
        <h1>{t("wallet.send.following")}</h1>
        <Card className="stack">
          <div className="row-between">
            <Amount value={formatSats(sentSats)} className="send-follow-amount" alwaysShow />
            {status !== null && <StatusChip status={status} />}
          </div>
          <div className="small">
            <span className="muted">{t("wallet.send.to")}: </span>
            <span className="mono break">{address.trim()}</span>
          </div>
          <div className="row small">
            <span className="muted">{t("wallet.send.txid")}:</span>
            <span className="mono">{shortId(txid, 12)}</span>
            <CopyButton size="small" text={txid} />
          </div>
          <p className="small muted">
            {status === null
              ? t("wallet.send.waitingNote")
              : status.state === "pending" || status.state === "voting" || status.state === "unknown"
                ? status.reason === null
                  ? t("wallet.send.waitingNote")
                  : chipView(status).label
                : status.state === "rejected"
                  ? t("wallet.send.rejectedNote")
                  : t("wallet.send.finalNote")}
          </p>
          <ErrorMessage error={follow.error} />
        </Card>
        <div className="row">
          <Button variant="primary" onClick={reset}>
            {t("wallet.send.another")}
          </Button>
          <a className="button" href={`#/transactions?txid=${txid}`}>
            {t("wallet.send.inHistory")}
          </a>
        </div>
      </div>
    );
  }

  if (reviewing && preview !== null) {
    return (
      <div className="page-narrow stack">
        <h1>{t("wallet.send.reviewTitle")}</h1>
        <Card className="stack">
          <dl className="review-list">
            <dt>{t("wallet.send.to")}</dt>
            <dd className="mono break">{address.trim()}</dd>
            <dt>{t("wallet.send.amount")}</dt>
            <dd>
              <Amount value={preview.sent} alwaysShow />
            </dd>
            {label.trim().length > 0 && (
              <>
                <dt>{t("wallet.send.label")}</dt>
                <dd>{label.trim()}</dd>
              </>
            )}
            {paymentRequest?.message !== undefined && paymentRequest.address === address.trim() && (
              <>
                <dt>{t("wallet.send.request.message")}</dt>
                <dd>{paymentRequest.message}</dd>
              </>
            )}
            <dt>{t("wallet.send.feeLine")}</dt>
            <dd>
              <Amount value={preview.fee} alwaysShow />
              <span className="small muted">
                {" "}
                · {t("wallet.send.size", { size: preview.size, rate: preview.feeRate })}
              </span>
            </dd>
            <dt>{t("wallet.send.total")}</dt>
            <dd>
              <Amount value={formatSats(toSats(preview.sent) + toSats(preview.fee))} alwaysShow />
            </dd>
          </dl>
          <div className="review-columns">
            <section>
              <h3>{t("wallet.send.inputs")}</h3>
              <ul className="review-io">
                {preview.inputs.map((input) => (
                  <li key={input.outpoint}>
                    <span className="mono small">{shortOutpoint(input.outpoint)}</span>
                    <Amount value={input.amount} alwaysShow />
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h3>{t("wallet.send.outputs")}</h3>
              <ul className="review-io">
                {preview.outputs.map((output, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: outputs are positional in the transaction
                  <li key={index}>
                    {output.isChange ? (
                      <span className="small">
                        {t("wallet.send.change")}{" "}
                        <span className="mono muted">({shortId(output.address, 8)})</span>
                      </span>
                    ) : (
                      <span className="mono small">{shortId(output.address, 8)}</span>
                    )}
                    <Amount value={output.amount} alwaysShow />
                  </li>
                ))}
              </ul>
            </section>
          </div>
          <p className="small muted">{t("wallet.send.reviewExact")}</p>
          {locked && <p className="small field-warning">{t("wallet.send.unlockNeeded")}</p>}
          <ErrorMessage error={error} />
        </Card>
        <div className="row">
          <Button variant="primary" size="large" busy={busy} onClick={() => void send()}>
            {busy ? t("wallet.send.sending") : t("wallet.send.send")}
          </Button>
          <Button variant="ghost" onClick={() => setReviewing(false)} disabled={busy}>
            {t("wallet.send.edit")}
          </Button>
        </div>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canReview) {
      setError(null);
      setReviewing(true);
    }
  };
  // A request arrives whole (pasted, dropped, filled in: any change but one character typed or deleted) or
  // is read when the field is left: one typed by hand is not cut down at the first character after "timecoin:".
  const takeRecipient = (text: string, whole: boolean) => {
    if (!isPaymentUri(text) || !whole) {
      setRequestProblem(null);
      setAddress(text);
      return;
    }
    const parsed = parsePaymentUri(text);
    if (!parsed.ok) {
      setRequestProblem(parsed.problem);
      setAddress(text.trim());
      return;
    }
    setRequestProblem(null);
    setPaymentRequest(parsed.request);
    setAddress(parsed.request.address);
    if (parsed.request.amount !== undefined) {
      setAmountText(parsed.request.amount);
      setSubtractFee(false);
    }
    if (parsed.request.label !== undefined) setLabel(parsed.request.label);
  };

  return (
    <div className="page-narrow">
      <h1>{t("wallet.send.title")}</h1>
      <form className="stack card" onSubmit={submit}>
        <Field
          label={t("wallet.send.recipient")}
          hint={t("wallet.send.recipientHint")}
          mono
          value={address}
          spellCheck={false}
          autoComplete="off"
          maxLength={4096}
          onChange={(event) =>
            takeRecipient(event.target.value, Math.abs(event.target.value.length - address.length) !== 1)
          }
          onBlur={() => {
            if (isPaymentUri(address)) takeRecipient(address, true);
          }}
          message={
            requestProblem !== null
              ? { kind: "error", text: t(`wallet.send.request.${requestProblem}`) }
              : addressMessage
          }
        />
        {paymentRequest !== null && paymentRequest.address === address.trim() && (
          <p className="small muted send-request-note" role="note">
            {t("wallet.send.request.filled")}
            {paymentRequest.message !== undefined &&
              ` ${t("wallet.send.request.says", { message: paymentRequest.message })}`}
          </p>
        )}
        <Field
          label={t("wallet.send.amount")}
          inputMode="decimal"
          mono
          value={amountText}
          autoComplete="off"
          onChange={(event) => {
            setAmountText(event.target.value);
            setSubtractFee(false);
          }}
          hint={
            balances.data === undefined ? undefined : (
              <span>{t("wallet.send.available", { amount: balances.data.spendable })}</span>
            )
          }
          message={amountMsg}
          addon={
            <Button onClick={setMax} disabled={spendable === null || spendable === 0n}>
              {t("wallet.send.max")}
            </Button>
          }
        />
        <div className="small muted">
          {preview === null
            ? t("wallet.send.fee", { fee: typicalFee() })
            : chosenRate === null
              ? t("wallet.send.feeExact", { fee: preview.fee, size: preview.size })
              : t("wallet.send.feeChosen", { fee: preview.fee, size: preview.size, rate: chosenRate })}
        </div>
        {ready && <ErrorMessage error={previewError} />}
        <details>
          <summary className="small">{t("wallet.send.advanced")}</summary>
          <label className="checkbox small gate-secondary">
            <input
              type="checkbox"
              checked={subtractFee}
              onChange={(event) => setSubtractFee(event.target.checked)}
            />
            {t("wallet.send.subtractFee")}
          </label>
          <Field
            label={t("wallet.send.feeRate")}
            hint={t("wallet.send.feeRateHint", { min: MIN_FEE_RATE })}
            inputMode="numeric"
            mono
            value={feeRateText}
            placeholder={String(MIN_FEE_RATE)}
            autoComplete="off"
            maxLength={8}
            onChange={(event) => setFeeRateText(event.target.value)}
            message={feeRateMsg}
          />
        </details>
        <Field
          label={t("wallet.send.label")}
          hint={t("wallet.send.labelHint")}
          value={label}
          maxLength={1024}
          onChange={(event) => setLabel(event.target.value)}
        />
        {chosenCoins.length > 0 && (
          <div className="row small">
            <span className={coinsValid ? "muted" : "field-error"}>
              {coinsValid
                ? t("wallet.send.coinsNotice", { count: chosenCoins.length })
                : t("wallet.send.coinsBad")}
            </span>
            <Button size="small" variant="ghost" onClick={() => setChosenCoins([])}>
              {t("wallet.send.coinsClear")}
            </Button>
          </div>
        )}
        {syncing && <p className="field-warning">{t("wallet.send.errors.syncing")}</p>}
        <ErrorMessage error={balances.error} />
        <div className="row">
          <Button type="submit" variant="primary" size="large" disabled={!canReview}>
            {t("wallet.send.review")}
          </Button>
        </div>
      </form>
    </div>
  );
}

/** The reviewed plan's inputs as sendtoaddress's coin control. */
function reviewedInputs(preview: SendPreview): { txid: string; vout: number }[] {
  return preview.inputs.map((input) => {
    const [txid, vout] = input.outpoint.split(":");
    return { txid: txid as string, vout: Number(vout) };
  });
}

function shortOutpoint(outpoint: string): string {
  const [txid, vout] = outpoint.split(":");
  return `${shortId(txid as string, 6)}:${vout}`;
}
