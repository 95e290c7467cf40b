// What the UI bench records inside the page, installed as Playwright init scripts (they run before the
// app's own code and are not subject to the page's CSP): the wall-clock moment a Welcome or Overview
// heading first appears, and every main-thread long task (PerformanceObserver "longtask", tasks over 50 ms).
import type { Page } from "@playwright/test";

export interface LongTask {
  readonly startMs: number;
  readonly durationMs: number;
}

/** Headings that mean the UI is interactive: the first-run Welcome or the wallet's Overview. */
const INTERACTIVE_HEADING = /^(Welcome to TIME Coin|Spendable balance)/;

/**
 * The in-page recorder, as source text: a function handed to addInitScript would be serialized after the
 * TypeScript loader's transform, which may add helper calls (esbuild's __name) that do not exist in a page.
 */
const PROBE_SOURCE = `(() => {
  const heading = new RegExp(${JSON.stringify(INTERACTIVE_HEADING.source)});
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch {
    window.__longTasks = undefined;
  }
  const check = () => {
    if (window.__interactiveAt !== undefined) return;
    for (const el of document.querySelectorAll("h1, h2, [role=heading]")) {
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
      if (heading.test(name)) {
        window.__interactiveAt = Date.now();
        return;
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

export async function installProbes(page: Page): Promise<void> {
  await page.addInitScript({ content: PROBE_SOURCE });
}

/**
 * Date.now() in the page when the interactive heading appeared, waiting up to `timeoutMs`. Polled from
 * here: waitForFunction's in-page polling evaluates source text, which the page's CSP (rightly) refuses.
 * The figure is the page's own timestamp, so the poll interval does not enter it.
 */
export async function interactiveAt(page: Page, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const at = await page.evaluate(
      () => (window as unknown as { __interactiveAt?: number }).__interactiveAt ?? null,
    );
    if (at !== null) return at;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no Welcome or Overview heading within ${timeoutMs} ms`);
}

/** The long tasks seen so far, or null when the browser has no long-task timing. */
export async function longTasks(page: Page): Promise<LongTask[] | null> {
  return page.evaluate(() => (window as unknown as { __longTasks?: LongTask[] }).__longTasks ?? null);
}
