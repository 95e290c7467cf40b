// "Request a payment" on the Receive page: an amount and a message turn the address into a payment request
// URI (timecoin:…?amount=…), which the QR code then shows and "Copy payment request" copies; a wallet that
// reads it fills in the address and amount for its user to confirm.
import { useEffect, useState } from "react";
import { t } from "../../i18n/index.js";
import { CopyButton, Field, formatPaymentUri, formatSatsPlain, parseAmount } from "../../ui/index.js";

/** The request's URI, or null while it asks for nothing beyond the address. */
export function requestUri(address: string, amountText: string, message: string): string | null {
  const amount = parseAmount(amountText);
  const trimmed = message.trim();
  if (!amount.ok && trimmed.length === 0) return null;
  return formatPaymentUri({
    address,
    ...(amount.ok ? { amount: formatSatsPlain(amount.sats) } : {}),
    ...(trimmed.length > 0 ? { message: trimmed } : {}),
  });
}

export function PaymentRequestFields({
  address,
  onUri,
}: {
  readonly address: string | null;
  readonly onUri: (uri: string | null) => void;
}) {
  const [amountText, setAmountText] = useState("");
  const [message, setMessage] = useState("");
  const amount = parseAmount(amountText);
  const amountProblem = amountText.trim().length > 0 && !amount.ok;
  const uri = address === null || amountProblem ? null : requestUri(address, amountText, message);
  useEffect(() => onUri(uri), [uri, onUri]);
  return (
    <details className="receive-request">
      <summary>{t("wallet.receive.request.title")}</summary>
      <div className="stack-sm">
        <Field
          label={t("wallet.receive.request.amount")}
          inputMode="decimal"
          mono
          value={amountText}
          autoComplete="off"
          onChange={(event) => {
            setAmountText(event.target.value);
          }}
          message={amountProblem ? { kind: "error", text: t("wallet.receive.request.badAmount") } : null}
        />
        <Field
          label={t("wallet.receive.request.message")}
          value={message}
          maxLength={256}
          onChange={(event) => {
            setMessage(event.target.value);
          }}
          hint={t("wallet.receive.request.messageHint")}
        />
        {uri !== null && (
          <div className="stack-sm">
            <Field label={t("wallet.receive.request.uri")} mono readOnly value={uri} />
            <div className="row">
              <CopyButton text={uri} label={t("wallet.receive.request.copy")} />
            </div>
          </div>
        )}
      </div>
    </details>
  );
}
