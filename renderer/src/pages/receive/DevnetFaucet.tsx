// Devnet coins on the Receive page: shown only when the node says it can pay from the devnet faucet
// (getnetworkinfo `faucet`), it pays the address on screen and says what happens next. Nothing like it
// exists on testnet or mainnet: the node refuses the method there.
import { type FormEvent, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { useCall } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { Button, Card, ErrorMessage, Field, formatSats, parseAmount, shortId } from "../../ui/index.js";

/** Enough for a Bronze masternode's collateral with room for payments. */
const DEFAULT_AMOUNT = "1100";
/** The faucet's own cap per request (node-core/api/faucet.ts). */
const MAX_FAUCET_SATS = 100_000n * 100_000_000n;

export function DevnetFaucet({ address }: { readonly address: string | null }) {
  const info = useCall("getnetworkinfo", {});
  const [amountText, setAmountText] = useState(DEFAULT_AMOUNT);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  if (info.data?.faucet !== true) return null;

  const parsed = parseAmount(amountText);
  const tooMuch = parsed.ok && parsed.sats > MAX_FAUCET_SATS;
  const message =
    amountText.trim().length === 0 || parsed.ok
      ? tooMuch
        ? { kind: "error" as const, text: t("wallet.receive.faucet.tooMuch") }
        : null
      : { kind: "error" as const, text: t("wallet.send.errors.amountFormat") };

  const request = async (event: FormEvent) => {
    event.preventDefault();
    if (address === null || !parsed.ok || tooMuch) return;
    setBusy(true);
    setError(null);
    setSent(null);
    const outcome = await bridge.call("faucet", { address, amount: formatSats(parsed.sats) });
    setBusy(false);
    if (outcome.ok) setSent(outcome.result);
    else setError(outcome.error);
  };

  return (
    <Card tight>
      <form className="stack-sm" onSubmit={(event) => void request(event)}>
        <h2 className="receive-label">{t("wallet.receive.faucet.title")}</h2>
        <p className="small muted">{t("wallet.receive.faucet.hint")}</p>
        <div className="row receive-label-form">
          <Field
            label={t("wallet.receive.faucet.amount")}
            inputMode="decimal"
            mono
            value={amountText}
            autoComplete="off"
            onChange={(event) => setAmountText(event.target.value)}
            message={message}
          />
          <Button type="submit" busy={busy} disabled={address === null || !parsed.ok || tooMuch}>
            {t("wallet.receive.faucet.get")}
          </Button>
        </div>
        {sent !== null && (
          <p className="small" role="status">
            {t("wallet.receive.faucet.sent", { txid: shortId(sent, 10) })}
          </p>
        )}
        <ErrorMessage error={error} />
      </form>
    </Card>
  );
}
