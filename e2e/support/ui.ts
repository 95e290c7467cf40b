// Driving the web UI the way a person does, by the accessible names of /work/shared/UI.md (roles, labels,
// button and link names; never CSS classes): open the UI with its launch token, unlock, go to a page, read
// a transaction's status chip, save a screenshot under e2e/artifacts/screenshots/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import { amountsIn, toUnits } from "./amounts.js";
import { SCREENSHOTS_DIR } from "./paths.js";
import { runInfo } from "./run-info.js";

export const PAGE_NAMES = [
  "Overview",
  "Send",
  "Receive",
  "Transactions",
  "Coins",
  "Address book",
  "Masternodes",
  "Network",
  "Console",
  "Settings",
] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/**
 * Opens the UI node's URL (the token becomes the session cookie) and waits for the app to render; `uiUrl`
 * is another node's UI (a plain node a test started).
 */
export async function openUi(page: Page, hash = "", uiUrl = runInfo().uiUrl): Promise<void> {
  await page.goto(`${uiUrl}${hash}`);
  await expect(page.locator("#root")).not.toBeEmpty();
}

export function spendableHeading(page: Page): Locator {
  return page.getByRole("heading", { name: "Spendable balance" });
}

export function button(scope: Page | Locator, name: string | RegExp): Locator {
  return scope.getByRole("button", { name, exact: typeof name === "string" });
}

/** The sidebar's page link. */
export async function goTo(page: Page, name: PageName): Promise<void> {
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
}

/**
 * Unlocks the open wallet with `password`: the password field of the lock screen or of the dialog the
 * "Unlock" button opens; done when the "Lock" button is there.
 */
export async function unlock(page: Page, password: string): Promise<void> {
  const field = page.getByLabel("Password", { exact: true });
  if (!(await field.isVisible())) await button(page, "Unlock").first().click();
  await field.fill(password);
  await button(page, "Unlock").last().click();
  await expect(button(page, "Lock")).toBeVisible();
}

/** Opens the UI on the (only loaded) wallet, unlocked, at the Overview. */
export async function openWallet(page: Page, password: string, uiUrl = runInfo().uiUrl): Promise<void> {
  await openUi(page, "#/overview", uiUrl);
  await expect(button(page, "Lock").or(button(page, "Unlock")).first()).toBeVisible({ timeout: 20_000 });
  if (!(await button(page, "Lock").isVisible())) await unlock(page, password);
  await expect(spendableHeading(page)).toBeVisible();
}

/** A transaction status chip whose accessible name starts with `state`. */
export function statusChip(
  scope: Page | Locator,
  state: "Final" | "Voting" | "Pending" | "Rejected" | "In block",
) {
  return scope.getByRole("status", { name: new RegExp(`^${state}`) });
}

/** The balance card: the nearest ancestor of the "Spendable balance" heading that holds a figure. */
export function balanceCard(page: Page): Locator {
  return spendableHeading(page).locator(
    "xpath=ancestor::*[translate(normalize-space(.), '0123456789', '') != normalize-space(.)][1]",
  );
}

/** Waits until the balance card shows `amount` TIME. */
export async function expectSpendable(page: Page, amount: string, timeout = 20_000): Promise<void> {
  const want = toUnits(amount);
  await expect
    // The big figure is the first amount after the heading (pending, locked and immature come below it).
    .poll(async () => amountsIn(await balanceCard(page).innerText())[0] === want, {
      message: `the Spendable balance shows ${amount} TIME`,
      timeout,
    })
    .toBe(true);
}

/** Whatever on screen may show a secret: the recovery words (grid, field, confirmations), passwords. */
export function secretFields(page: Page): Locator[] {
  return [
    page.getByRole("list", { name: "Recovery words" }),
    page.getByRole("region", { name: "Recovery words" }),
    page.getByLabel("Recovery words"),
    page.getByLabel(/^Word \d+$/),
    page.getByLabel(/password/i),
  ];
}

/** Saves a full-page screenshot as e2e/artifacts/screenshots/<name>.png, secrets masked. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, mask: secretFields(page), animations: "disabled" });
  return path;
}

/**
 * Picks a theme in Settings: the "Theme" group holds one control per theme (toggle buttons, radios or a
 * select), named "Dark" and "Light"; done when that one is pressed/checked/selected.
 */
export async function chooseTheme(page: Page, theme: "Dark" | "Light"): Promise<void> {
  await goTo(page, "Settings");
  const group = page.getByRole("group", { name: "Theme" });
  const select = page.getByRole("combobox", { name: "Theme" });
  if (await select.isVisible()) {
    await select.selectOption({ label: theme });
    return;
  }
  const radio = group.getByRole("radio", { name: theme, exact: true });
  if ((await radio.count()) > 0) {
    await radio.check();
    return;
  }
  const toggle = group.getByRole("button", { name: theme, exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
}

/**
 * Steps through the end of a create or restore flow ("Continue" after the scan, "Open the wallet") until
 * the Overview's "Spendable balance" shows.
 */
export async function proceedToOverview(page: Page, timeoutMs: number): Promise<void> {
  const forward = button(page, /^(Continue|Open the wallet)$/).first();
  await expect(async () => {
    if (!(await spendableHeading(page).isVisible())) {
      if ((await forward.isVisible()) && (await forward.isEnabled())) await forward.click();
      await expect(spendableHeading(page)).toBeVisible({ timeout: 1_000 });
    }
  }).toPass({ timeout: timeoutMs });
}
