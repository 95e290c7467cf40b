// An amount of TIME in the tabular monospace figure font with its trailing zeros dimmed, or a neutral mask
// when balances are hidden (settings store).
import { t } from "../i18n/index.js";
import { useSettings } from "../store/settings.js";
import { amountParts } from "./amount.js";

export interface AmountProps {
  /** A decimal TIME string from the node. */
  readonly value: string;
  readonly signed?: boolean;
  readonly unit?: boolean;
  readonly className?: string;
  /** Shown even when balances are hidden (what the user is typing or reviewing). */
  readonly alwaysShow?: boolean;
}

export function Amount({ value, signed = false, unit = true, className, alwaysShow = false }: AmountProps) {
  const hide = useSettings((s) => s.hideBalances) && !alwaysShow;
  const classes = ["amount", className ?? ""].join(" ").trim();
  if (hide) {
    return (
      <span className={classes}>
        <span aria-hidden="true">••••••</span>
        <span className="visually-hidden">{t("common.hidden")}</span>
        {unit && <span className="amount-unit">{t("common.unit")}</span>}
      </span>
    );
  }
  let parts: ReturnType<typeof amountParts>;
  try {
    parts = amountParts(value, { signed });
  } catch {
    return <span className={classes}>{t("common.none")}</span>;
  }
  const positive = signed && parts.sign === "+";
  return (
    <span className={[classes, positive ? "amount-positive" : ""].join(" ").trim()}>
      {parts.sign}
      {parts.whole}
      {parts.fraction}
      <span className="amount-dim">{parts.zeros}</span>
      {unit && <span className="amount-unit">{t("common.unit")}</span>}
    </span>
  );
}
