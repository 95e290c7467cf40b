// The end-to-end run: Debian's Chromium (no browser download) drives the web UI of a real devnet that the
// global setup starts once for the whole run (four masternodes, node 1 serves the UI, 2 s blocks). One worker:
// the suites share that devnet and the machine's two cores.
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const E2E_DIR = import.meta.dirname;

export default defineConfig({
  testDir: E2E_DIR,
  testMatch: "**/*.spec.ts",
  outputDir: join(E2E_DIR, "artifacts", "test-results"),
  globalSetup: join(E2E_DIR, "support", "global-setup.ts"),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // A test follows real finality and blocks; none should need more than this.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  globalTimeout: 9 * 60_000,
  reporter: [["list"], ["html", { outputFolder: join(E2E_DIR, "artifacts", "report"), open: "never" }]],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    actionTimeout: 10_000,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
});
