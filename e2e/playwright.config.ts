// The end-to-end run: Debian's Chromium (no browser download) drives the web UI of a real devnet that the
// global setup starts once for the whole run (four masternodes, node 1 serves the UI, 2 s blocks). One worker:
// the suites share that devnet and the machine's two cores.
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const E2E_DIR = import.meta.dirname;
// A failed test's "copy prompt" holds an ARIA snapshot of the page, which may show recovery words; off.
process.env.PLAYWRIGHT_NO_COPY_PROMPT = "1";

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
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    // Playwright's own failure screenshots and traces would record recovery words and typed passwords;
    // support/test.ts saves a failure screenshot with those fields masked instead.
    screenshot: "off",
    trace: "off",
    actionTimeout: 10_000,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
});
