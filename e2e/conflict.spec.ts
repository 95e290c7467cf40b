// A double spend shown as rejected with its reason: the UI's wallet on node 1 and a restored copy of it on
// node 3 spend the same single coin at the same moment. Node 1's pool takes both side by side and Snowball
// picks one; the Transactions page shows the winner "Final" and the loser "Rejected" with the sentence why.
import { expect, test } from "@playwright/test";
import { rpc, until, type WalletTx, walletTx } from "./support/rpc.js";
import { goTo, openWallet, saveScreenshot, statusChip } from "./support/ui.js";
import { createWallet, fund, onlyWalletLoaded, restoreWallet, spendable } from "./support/wallets.js";

test("two conflicting spends of one coin: the loser's row says Rejected with its reason", async ({
  page,
}) => {
  const ui = await createWallet(1, "e2e-conflict");
  await fund(ui, ui.address, "50");
  const copy = await restoreWallet(3, "e2e-conflict-copy", ui.mnemonic);
  await until("the copy's restore scan finds the coin", 60_000, async () =>
    (await spendable(copy)) === "50" ? true : null,
  );
  const payee = await createWallet(2, "e2e-conflict-payee");

  await rpc(1, "walletpassphrase", { passphrase: ui.password, timeout: 300, wallet_name: ui.name });
  await rpc(3, "walletpassphrase", { passphrase: copy.password, timeout: 300, wallet_name: copy.name });
  // The same moment: both requests leave together; each spends the wallet's one 50 TIME coin.
  const sends = await Promise.allSettled([
    rpc<string>(1, "sendtoaddress", { address: payee.address, amount: "30", wallet_name: ui.name }),
    rpc<string>(3, "sendtoaddress", { address: payee.address, amount: "40", wallet_name: copy.name }),
  ]);
  const txids = sends.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  expect(txids.length, `both spends admitted (${sends.map((s) => s.status).join(", ")})`).toBe(2);

  // Node 1's wallet learns both (its own and the copy's, relayed) and sees each decided.
  const decided = await Promise.all(
    txids.map((txid) =>
      until(`spend ${txid.slice(0, 12)}… decided in the UI's wallet`, 30_000, async () => {
        const tx = await walletTx(1, ui.name, txid);
        return tx?.status === "final" || tx?.status === "rejected" ? tx : null;
      }),
    ),
  );
  const loser = decided.find((tx) => tx.status === "rejected") as WalletTx | undefined;
  expect(
    decided.filter((tx) => tx.status === "final"),
    "exactly one spend is final",
  ).toHaveLength(1);
  expect(loser, "the other is rejected in the UI's wallet").toBeDefined();
  console.log(`conflict: the loser ${loser?.txid.slice(0, 12)}… is ${loser?.status_text}`);

  await onlyWalletLoaded(ui.name);
  await openWallet(page, ui.password);
  await goTo(page, "Transactions");
  const main = page.getByRole("main");
  await expect(statusChip(main, "Rejected")).toBeVisible({ timeout: 15_000 });
  await expect(statusChip(main, "Final").first()).toBeVisible();
  // The reason, in one sentence, is in the chip's name or beside it in the row.
  const rejectedName = (await statusChip(main, "Rejected").getAttribute("aria-label")) ?? "";
  const rowText = await statusChip(main, "Rejected")
    .locator("xpath=ancestor::*[@role='row' or self::li or self::tr][1]")
    .innerText()
    .catch(() => "");
  expect(`${rejectedName} ${rowText}`).toMatch(/conflict/i);
  await saveScreenshot(page, "rejected-double-spend");
});
