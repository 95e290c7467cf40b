// First run in the UI: creating a wallet (name, password twice, the words shown once, three of them typed
// back) ends on the Overview with its "Spendable balance"; restoring from the recovery words of a wallet
// made over RPC on another node brings its funded balance back. The network selector, in web mode, explains
// how to run on another network and keeps a wallet from being made on the wrong one.
import type { Page } from "@playwright/test";
import { rpc, walletName } from "./support/rpc.js";
import { expect, test } from "./support/test.js";
import {
  button,
  expectSpendable,
  openUi,
  proceedToOverview,
  saveScreenshot,
  spendableHeading,
} from "./support/ui.js";
import { createWallet, fund, onlyWalletLoaded, spendable, testPassword } from "./support/wallets.js";

/** Clicks "Continue" (the step's primary action) when the next field is not on screen yet. */
async function continueUnlessVisible(page: Page, next: string): Promise<void> {
  const field = page.getByLabel(next, { exact: true });
  if (!(await field.isVisible())) await button(page, "Continue").click();
  await expect(field).toBeVisible();
}

/** The words of the "Recovery words" grid, in order (numbers and punctuation dropped). */
async function shownWords(page: Page): Promise<string[]> {
  const grid = page
    .getByRole("list", { name: "Recovery words" })
    .or(page.getByRole("region", { name: "Recovery words" }));
  await expect(grid.first()).toBeVisible();
  const text = await grid.first().innerText();
  return text.split(/[^a-z]+/).filter((word) => word.length > 0);
}

test.describe("first run", () => {
  test("creates a wallet: name, password, words shown once, three confirmed, then the Overview", async ({
    page,
  }) => {
    await onlyWalletLoaded(null);
    const name = walletName("e2e-create");
    const password = testPassword();
    await openUi(page);
    await saveScreenshot(page, "first-run-1-welcome");
    await button(page, "Create a new wallet").click();

    await page.getByLabel("Wallet name", { exact: true }).fill(name);
    await continueUnlessVisible(page, "Password");
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password", { exact: true }).fill(password);
    await expect(
      page.getByText("There is no password recovery. Your 12 or 24 words are the only way back."),
    ).toBeVisible();
    await saveScreenshot(page, "first-run-2-password");
    await button(page, "Continue").click();

    const words = await shownWords(page);
    expect([12, 24]).toContain(words.length);
    await saveScreenshot(page, "first-run-3-words");
    await page.getByRole("checkbox", { name: "I wrote them down" }).check();
    await button(page, "Continue").click();

    const asked = page.getByLabel(/^Word \d+$/);
    await expect(asked.first()).toBeVisible();
    expect(await asked.count()).toBe(3);
    for (const field of await asked.all()) {
      const label =
        (await field.getAttribute("aria-label")) ??
        (await field.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? ""));
      const position = Number(/(\d+)/.exec(label)?.[1]);
      expect(position).toBeGreaterThanOrEqual(1);
      await field.fill(words[position - 1] as string);
    }
    await saveScreenshot(page, "first-run-4-confirm");
    await button(page, /^(Continue|Confirm)$/).click();

    // Done: the last step may offer "Open the wallet" before the Overview.
    await proceedToOverview(page, 20_000);
    await saveScreenshot(page, "first-run-5-overview");
    expect(await rpc<string[]>(1, "listwallets")).toContain(name);
    // The confirmed words are the wallet's own record, not this browser's: the node says so, and a
    // fresh browser context (no localStorage) shows no backup reminder either.
    const info = await rpc<{ backed_up: boolean }>(1, "getwalletinfo", { wallet_name: name });
    expect(info.backed_up).toBe(true);
    await expect(page.getByText("Back up your recovery words")).toHaveCount(0);
    const other = await page.context().browser()?.newContext();
    if (other === undefined) throw new Error("no browser to open a second context");
    try {
      const second = await other.newPage();
      await second.goto(page.url());
      await expect(spendableHeading(second)).toBeVisible({ timeout: 20_000 });
      await expect(second.getByText("Back up your recovery words")).toHaveCount(0);
    } finally {
      await other.close();
    }
  });

  test("offers the networks, and in web mode says how to run on another instead of making its wallet here", async ({
    page,
  }) => {
    await onlyWalletLoaded(null);
    await openUi(page);
    const selector = page.getByLabel("Network", { exact: true });
    await expect(selector).toHaveValue("devnet");
    await expect(page.getByText("A development network, such as the one npm start runs")).toBeVisible();
    await selector.selectOption("testnet");
    const note = page.getByRole("note");
    await expect(note).toContainText("This page belongs to a node running on Devnet");
    await expect(note).toContainText("timed --network testnet --ui");
    await expect(button(page, "Create a new wallet")).toBeDisabled();
    await expect(button(page, "Restore from recovery words")).toBeDisabled();
    await expect(button(page, "Switch to Testnet")).toHaveCount(0);
    await saveScreenshot(page, "first-run-0-other-network");
    await button(page, "Stay on Devnet").click();
    await expect(selector).toHaveValue("devnet");
    await expect(note).toHaveCount(0);
    await expect(button(page, "Create a new wallet")).toBeEnabled();
  });

  test("restores a wallet from its recovery words and shows its balance", async ({ page }) => {
    // The original lives on node 2; node 1 (the UI's) has never seen it.
    const original = await createWallet(2, "e2e-original");
    await fund(original, original.address, "42");
    expect(await spendable(original)).toBe("42");

    await onlyWalletLoaded(null);
    const name = walletName("e2e-restored");
    const password = testPassword();
    await openUi(page);
    await button(page, "Restore from recovery words").click();
    await expect(page.getByText(/asking for them is a scam/)).toBeVisible();
    await page.getByLabel("Recovery words", { exact: true }).fill(original.mnemonic);
    await expect(page.getByText(/The words check out/)).toBeVisible();
    await saveScreenshot(page, "restore-1-words");
    const nameField = page.getByLabel("Wallet name", { exact: true });
    if (!(await nameField.isVisible())) await button(page, "Continue").click();
    await nameField.fill(name);
    await continueUnlessVisible(page, "Password");
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password", { exact: true }).fill(password);
    await button(page, /^(Continue|Restore|Restore wallet)$/).click();

    await saveScreenshot(page, "restore-2-scan");
    // The restore scan shows its progress, then the Overview.
    await proceedToOverview(page, 60_000);
    await expectSpendable(page, "42", 30_000);
    await saveScreenshot(page, "restore-3-overview");
    expect(await spendable({ node: 1, name })).toBe("42");
    // Restored from its words: those are the backup, so no reminder.
    await expect(page.getByText("Back up your recovery words")).toHaveCount(0);
  });
});
