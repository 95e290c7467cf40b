// What the UI bench records inside the page, installed as Playwright init scripts (they run before the
// app's own code and are not subject to the page's CSP): the wall-clock moment a Welcome or Overview
// heading first appears, and every main-thread long task (PerformanceObserver "longtask", tasks over 50 ms).
import type { Page } from "@playwright/test";

export interface LongTask {
  readonly startMs: number;
  readonly durationMs: number;
}

interface ProbeWindow {
  __interactiveAt?: number;
  __longTasks?: LongTask[];
}

/** Headings that mean the UI is interactive: the first-run Welcome or the wallet's Overview. */
const INTERACTIVE_HEADING = /^(Welcome to TIME Coin|Spendable balance)/;

export async function installProbes(page: Page): Promise<void> {
  await page.addInitScript((pattern: string) => {
    const w = window as unknown as ProbeWindow;
    const heading = new RegExp(pattern);
    w.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          w.__longTasks?.push({ startMs: entry.startTime, durationMs: entry.duration });
        }
      }).observe({ type: "longtask", buffered: true });
    } catch {
      // No long-task timing in this browser: the bench reports that the list is unavailable.
      w.__longTasks = undefined;
    }
    const check = () => {
      if (w.__interactiveAt !== undefined) return;
      for (const el of document.querySelectorAll("h1, h2, [role=heading]")) {
        const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
        if (heading.test(name)) {
          w.__interactiveAt = Date.now();
          return;
        }
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  }, INTERACTIVE_HEADING.source);
}

/** Date.now() in the page when the interactive heading appeared, waiting up to `timeoutMs`. */
export async function interactiveAt(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as ProbeWindow).__interactiveAt ?? null,
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/** The long tasks seen so far, or null when the browser has no long-task timing. */
export async function longTasks(page: Page): Promise<LongTask[] | null> {
  return page.evaluate(() => (window as unknown as ProbeWindow).__longTasks ?? null);
}
