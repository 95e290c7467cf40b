// The Network page lists the UI node's peers (one row each: the three other masternodes) and the tip
// height it shows keeps growing with the 2 s blocks.

import { rpc } from "./support/rpc.js";
import { expect, test } from "./support/test.js";
import { goTo, openWallet, saveScreenshot } from "./support/ui.js";
import { createWallet, onlyWalletLoaded } from "./support/wallets.js";

/** The tip height the status bar shows ("#1,234 · 4 s ago"). */
async function shownHeight(page: import("@playwright/test").Page): Promise<number | null> {
  const text = await page.getByRole("status", { name: "Node status" }).innerText();
  const match = /#\s?([\d,\u202f]+)/.exec(text);
  return match === null ? null : Number((match[1] as string).replace(/[^\d]/g, ""));
}

test("the Network page shows the peers as rows and a growing height", async ({ page }) => {
  const wallet = await createWallet(1, "e2e-network");
  await onlyWalletLoaded(wallet.name);
  await openWallet(page, wallet.password);
  await goTo(page, "Network");

  const peers = await rpc<{ address: string }[]>(1, "getpeerinfo");
  expect(peers.length).toBeGreaterThanOrEqual(3);
  const table = page
    .getByRole("table", { name: /peers/i })
    .or(page.getByRole("region", { name: /peers/i }).getByRole("table"))
    .first();
  await expect(table).toBeVisible();
  // A header row plus one row per peer.
  await expect.poll(async () => (await table.getByRole("row").count()) - 1).toBeGreaterThanOrEqual(3);
  // Each peer's IP (from its multiaddr /ip4/<ip>/tcp/…) is in the table.
  for (const peer of peers)
    await expect(table).toContainText(/\/ip4\/([^/]+)/.exec(peer.address)?.[1] ?? peer.address);

  await expect.poll(() => shownHeight(page), { message: "the status bar shows a tip height" }).not.toBeNull();
  const first = (await shownHeight(page)) as number;
  await expect
    .poll(() => shownHeight(page), { message: "the height grows", timeout: 15_000 })
    .toBeGreaterThan(first);
  await saveScreenshot(page, "network-peers-and-charts");
});
