// The suites' `test`: Playwright's, plus a failure screenshot with every secret on screen masked (the
// recovery words grid and field, the "Word N" confirmations, password fields), saved beside the test's
// results. Playwright's own failure screenshots and traces are off because they cannot mask.
import { test as base } from "@playwright/test";
import { secretFields } from "./ui.js";

export { expect } from "@playwright/test";

export const test = base.extend<{ maskedFailureScreenshot: undefined }>({
  maskedFailureScreenshot: [
    async ({ page }, use, testInfo) => {
      await use(undefined);
      if (testInfo.status === testInfo.expectedStatus || page.isClosed()) return;
      const path = testInfo.outputPath("failure.png");
      try {
        await page.screenshot({ path, fullPage: true, mask: secretFields(page), timeout: 5_000 });
        await testInfo.attach("failure screenshot (secrets masked)", { path, contentType: "image/png" });
      } catch {
        // The page may be gone with the failure; the error itself is reported either way.
      }
    },
    { auto: true },
  ],
});
