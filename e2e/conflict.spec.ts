// A double spend shown as rejected with its reason. The UI's wallet on node 1 and a restored copy of it on
// node 3 spend the same single coin. So that node 1's spend is the one that loses (on a loopback devnet
// whichever node sends first is final in ~50 ms, before the other spend even arrives), node 1's network is
// switched off while it sends: its spend waits in its pool (25 % of the weight reachable), the copy's spend
// is final among the other three masternodes, and once node 1 is back it learns the winner and rejects its
// own. The Transactions page must show that row "Rejected" with the sentence why.

import { rpc, until, walletTx } from "./support/rpc.js";
import { expect, test } from "./support/test.js";
import { goTo, openWallet, saveScreenshot, statusChip } from "./support/ui.js";
import { createWallet, fund, onlyWalletLoaded, restoreWallet, spendable } from "./support/wallets.js";

async function setNetwork(node: number, on: boolean): Promise<void> {
  await rpc(node, "setnetworkactive", { state: on });
  await until(`node ${node}'s network ${on ? "back" : "off"}`, 30_000, async () => {
    const peers = await rpc<number>(node, "getconnectioncount");
    return (on ? peers >= 3 : peers === 0) ? true : null;
  });
}

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
  await onlyWalletLoaded(ui.name);
  await openWallet(page, ui.password);
  await rpc(3, "walletpassphrase", { passphrase: copy.password, timeout: 300, wallet_name: copy.name });

  let loser: string;
  try {
    await setNetwork(1, false);
    loser = await rpc<string>(1, "sendtoaddress", {
      address: payee.address,
      amount: "30",
      wallet_name: ui.name,
    });
    await goTo(page, "Transactions");
    await expect(
      statusChip(page.getByRole("main"), "Pending")
        .or(statusChip(page.getByRole("main"), "Voting"))
        .first(),
    ).toBeVisible();
    await saveScreenshot(page, "double-spend-1-waiting-offline");

    const winner = await rpc<string>(3, "sendtoaddress", {
      address: payee.address,
      amount: "40",
      wallet_name: copy.name,
    });
    const decided = await rpc<{ status: string }>(3, "waittransactionfinality", [winner, 20_000]);
    expect(decided.status, "the copy's spend is final among the three reachable masternodes").toBe("final");
  } finally {
    await setNetwork(1, true);
  }

  const rejected = await until("node 1's spend rejected in the UI's wallet", 30_000, async () => {
    const tx = await walletTx(1, ui.name, loser);
    return tx?.status === "rejected" ? tx : null;
  });
  console.log(`conflict: node 1's spend ${loser.slice(0, 12)}… is ${rejected.status_text}`);

  const main = page.getByRole("main");
  const chip = statusChip(main, "Rejected");
  await expect(chip).toBeVisible({ timeout: 15_000 });
  // The node's reason, in one sentence, is in the chip's name or beside it in its row.
  const reason = rejected.status_text.replace(/^rejected:\s*/i, "").replace(/[.\s]+$/, "");
  const chipName = (await chip.getAttribute("aria-label")) ?? "";
  const row = chip.locator("xpath=ancestor::*[@role='row' or self::li or self::tr][1]");
  const rowText = (await row.count()) > 0 ? await row.innerText() : "";
  expect(`${chipName} ${rowText}`.toLowerCase()).toContain(reason.toLowerCase());
  await saveScreenshot(page, "double-spend-2-rejected");
});
