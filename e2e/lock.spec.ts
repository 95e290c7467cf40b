// Locking: the "Lock" button locks the wallet (the node agrees), "Unlock" with the password opens it again;
// with the shortest auto-lock timeout chosen in Settings, an idle UI locks itself. The page's clock is
// fast-forwarded past the timeout (Playwright's clock), so the UI's own idle timer is what locks.
import type { Page } from "@playwright/test";
import { rpc } from "./support/rpc.js";
import { expect, test } from "./support/test.js";
import { button, goTo, openWallet, saveScreenshot, unlock } from "./support/ui.js";
import { createWallet, onlyWalletLoaded } from "./support/wallets.js";

async function nodeSaysLocked(wallet: string): Promise<boolean> {
  return (await rpc<{ locked: boolean }>(1, "getwalletinfo", { wallet_name: wallet })).locked;
}

/** An auto-lock option's length in ms from its label ("1 minute", "30 seconds", "1 hour"), null for never. */
function optionMs(label: string): number | null {
  const match = /(\d+)\s*(second|sec|s\b|minute|min|m\b|hour|h\b)/i.exec(label);
  if (match === null) return null;
  const n = Number(match[1]);
  const unit = (match[2] as string).toLowerCase();
  if (unit.startsWith("s")) return n * 1_000;
  if (unit.startsWith("h")) return n * 3_600_000;
  return n * 60_000;
}

async function chooseShortestAutoLock(page: Page): Promise<number> {
  const select = page.getByLabel(/^Auto-lock/);
  // allInnerTexts does not wait: the Settings page is its own chunk and may still be loading.
  await expect(select).toBeVisible();
  const labels = await select.locator("option").allInnerTexts();
  const timed = labels.flatMap((label) => {
    const ms = optionMs(label);
    return ms === null ? [] : [{ label, ms }];
  });
  expect(timed.length, `auto-lock options with a time (${labels.join(", ")})`).toBeGreaterThan(0);
  const shortest = timed.reduce((a, b) => (b.ms < a.ms ? b : a));
  await select.selectOption({ label: shortest.label });
  return shortest.ms;
}

test("Lock locks the wallet and Unlock with the password opens it", async ({ page }) => {
  const wallet = await createWallet(1, "e2e-lock");
  await onlyWalletLoaded(wallet.name);
  await openWallet(page, wallet.password);
  expect(await nodeSaysLocked(wallet.name)).toBe(false);

  await button(page, "Lock").click();
  await expect(button(page, "Unlock").first()).toBeVisible();
  await expect.poll(() => nodeSaysLocked(wallet.name)).toBe(true);
  await saveScreenshot(page, "locked");

  // A wrong password is refused with a readable sentence and leaves it locked.
  const field = page.getByLabel("Password", { exact: true });
  if (!(await field.isVisible())) await button(page, "Unlock").first().click();
  await field.fill("not the password");
  await button(page, "Unlock").last().click();
  await expect(page.getByText(/password is not right/i)).toBeVisible();
  expect(await nodeSaysLocked(wallet.name)).toBe(true);

  await unlock(page, wallet.password);
  await expect.poll(() => nodeSaysLocked(wallet.name)).toBe(false);
});

test("auto-lock: with the shortest timeout set in Settings, an idle UI locks itself", async ({ page }) => {
  const wallet = await createWallet(1, "e2e-autolock");
  await onlyWalletLoaded(wallet.name);
  await page.clock.install();
  await openWallet(page, wallet.password);
  await goTo(page, "Settings");
  const timeoutMs = await chooseShortestAutoLock(page);
  await goTo(page, "Overview");
  await expect(button(page, "Lock")).toBeVisible();

  // Idle (no input) for longer than the timeout.
  await page.clock.fastForward(timeoutMs + 5_000);
  await expect(button(page, "Unlock").first()).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => nodeSaysLocked(wallet.name)).toBe(true);
  console.log(`auto-lock: locked after the shortest timeout (${timeoutMs / 1000} s of idle page time)`);
});
