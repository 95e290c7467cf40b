// A reload keeps the session: the page is in the hash and the node keeps the wallet open, so after a
// reload the same page shows the same wallet (no Welcome, no wallet chooser).

import { rpc } from "./support/rpc.js";
import { expect, test } from "./support/test.js";
import { button, goTo, openWallet, spendableHeading } from "./support/ui.js";
import { createWallet, onlyWalletLoaded } from "./support/wallets.js";

test("reload keeps the page and the open wallet", async ({ page }) => {
  const wallet = await createWallet(1, "e2e-reload");
  await onlyWalletLoaded(wallet.name);
  await openWallet(page, wallet.password);
  await goTo(page, "Receive");
  await expect(button(page, "Copy address")).toBeVisible();

  // From the first frame of the reload: a button saying "Unlock" (or a status saying "Locked") for this
  // unlocked wallet, even for one frame, would send a person to unlock what is open.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { lockStatesSeen: string[] }).lockStatesSeen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll("button, a")) {
        const text = el.textContent?.trim() ?? "";
        if ((text === "Unlock" || text === "Locked") && !seen.includes(text)) seen.push(text);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.reload();
  expect(new URL(page.url()).hash).toBe("#/receive");
  await expect(page.getByRole("link", { name: "Receive", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(button(page, "Copy address")).toBeVisible();
  await expect(button(page, "Create a new wallet")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Wallet" })).toHaveValue(wallet.name);
  // The wallet is still unlocked on the node, so the UI does not ask again, nor said otherwise meanwhile.
  await expect(button(page, "Lock")).toBeVisible();
  expect(
    await page.evaluate(() => (window as unknown as { lockStatesSeen: string[] }).lockStatesSeen),
  ).toEqual([]);
  // The Receive page shows one of this wallet's addresses.
  const addresses = (await rpc<{ address: string }[]>(1, "listaddresses", { wallet_name: wallet.name })).map(
    (a) => a.address,
  );
  const shown = await page.getByRole("main").innerText();
  expect(
    addresses.some((a) => shown.includes(a)),
    "an address of the wallet is shown",
  ).toBe(true);

  await goTo(page, "Overview");
  await page.reload();
  await expect(spendableHeading(page)).toBeVisible();
});
