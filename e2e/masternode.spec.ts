// A masternode from the UI to "active", end to end. The UI is a plain node this suite starts beside the
// devnet (support/plain-node.ts: no operator key, so it can run a new masternode; the devnet's nodes each
// run a genesis one). On a funded wallet there: the wizard (Bronze → the collateral sent to the wallet
// itself, Continue pressed over and over until the coin is final → operator key → network address →
// review → register, in a block), then "Start on this node" (masternodestart restarts the node
// in-process; the page reconnects) and the status "Active" in the UI and over RPC, then its first
// rewards listed and charted, each step's time printed. Then its payout is changed from its card
// (checked, confirmed, followed into a block).
import type { Page } from "@playwright/test";
import { type PlainNode, startPlainNode } from "./support/plain-node.js";
import { rpc, until } from "./support/rpc.js";
import { expect, test } from "./support/test.js";
import { button, goTo, openWallet, saveScreenshot } from "./support/ui.js";
import { createWallet, fund, onlyWalletLoaded, type TestWallet } from "./support/wallets.js";

test.describe.configure({ mode: "serial" });

interface MasternodeInfo {
  readonly label: string;
  readonly tier: string;
  readonly registered: boolean;
  readonly active: boolean;
  readonly running_here: boolean;
  readonly payout_address?: string;
  readonly network_address?: string;
  readonly reason: string | null;
}

const LABEL = "e2e-bronze";

/** Clicks the step's forward action ("Continue", or the step's own verb). */
async function next(page: Page, step: number, name: RegExp = /^(Continue|Next)$/): Promise<void> {
  await saveScreenshot(page, `masternode-wizard-${step}`);
  await button(page, name).click();
}

let plain: PlainNode | null = null;
/** The wallet of the first test, whose masternode the second one changes. */
let setUp: TestWallet | null = null;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  plain = await startPlainNode();
});

test.afterAll(async () => {
  await plain?.stop();
  plain = null;
});

test("a Bronze masternode set up in the UI of a plain node becomes active", async ({ page }) => {
  test.setTimeout(240_000);
  const node = plain;
  if (node === null) throw new Error("the plain node did not start");
  const times: string[] = [];
  let mark = performance.now();
  const done = (what: string) => {
    const now = performance.now();
    times.push(`${what} ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };
  const mine = async () =>
    (await rpc<MasternodeInfo[]>(node.node, "masternodeinfo", { wallet_name: wallet.name })).find(
      (m) => m.label === LABEL,
    ) ?? null;

  const wallet = await createWallet(node.node, "e2e-masternode");
  await fund(wallet, wallet.address, "1200");
  await onlyWalletLoaded(wallet.name, node.node);
  await openWallet(page, wallet.password, node.uiUrl);
  await goTo(page, "Masternodes");
  await button(page, "Set up a masternode").click();
  done("wallet funded and open:");

  // Tier: Bronze, its collateral and weight as the node's masternodetiers reports them.
  const tiers = await rpc<{ tier: string; collateral: string; weight: number }[]>(
    node.node,
    "masternodetiers",
  );
  const bronzeTier = tiers.find((t) => t.tier === "bronze");
  expect(bronzeTier?.collateral).toBe("1000");
  const bronze = page.getByRole("radio", { name: /Bronze/ });
  await bronze.check();
  await expect(page.getByRole("main")).toContainText(
    new RegExp(`1[,\u202f]?000 TIME collateral, voting weight ${bronzeTier?.weight}`),
  );
  await next(page, 1);

  // Collateral: the exact amount sent to the wallet itself. Continue is pressed over and over while it
  // goes final (the race of a late send reply taking the found coin back must not leave the review empty).
  await saveScreenshot(page, "masternode-wizard-2-collateral");
  await button(page, /^Send .* to myself$/).click();
  const operatorName = page.getByLabel("Masternode name", { exact: true });
  await expect(async () => {
    await button(page, "Continue").click();
    await expect(operatorName).toBeVisible({ timeout: 250 });
  }).toPass({ timeout: 40_000, intervals: [50] });
  done("collateral final (Continue hammered):");

  // Operator key (generated at registration, named here), network address, review, register.
  await operatorName.fill(LABEL);
  await next(page, 3);
  await page.getByLabel("Network address", { exact: true }).fill(node.listen);
  await next(page, 4);
  // The review names the address and has the coin to register.
  await expect(page.getByRole("main")).toContainText(node.listen);
  await next(page, 5, /^Register$/);
  const registered = await until("the masternode registered in a block", 60_000, async () => {
    const m = await mine();
    return m?.registered === true ? m : null;
  });
  expect(registered.tier).toBe("bronze");
  expect(registered.network_address).toBe(node.listen);
  const balances = await rpc<{ locked: string }>(node.node, "getbalances", { wallet_name: wallet.name });
  expect(balances.locked).toBe("1000");
  expect(registered.active).toBe(false);
  done("registered in a block:");

  // Registered, not running anywhere: the card says so and why.
  const card = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: new RegExp(LABEL) }) });
  await expect(card).toContainText("Missing heartbeats", { timeout: 20_000 });
  await expect(card).toContainText(/Start it on this node/);
  await saveScreenshot(page, "masternode-wizard-6-status");

  // Start on this node: the node restarts in-process as the masternode; the page reconnects by itself.
  await button(card, "Start on this node").click();
  await button(card, "Restart as this masternode").click();
  await expect(page.getByRole("main")).toContainText(/restarting as e2e-bronze/, { timeout: 30_000 });
  // The restarted node takes the wallet over as it was, loaded and unlocked: the page reconnects to the
  // same wallet, with no Welcome and no password asked again.
  // running_here is true only in the restarted node (it runs the key), and masternodeinfo needs the
  // wallet loaded there.
  await until("the restarted node runs the masternode, with the wallet loaded", 60_000, async () => {
    const m = await mine().catch(() => null);
    return m?.running_here === true ? m : null;
  });
  const after = await rpc<{ unlocked_until: number }>(node.node, "getwalletinfo", {
    wallet_name: wallet.name,
  });
  expect(after.unlocked_until, "still unlocked after the restart").toBeGreaterThan(Date.now() / 1000);
  await expect(button(page, "Lock")).toBeVisible({ timeout: 30_000 });
  await expect(button(page, `Open ${wallet.name}`)).toHaveCount(0);
  done("node restarted, page reconnected, wallet still unlocked:");
  await goTo(page, "Masternodes");
  await expect(card.getByText("Active", { exact: true })).toBeVisible({ timeout: 120_000 });
  done("active in the UI after Start:");
  const active = await until("masternodeinfo active", 30_000, async () => {
    const m = await mine();
    return m?.active === true ? m : null;
  });
  expect(active.running_here).toBe(true);
  await expect(card).toContainText("Runs on this node");
  await saveScreenshot(page, "masternode-7-active");
  // Its rewards, once a block pays it: the wallet's reward transactions whose outputs pay its payout
  // address, charted per run of blocks and listed with their blocks.
  const chart = card.getByRole("img", { name: new RegExp(`^Rewards of ${LABEL}: `) });
  await expect(chart).toBeVisible({ timeout: 60_000 });
  await expect(card.getByRole("link", { name: /^at block #/ }).first()).toBeVisible();
  done("first reward shown:");
  await chart.scrollIntoViewIfNeeded();
  await saveScreenshot(page, "masternode-8-rewards");
  console.log(`masternode: ${times.join("; ")}`);
  setUp = wallet;
});

test("the masternode's payout is changed from its card and followed into a block", async ({ page }) => {
  // After the Start: the payout of a masternode that runs (a change right after the registration's block,
  // before the Start, was once reported refused; on 2026-12-04 it went final in 138 ms and into the next
  // block by RPC, so that report no longer holds).
  test.setTimeout(90_000);
  const node = plain;
  const wallet = setUp;
  if (node === null || wallet === null) throw new Error("the masternode test did not finish");
  const mine = async () =>
    (await rpc<MasternodeInfo[]>(node.node, "masternodeinfo", { wallet_name: wallet.name })).find(
      (m) => m.label === LABEL,
    ) ?? null;
  const before = await mine();
  await openWallet(page, wallet.password, node.uiUrl);
  await goTo(page, "Masternodes");
  const card = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: new RegExp(LABEL) }) });
  const started = performance.now();

  // A new address of the wallet, checked by the node (a typo refused first), confirmed, then followed.
  const payout = await rpc<string>(node.node, "getnewaddress", { wallet_name: wallet.name });
  expect(payout).not.toBe(before?.payout_address);
  await button(card, "Change payout").click();
  const payoutField = card.getByLabel("New payout address", { exact: true });
  await payoutField.fill(`${payout.slice(0, -1)}${payout.endsWith("x") ? "y" : "x"}`);
  await button(card, "Check the address").click();
  await expect(card).toContainText("This is not a valid address");
  await payoutField.fill(payout);
  await button(card, "Check the address").click();
  await saveScreenshot(page, "masternode-payout-1-confirm");
  await button(card, "Change the payout address").click();
  // Settled either way (in a block, or rejected with the node's reason); it must be in a block. A refusal
  // at this node ("did not go through") fails at once, with the node's reason and the wallet's coins.
  const settled = card.getByText(/^(In a block|The network rejected)/);
  const refused = card.getByText("The payout change did not go through.");
  await expect(settled.or(refused)).toBeVisible({ timeout: 40_000 });
  if (await refused.isVisible()) {
    const why = await card.getByRole("alert").textContent();
    const coins = await rpc<unknown[]>(node.node, "listunspent", { wallet_name: wallet.name });
    throw new Error(
      `the node refused the payout change: ${why}; the wallet's coins: ${JSON.stringify(coins)}`,
    );
  }
  await saveScreenshot(page, "masternode-payout-2-settled");
  await expect(settled).toHaveText(/^In a block/);
  await until("masternodeinfo shows the new payout address", 20_000, async () =>
    (await mine())?.payout_address === payout ? true : null,
  );
  await button(card, "Close").click();
  console.log(
    `masternode: payout changed, in a block, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
});
