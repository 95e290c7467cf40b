// Every page in both themes, for a person to look at: a funded wallet is opened, Settings switches the
// theme, and each page of the sidebar is saved as e2e/artifacts/screenshots/<theme>-<page>.png. The two
// themes must really differ (the page background changes).
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.js";
import { chooseTheme, goTo, openWallet, PAGE_NAMES, saveScreenshot } from "./support/ui.js";
import { createWallet, fund, onlyWalletLoaded } from "./support/wallets.js";

async function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

test("every page in the dark and the light theme", async ({ page }) => {
  test.setTimeout(120_000);
  const wallet = await createWallet(1, "e2e-screens");
  await fund(wallet, wallet.address, "250");
  await onlyWalletLoaded(wallet.name);
  await openWallet(page, wallet.password);

  const backgrounds: Record<string, string> = {};
  for (const theme of ["Dark", "Light"] as const) {
    await chooseTheme(page, theme);
    await page.waitForTimeout(200);
    backgrounds[theme] = await background(page);
    for (const name of PAGE_NAMES) {
      await goTo(page, name);
      await expect(page.getByRole("main")).not.toBeEmpty();
      await page.waitForTimeout(400); // let the page's first data arrive
      await saveScreenshot(page, `${theme.toLowerCase()}-${name.toLowerCase().replace(/\s+/g, "-")}`);
    }
  }
  expect(backgrounds.Dark, "the dark and light themes differ").not.toBe(backgrounds.Light);
});
