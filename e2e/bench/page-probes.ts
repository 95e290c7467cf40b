// What the UI bench records inside the page, installed as Playwright init scripts (they run before the
// app's own code and are not subject to the page's CSP): the wall-clock moment a Welcome or Overview
// heading first appears, every main-thread long task (PerformanceObserver "longtask", tasks over 50 ms),
// and for the start-up breakdown when the app's socket opened and its first answer came (the WebSocket
// constructor is wrapped to add two listeners; the app's own use of it is unchanged).
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
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      window.__socketCreatedAt ??= Date.now();
      this.addEventListener("open", () => { window.__socketOpenAt ??= Date.now(); });
      this.addEventListener("message", () => { window.__firstMessageAt ??= Date.now(); });
    }
  };
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

/** Moments of the page's start, as epoch ms (Date.now() scale); a moment that did not happen is absent. */
export interface PageTimings {
  /** The navigation began (Chromium's fetchStart). */
  readonly fetchStart: number;
  /** index.html fully received. */
  readonly documentEnd: number;
  /** The last script or style of the first load received. */
  readonly assetsEnd: number;
  /** The module script ran (the document's DOMContentLoaded, which waits for module scripts). */
  readonly scriptsRun: number;
  readonly firstPaint?: number;
  readonly socketCreated?: number;
  readonly socketOpen?: number;
  readonly firstAnswer?: number;
  /** Every resource of the page with its duration (name without the origin), for the bytes it fetched. */
  readonly resources: readonly { readonly name: string; readonly ms: number; readonly bytes: number }[];
  /** Requests that were answered 4xx/5xx (e.g. a missing /favicon.ico). */
  readonly failed: readonly string[];
}

/** The in-page reader of the start moments, as source text (see PROBE_SOURCE for why not a function). */
const TIMINGS_SOURCE = `(() => {
  const origin = performance.timeOrigin;
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const firstLoad = resources.filter((r) => r.initiatorType === "script" || r.initiatorType === "link");
  const paint = performance.getEntriesByName("first-paint")[0];
  const out = {
    fetchStart: origin + nav.fetchStart,
    documentEnd: origin + nav.responseEnd,
    assetsEnd: origin + Math.max(nav.responseEnd, ...firstLoad.map((r) => r.responseEnd)),
    scriptsRun: origin + nav.domContentLoadedEventStart,
    resources: resources.map((r) => ({
      name: r.name.replace(location.origin, ""),
      ms: r.responseEnd - r.startTime,
      bytes: r.encodedBodySize,
    })),
  };
  if (paint !== undefined) out.firstPaint = origin + paint.startTime;
  if (window.__socketCreatedAt !== undefined) out.socketCreated = window.__socketCreatedAt;
  if (window.__socketOpenAt !== undefined) out.socketOpen = window.__socketOpenAt;
  if (window.__firstMessageAt !== undefined) out.firstAnswer = window.__firstMessageAt;
  return out;
})()`;

/** The page's start moments; `failed` is what watchFailedRequests collected. */
export async function pageTimings(page: Page, failed: readonly string[]): Promise<PageTimings> {
  const timings = (await page.evaluate(TIMINGS_SOURCE)) as Omit<PageTimings, "failed">;
  return { ...timings, failed: [...failed] };
}

/** Collects the page's failed requests (status >= 400) from now on, for pageTimings' `failed`. */
export function watchFailedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return failed;
}
