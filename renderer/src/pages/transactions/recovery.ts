// A stuck or rejected send of ours, as the detail drawer offers to fix it: which rows get the actions, the
// node's explanation (explaintransaction: a problem code with its figures) in the catalog's words, and the
// Send page route "Send again" opens: the same recipient and amount, spending the same coins when they came
// back (so the old and the new send conflict and at most one of them can ever go through).
import type { ApiResult } from "../../../../electron/contract.js";
import { t } from "../../i18n/index.js";
import { toSats } from "../../ui/amount.js";
import type { TxRowData } from "./tx.js";

export type Explained = ApiResult<"explaintransaction">;
export type Abandoned = ApiResult<"abandontransaction">;

/** An outgoing transaction that is not final and in no block: the drawer offers Abandon and Send again. */
export function offersRecovery(
  tx: Pick<TxRowData, "category" | "amount" | "status" | "blockheight">,
): boolean {
  if (tx.category !== "send" || toSats(tx.amount) >= 0n) return false;
  return tx.blockheight === null && tx.status !== "final";
}

const seconds = (ms: number | null) => String(Math.max(0, Math.floor((ms ?? 0) / 1000)));

/** Why it is not final, in the catalog's words. */
export function recoveryText(info: Explained): string {
  const vars = {
    seconds: seconds(info.age_ms),
    conflict: info.conflict ?? "",
    percent: info.percent ?? 0,
    reason: info.reason ?? "",
  };
  switch (info.problem) {
    case "final":
      return t("wallet.transactions.recovery.final");
    case "abandoned":
      return t("wallet.transactions.recovery.abandoned");
    case "lost-to-conflict": {
      const lost =
        info.conflict === null
          ? t("wallet.transactions.recovery.lostToConflict")
          : t("wallet.transactions.recovery.lostTo", vars);
      const coins = info.coins_gone
        ? t("wallet.transactions.recovery.coinsGone")
        : t("wallet.transactions.recovery.coinsBack");
      return `${lost} ${coins}`;
    }
    case "rejected":
      return `${t("wallet.transactions.recovery.rejected", vars)} ${t("wallet.transactions.recovery.coinsBack")}`;
    default: {
      const why = t(`wallet.transactions.recovery.why.${info.problem}`, vars);
      if (!info.stuck) return t("wallet.transactions.recovery.waiting", { ...vars, why });
      return t("wallet.transactions.recovery.stuck", { ...vars, why });
    }
  }
}

/**
 * The Send page route for "Send again": its one recipient and amount, and the coins that are free again
 * (after abandoning) as coin control. Null `route` and a `problem` when it cannot be prefilled.
 */
export function sendAgainRoute(
  info: Explained,
  inputs: Abandoned["inputs"],
): { readonly route: string | null; readonly problem: "severalRecipients" | "noRecipient" | null } {
  const [recipient, ...others] = info.recipients;
  if (recipient === undefined) return { route: null, problem: "noRecipient" };
  if (others.length > 0) return { route: null, problem: "severalRecipients" };
  const query = new URLSearchParams({ to: recipient.address, amount: recipient.amount });
  const free = inputs.filter((input) => input.state === "free").map((input) => `${input.txid}:${input.vout}`);
  // Some coins gone: the new send must choose others, so none are forced (the node picks).
  if (free.length > 0 && !info.coins_gone) query.set("coins", free.join(","));
  return { route: `#/send?${query.toString().replace(/%3A/g, ":").replace(/%2C/g, ",")}`, problem: null };
}
